import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { GateError } from '../../core/gate-error.ts';
import { CRITERIA, type CriterionId } from '../../core/catalog.ts';
import { stableHash } from '../../core/canonical-hash.ts';
import { DEFAULT_POLICY, ZERO_DOWNTIME_OBJECTIVE } from './default-policy.ts';

/**
 * The decision policy: how much each criterion counts and the graded objectives (Keptn style:
 * within `pass` = ok, within `warn` = CONDITIONAL, beyond `warn` = blocking). Data only; `decide` applies it.
 */

const CRITERION_IDS = Object.keys(CRITERIA) as [CriterionId, ...CriterionId[]];
const criterionId = z.enum(CRITERION_IDS, { error: `expected a criterion id: ${CRITERION_IDS.join(', ')}` });
/** enforce: counts fully; warn: a NO-GO hit becomes CONDITIONAL; report: recorded in decision.json, no effect. */
export const modeSchema = z.enum(['enforce', 'warn', 'report'], { error: 'expected enforce, warn or report' });
export type Mode = z.infer<typeof modeSchema>;

/** A criterion an objective hits must be a NO-GO or CONDITIONAL condition, never a GO one. */
const hitCriterion = criterionId.refine((id) => CRITERIA[id].kind !== 'GO', {
  error: 'expected a NO-GO or CONDITIONAL criterion (a GO criterion cannot be "hit")',
});

const objectiveSchema = z
  .strictObject({
    /** Limit for ok; between `pass` and `warn` is a CONDITIONAL finding. */
    pass: z.number().finite(),
    /** Limit for CONDITIONAL; beyond it is blocking. */
    warn: z.number().finite(),
    direction: z.enum(['lower-is-better', 'higher-is-better']).default('lower-is-better'),
    /** Display only: the unit the measurement is expected in. */
    unit: z.string().optional(),
    /** Criterion hit between pass and warn. */
    onWarn: hitCriterion.default('performance-slightly-outside'),
    /** Criterion hit beyond warn. */
    onFail: hitCriterion.default('performance-significantly-degraded'),
    /** Overrides the mode of the criterion it hits, for this objective only. */
    mode: modeSchema.optional(),
  })
  .refine((o) => (o.direction === 'lower-is-better' ? o.pass <= o.warn : o.pass >= o.warn), {
    error: 'pass must be within warn: pass <= warn when lower is better, pass >= warn when higher is better',
  });

const escalationLevel = z.strictObject({
  team: z.string().min(1),
  responseMinutes: z.number().int().positive(),
  contact: z.string().min(1).optional(),
  channel: z.string().min(1).optional(),
});

/** Measurement-name patterns: dotted names where `*` stands for one or more characters. */
const objectivePattern = z.string().regex(/^[\w.*-]+$/, 'expected a dotted measurement name, `*` as wildcard');

/** Zero downtime: report (recorded only), warn (an outage is CONDITIONAL), block (an outage is NO-GO). */
export const zeroDowntimeSchema = z.enum(['report', 'warn', 'block'], { error: 'expected report, warn or block' });
export type ZeroDowntime = z.infer<typeof zeroDowntimeSchema>;
const ZERO_DOWNTIME_MODES: Readonly<Record<ZeroDowntime, Mode>> = { report: 'report', warn: 'warn', block: 'enforce' };

export const policySchema = z.strictObject({
  criteria: z.partialRecord(criterionId, modeSchema),
  objectives: z.record(objectivePattern, objectiveSchema),
  escalation: z.strictObject({ L1: escalationLevel, L2: escalationLevel, L3: escalationLevel }),
  /** Sets the mode of the `*.downtime.longest` objective, unless that objective sets its own. */
  zeroDowntime: zeroDowntimeSchema,
  successRate: z.strictObject({
    /** Percent of GO decisions required over the window (runbook: > 95 %). */
    threshold: z.number().min(0).max(100),
    /** Number of most recent decisions, this one included. */
    window: z.number().int().min(1).max(10_000),
  }),
});

export type Policy = z.infer<typeof policySchema>;

/** Run-time overrides of policy keys (environment variables), applied over the policy file. */
export interface PolicyOverrides {
  /** STAGING_ZERO_DOWNTIME */
  zeroDowntime?: ZeroDowntime;
}
export type Objective = z.infer<typeof objectiveSchema>;
export type EscalationLevel = keyof Policy['escalation'];

export class PolicyError extends GateError {
  override name = 'PolicyError';
}

/** The runbook defaults, validated (so a bad edit of the defaults fails loudly in unit tests). */
export function defaultPolicy(): Policy {
  return applyZeroDowntime(policySchema.parse(DEFAULT_POLICY));
}

