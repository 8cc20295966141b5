import { CRITERIA, type CriterionId, type Verdict } from '../../core/catalog.ts';
import {
  didNotRunReasons,
  failureReasons,
  findingReasons,
  flakyReasons,
  measurementReasons,
  outageReasons,
  runReasons,
} from './check-reasons.ts';
import { escalationFor } from './classify.ts';
import { canonicalHash } from './evidence-hash.ts';
import { DECISION_SCHEMA_VERSION, type Decision, type Evidence, type Reason } from '../../core/evidence.ts';
import { keyMeasurements } from './key-measurements.ts';
import { completeness, completenessReasons, evidenced, indexChecks, ledgerReasons, type CheckIndex } from './ledger.ts';
import { modeOf, policyHash, type Policy } from './policy.ts';
import type { ReasonDraft } from './reason-draft.ts';
import { runMeasurementChecks } from './run-measurements.ts';

export interface DecideOptions {
  /** When the decision is made; defaults to the end of the run, so a replay is reproducible. */
  decidedAt?: string;
  /** Where the policy came from, for the record. */
  policySource?: string;
}

/** Past decisions, oldest first: only the verdict matters here (the runbook's deployment success rate). */
export type PastVerdicts = readonly { verdict: Verdict }[];

/**
 * The decision (ARCHITECTURE §4), a pure function of evidence, policy and past verdicts.
 * 1. NO-GO: global error, invalid config, a failed / timed-out / interrupted / did-not-run check,
 *    a NO-GO criterion hit, a GO criterion without evidence (fail closed).
 * 2. CONDITIONAL: findings, flaky checks, objectives between pass and warn.
 * 3. GO otherwise.
 * Exceptions propagate: the caller fails closed.
 */
export function decide(
  evidence: Evidence,
  policy: Policy,
  history?: PastVerdicts,
  options: DecideOptions = {},
): Decision {
  // What the rules ask of the checks, gathered in one pass.
  const index = indexChecks(evidence.checks);
  // Run-wide measurements (health pass rate over every probe) are graded and shown, never counted as checks.
  // Only checks with measurements matter to them (and to the graded and key measurements).
  const measured = [...index.withMeasurements, ...runMeasurementChecks(index.withMeasurements)];
  const drafts: ReasonDraft[] = [
    ...runReasons(evidence, index),
    ...failureReasons(index),
    ...outageReasons(index),
    ...didNotRunReasons(index),
    ...completenessReasons(evidence, index),
    ...measurementReasons(measured, policy),
    ...findingReasons(index),
    ...flakyReasons(index),
  ];
  drafts.push(
    ...ledgerReasons(
      evidence,
      drafts.filter((d) => effectiveMode(d, policy) === 'enforce'),
      index,
    ),
  );

  const reasons: Reason[] = [];
  const reported: Reason[] = [];
  const toGo: string[] = [];
  const sources: { draft: ReasonDraft; reason: Reason }[] = [];
  for (const draft of drafts) {
    const mode = effectiveMode(draft, policy);
    const reason = finalize(draft, policy, mode);
    if (mode === 'report') {
      reported.push(reason);
      continue;
    }
    reasons.push(reason);
    sources.push({ draft, reason });
    toGo.push(draft.toGo);
  }
  // NO-GO reasons first; within an effect, the rule order above.
  const ordered = [...reasons].sort((a, b) => rank(a.effect) - rank(b.effect));
  const verdict: Verdict = ordered.some((r) => r.effect === 'NO-GO')
    ? 'NO-GO'
    : ordered.length > 0
      ? 'CONDITIONAL'
      : 'GO';

  return {
    schemaVersion: DECISION_SCHEMA_VERSION,
    verdict,
    decidedAt: options.decidedAt ?? evidence.run.finishedAt,
    runId: evidence.run.id,
    target: evidence.run.target,
    ...(evidence.run.candidateVersion ? { candidateVersion: evidence.run.candidateVersion } : {}),
    reasons: ordered,
    toGo: orderedToGo(sources),
    criteria: criteriaStatus(evidence, sources, index),
    counts: { ...index.statusCounts, flaky: index.flaky.length },
    keyMeasurements: keyMeasurements(measured),
    ...(history ? { successRate: successRate(history, verdict, policy) } : {}),
    policyHash: policyHash(policy),
    // stableHash(evidence) (core/canonical-hash.ts), the same value computed with less garbage.
    evidenceHash: canonicalHash(evidence),
    ...(evidence.run.profile ? { profileHash: evidence.run.profile.hash } : {}),
    ...(options.policySource ? { policySource: options.policySource } : {}),
    ...(reported.length > 0 ? { reported } : {}),
  };
}

