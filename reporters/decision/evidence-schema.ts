import { FAILURE_KINDS } from '../../core/gate-error.ts';
import { z } from 'zod';
import { CRITERIA, PHASE_IDS, type CriterionId, type PhaseId } from '../../core/catalog.ts';
import { EVIDENCE_SCHEMA_VERSION, type Evidence } from '../../core/evidence.ts';

/** evidence.json read back (by `npm run decide`): validated, so a damaged file is a clear error, not a crash. */

const criterionId = z.enum(Object.keys(CRITERIA) as [CriterionId, ...CriterionId[]]);
const phaseId = z.enum(PHASE_IDS as [PhaseId, ...PhaseId[]]);
const unit = z.enum(['ms', 's', 'ratio', 'count', 'rate', 'req/s', 'percent']);

const measurement = z.object({
  name: z.string(),
  value: z.number(),
  unit,
  samples: z.number().int().nonnegative().optional(),
});

const finding = z.object({
  criterion: criterionId,
  severity: z.enum(['info', 'minor', 'major', 'critical']),
  message: z.string(),
  measured: z.string().optional(),
  threshold: z.string().optional(),
});

const check = z.object({
  id: z.string(),
  title: z.string(),
  phase: z.union([phaseId, z.literal('teardown'), z.literal('unknown')]),
  criterion: criterionId.nullable(),
  status: z.enum(['passed', 'failed', 'timedOut', 'interrupted', 'skipped', 'did-not-run']),
  flaky: z.boolean(),
  durationMs: z.number(),
  error: z.string().optional(),
  measurements: z.array(measurement),
  findings: z.array(finding),
  location: z.string().optional(),
  project: z.string().optional(),
  attempts: z.number().int().optional(),
  outage: z.object({ request: z.string(), health: z.string(), recoveredAfterMs: z.number().nullable() }).optional(),
  consequenceOf: z.string().optional(),
  failureKind: z.enum(FAILURE_KINDS).optional(),
  skipReason: z.string().optional(),
});

export const evidenceSchema = z.object({
  schemaVersion: z.literal(EVIDENCE_SCHEMA_VERSION),
  run: z.object({
    id: z.string(),
    startedAt: z.string(),
    finishedAt: z.string(),
    target: z.enum(['reference', 'compose', 'external']),
    runnerStatus: z.string(),
    selectedPhases: z.array(phaseId),
    candidateVersion: z.string().optional(),
    commit: z.string().optional(),
    shard: z.string().optional(),
    profile: z.object({ name: z.string(), file: z.string(), hash: z.string() }).optional(),
  }),
  globalErrors: z.array(z.string()),
  configIssues: z.array(z.object({ variable: z.string(), message: z.string() })),
  checks: z.array(check),
});

/** Parses evidence.json text; throws an Error whose message says what is wrong. */
export function parseEvidence(text: string, source: string): Evidence {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON (${(error as Error).message})`);
  }
  const parsed = evidenceSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `${source} is not staging-gate evidence (schema ${EVIDENCE_SCHEMA_VERSION}):\n${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}