/** The knob becomes the zero-downtime objective's mode; an explicit `mode` on that objective wins. */
function applyZeroDowntime(policy: Policy): Policy {
  const objective = policy.objectives[ZERO_DOWNTIME_OBJECTIVE];
  if (!objective || objective.mode) return policy;
  const mode = ZERO_DOWNTIME_MODES[policy.zeroDowntime];
  return { ...policy, objectives: { ...policy.objectives, [ZERO_DOWNTIME_OBJECTIVE]: { ...objective, mode } } };
}

/**
 * Merges an override (parsed JSON) over the defaults and validates the result.
 * Objects merge key by key; `null` removes a key (e.g. an objective); anything else replaces.
 */
export function resolvePolicy(override: unknown, source = 'policy override'): Policy {
  if (override !== undefined && !isPlainObject(override)) {
    throw new PolicyError(`Invalid staging-gate policy in ${source}: expected a JSON object at the top level.`);
  }
  const merged = override === undefined ? DEFAULT_POLICY : deepMerge(DEFAULT_POLICY, override);
  const parsed = policySchema.safeParse(merged);
  if (!parsed.success) {
    throw new PolicyError(
      [
        `Invalid staging-gate policy in ${source}:`,
        z.prettifyError(parsed.error),
        'Fix these keys, or remove them to use the runbook defaults (see reporters/decision/default-policy.ts).',
      ].join('\n'),
    );
  }
  return applyZeroDowntime(parsed.data);
}

/** Reads a JSON policy file (or none: the defaults). Throws a PolicyError that says what to fix. */
export function loadPolicy(
  file?: string,
  overrides: PolicyOverrides = {},
): { policy: Policy; source: string; hash: string } {
  const { zeroDowntime } = overrides;
  const set = zeroDowntime ? { zeroDowntime } : {};
  const by = zeroDowntime ? ` + zeroDowntime=${zeroDowntime}` : '';
  if (!file) {
    const policy = resolvePolicy(set, 'runbook defaults');
    return { policy, source: `runbook defaults${by}`, hash: policyHash(policy) };
  }
  if (!existsSync(file)) {
    throw new PolicyError(
      `No policy file at ${file}. Pass an existing JSON file with --policy or STAGING_POLICY_FILE, or unset it to use the runbook defaults.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PolicyError(`Invalid staging-gate policy in ${file}: not valid JSON (${(error as Error).message}).`);
  }
  const policy = resolvePolicy(isPlainObject(json) ? { ...json, ...set } : json, file);
  return { policy, source: `${file}${by}`, hash: policyHash(policy) };
}

/** Stable identity of the effective policy: the same rules always give the same hash. */
export function policyHash(policy: Policy): string {
  return stableHash(policy);
}

/** Effective mode of a criterion hit; an objective's own mode wins over the criterion's. */
export function modeOf(policy: Policy, criterion: CriterionId, objective?: Objective): Mode {
  return objective?.mode ?? policy.criteria[criterion] ?? 'enforce';
}

/**
 * The objective for a measurement name: an exact pattern wins, then the pattern with the most
 * literal characters (so `perf.*.p95.vs-baseline` beats a broader `perf.*`). Null when none applies.
 */
export function findObjective(policy: Policy, name: string): { pattern: string; objective: Objective } | null {
  return objectiveFinder(policy)(name);
}

/**
 * findObjective for many names against one policy: the wildcard patterns are compiled and ordered
 * once (most literal characters first, then by name: the first that matches is the one findObjective
 * picks), and each distinct name is looked up once. Build one per decision: it snapshots the policy.
 */
export function objectiveFinder(policy: Policy): (name: string) => { pattern: string; objective: Objective } | null {
  const wildcards = Object.entries(policy.objectives)
    .filter(([pattern]) => pattern.includes('*'))
    .sort(([a], [b]) => literalLength(b) - literalLength(a) || (a < b ? -1 : 1))
    .map(([pattern, objective]) => ({ pattern, objective, re: patternRegExp(pattern) }));
  const memo = new Map<string, { pattern: string; objective: Objective } | null>();
  return (name) => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const exact = policy.objectives[name];
    const best = exact ? null : wildcards.find((w) => w.re.test(name));
    const found = exact
      ? { pattern: name, objective: exact }
      : best
        ? { pattern: best.pattern, objective: best.objective }
        : null;
    memo.set(name, found);
    return found;
  };
}

export function patternRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\-]/g, '\\$&'))
    .join('.+');
  return new RegExp(`^${body}$`);
}

function literalLength(pattern: string): number {
  return pattern.replaceAll('*', '').length;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function deepMerge(base: unknown, override: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete out[key];
    else if (isPlainObject(value) && isPlainObject(out[key])) out[key] = deepMerge(out[key], value);
    else out[key] = value;
  }
  return out;
}