function effectiveMode(draft: ReasonDraft, policy: Policy) {
  return draft.policyApplies ? modeOf(policy, draft.criterion, draft.objective) : 'enforce';
}

function finalize(draft: ReasonDraft, policy: Policy, mode: 'enforce' | 'warn' | 'report'): Reason {
  const effect = mode === 'warn' ? 'CONDITIONAL' : draft.effect;
  const downgraded = mode === 'warn' && draft.effect === 'NO-GO';
  return {
    criterion: draft.criterion,
    effect,
    check: draft.check,
    phase: draft.phase,
    message: downgraded ? `${draft.message} (policy: ${draft.criterion} set to warn)` : draft.message,
    ...(draft.measured === undefined ? {} : { measured: draft.measured }),
    ...(draft.threshold === undefined ? {} : { threshold: draft.threshold }),
    class: draft.class,
    escalation: escalationFor(policy, draft.criterion, draft.class, draft.blockingPhase),
    ...(mode === 'enforce' ? {} : { policyMode: mode }),
  };
}

const rank = (effect: Reason['effect']) => (effect === 'NO-GO' ? 0 : 1);

/** One line per distinct action, blocking ones first. */
function orderedToGo(sources: readonly { draft: ReasonDraft; reason: Reason }[]): string[] {
  const sorted = [...sources].sort((a, b) => rank(a.reason.effect) - rank(b.reason.effect));
  return [...new Set(sorted.map((s) => s.draft.toGo))];
}

/**
 * Status of all 18 criteria. GO criteria: hit (a check carrying it failed or its measurement hit a
 * NO-GO), not-evaluated (no passing evidence), finding, met. NO-GO / CONDITIONAL criteria: hit (a
 * NO-GO reason names it), finding (a CONDITIONAL one does), met (clear).
 */
function criteriaStatus(
  evidence: Evidence,
  sources: readonly { draft: ReasonDraft; reason: Reason }[],
  index: CheckIndex,
): Decision['criteria'] {
  // Per criterion, in one pass: whether any reason from it (GO: by source, real ones only; others: by
  // name) exists, and whether one of those is NO-GO.
  const bySource = new Map<string, { any: boolean; noGo: boolean }>();
  const byName = new Map<string, { any: boolean; noGo: boolean }>();
  const mark = (map: Map<string, { any: boolean; noGo: boolean }>, key: string | null, noGo: boolean) => {
    if (key === null) return;
    const seen = map.get(key) ?? { any: false, noGo: false };
    map.set(key, { any: true, noGo: seen.noGo || noGo });
  };
  for (const s of sources) {
    const noGo = s.reason.effect === 'NO-GO';
    if (s.reason.class !== 'missing-evidence') mark(bySource, s.draft.source, noGo);
    mark(byName, s.reason.criterion, noGo);
  }
  const out: Decision['criteria'] = {};
  for (const id of Object.keys(CRITERIA) as CriterionId[]) {
    if (id === 'all-phases-completed') {
      out[id] = completeness(evidence, index);
      continue;
    }
    if (CRITERIA[id].kind === 'GO') {
      const from = bySource.get(id);
      if (from?.noGo) out[id] = 'hit';
      else if (!evidenced(evidence.checks, id, index)) out[id] = 'not-evaluated';
      else out[id] = from?.any ? 'finding' : 'met';
      continue;
    }
    const named = byName.get(id);
    out[id] = named?.noGo ? 'hit' : named?.any ? 'finding' : 'met';
  }
  return out;
}

/** The runbook's deployment success rate: GO decisions among the last N, this one included. */
export function successRate(history: PastVerdicts, verdict: Verdict, policy: Policy): Decision['successRate'] {
  const window = [...history.map((h) => h.verdict), verdict].slice(-policy.successRate.window);
  const go = window.filter((v) => v === 'GO').length;
  return {
    runs: window.length,
    go,
    rate: Math.round((go / window.length) * 1000) / 10,
    threshold: policy.successRate.threshold,
  };
}
