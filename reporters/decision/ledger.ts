import { AGGREGATE_PROJECT, CRITERIA, PHASES, isPhaseId, type CriterionId, type PhaseId } from '../../core/catalog.ts';
import type { CheckEvidence, Evidence } from '../../core/evidence.ts';
import type { ReasonDraft } from './reason-draft.ts';

/**
 * The evidence ledger (ARCHITECTURE §4, fail closed): which phases ran, which blocked others, and
 * whether every GO criterion a phase must evidence has a passing check behind it.
 */

const FAILED: readonly CheckEvidence['status'][] = ['failed', 'timedOut', 'interrupted'];
export const isFailure = (c: CheckEvidence) => FAILED.includes(c.status);
/** The group a check belongs to in messages: its phase, or its project for non-phase projects. */
export const groupOf = (c: CheckEvidence) => (c.phase === 'unknown' ? (c.project ?? 'unknown') : c.phase);

const PHASE_ORDER = new Map<string, number>(PHASES.map((p, i) => [p.id, i]));

/** Every phase a phase (or the aggregate project) waits for, earliest first. */
export function dependenciesOf(group: string): PhaseId[] {
  if (group === AGGREGATE_PROJECT) return PHASES.map((p) => p.id);
  if (!isPhaseId(group)) return [];
  const seen = new Set<PhaseId>();
  const visit = (id: PhaseId) => {
    const phase = PHASES.find((p) => p.id === id);
    for (const dep of phase?.dependsOn ?? []) {
      if (!seen.has(dep)) {
        seen.add(dep);
        visit(dep);
      }
    }
  };
  visit(group);
  return [...seen].sort((a, b) => (PHASE_ORDER.get(a) ?? 0) - (PHASE_ORDER.get(b) ?? 0));
}

/** Phases with a failed, timed-out or interrupted check (what Playwright stops dependents for). */
export function failedPhases(checks: readonly CheckEvidence[]): Set<string> {
  return indexChecks(checks).failed;
}

/**
 * What the ledger asks of the checks, gathered in one pass: decide() builds it once and hands it to
 * every rule, instead of each rule scanning every check for every phase and criterion.
 */
export interface CheckIndex {
  readonly checks: readonly CheckEvidence[];
  /** failedPhases */
  readonly failed: Set<string>;
  /** `phase criterion` pairs with a passing check whose measurements all have samples (evidencedIn). */
  readonly evidencedPairs: Set<string>;
  /** Criteria with at least one passing check. */
  readonly passedCriteria: Set<string>;
  /** Checks by `phase criterion`, in order. */
  readonly carrying: Map<string, CheckEvidence[]>;
  /** Phases with a check that ran to a result (not skipped, not did-not-run). */
  readonly phasesWithResults: Set<string>;
  /** Phases with a did-not-run check. */
  readonly phasesNotRun: Set<string>;
  /** A check of a phase (not teardown / other projects) failed. */
  readonly phaseCheckFailed: boolean;
}

const pairKey = (phase: string, criterion: string | null) => `${phase}\u0000${criterion ?? ''}`;

export function indexChecks(checks: readonly CheckEvidence[]): CheckIndex {
  const index = {
    checks,
    failed: new Set<string>(),
    evidencedPairs: new Set<string>(),
    passedCriteria: new Set<string>(),
    carrying: new Map<string, CheckEvidence[]>(),
    phasesWithResults: new Set<string>(),
    phasesNotRun: new Set<string>(),
    phaseCheckFailed: false,
  };
  for (const c of checks) {
    const failure = isFailure(c);
    if (failure) {
      index.failed.add(groupOf(c));
      if (isPhaseId(c.phase)) index.phaseCheckFailed = true;
    }
    if (c.status === 'did-not-run') index.phasesNotRun.add(c.phase);
    else if (c.status !== 'skipped') index.phasesWithResults.add(c.phase);
    if (c.criterion === null) continue;
    const key = pairKey(c.phase, c.criterion);
    const list = index.carrying.get(key);
    if (list) list.push(c);
    else index.carrying.set(key, [c]);
    if (c.status === 'passed') {
      index.passedCriteria.add(c.criterion);
      if (c.measurements.every((m) => m.samples !== 0)) index.evidencedPairs.add(key);
    }
  }
  return index;
}

/** The earliest failed phase among a group's dependencies; the group itself when only it failed. */
export function blockingPhaseOf(group: string, failed: ReadonlySet<string>): PhaseId | null {
  const dep = dependenciesOf(group).find((p) => failed.has(p));
  if (dep) return dep;
  return isPhaseId(group) && failed.has(group) ? group : null;
}

/** A GO criterion is evidenced in a phase by a passing check that carries it with real samples. */
export function evidencedIn(
  checks: readonly CheckEvidence[],
  criterion: CriterionId,
  phase: PhaseId,
  index: CheckIndex = indexChecks(checks),
): boolean {
  return index.evidencedPairs.has(pairKey(phase, criterion));
}

/** The phases whose ledger requires a GO criterion (PHASES is constant: computed once). */
const REQUIRED_IN = new Map<string, PhaseId[]>(
  Object.keys(CRITERIA).map((id) => [
    id,
    PHASES.filter((p) => (p.mustEvidence as readonly string[]).includes(id)).map((p) => p.id),
  ]),
);

/** Evidenced in every phase that must evidence it (a GO criterion no phase requires needs one passing check). */
export function evidenced(
  checks: readonly CheckEvidence[],
  criterion: CriterionId,
  index: CheckIndex = indexChecks(checks),
): boolean {
  const phases = REQUIRED_IN.get(criterion) ?? [];
  if (phases.length > 0) return phases.every((p) => index.evidencedPairs.has(pairKey(p, criterion)));
  return index.passedCriteria.has(criterion);
}

/** Phases with no check that ran to a result (none at all, or all skipped / did not run). */
function phasesWithoutResults(evidence: Evidence, index: CheckIndex): PhaseId[] {
  return evidence.run.selectedPhases.filter((p) => !index.phasesWithResults.has(p));
}

export function notSelectedPhases(evidence: Evidence): PhaseId[] {
  return PHASES.map((p) => p.id).filter((p) => !evidence.run.selectedPhases.includes(p));
}

/** all-phases-completed: hit when a phase check failed; not evaluated when a phase is missing or did not run. */
export function completeness(
  evidence: Evidence,
  index: CheckIndex = indexChecks(evidence.checks),
): 'met' | 'hit' | 'not-evaluated' {
  if (index.phaseCheckFailed) return 'hit';
  const incomplete =
    notSelectedPhases(evidence).length > 0 ||
    phasesWithoutResults(evidence, index).length > 0 ||
    [...index.phasesNotRun].some(isPhaseId);
  return incomplete ? 'not-evaluated' : 'met';
}

const RERUN_ALL = 'run the whole gate (npx playwright test --project=staging): a partial run is never GO';
export const rerunAfter = (phase: PhaseId) => `fix the failed phase '${phase}', then run the gate again`;

/** Reasons for phases that were not selected or had nothing that ran. */
export function completenessReasons(
  evidence: Evidence,
  index: CheckIndex = indexChecks(evidence.checks),
): ReasonDraft[] {
  const drafts: ReasonDraft[] = [];
  const missing = notSelectedPhases(evidence);
  if (missing.length > 0) {
    drafts.push(
      missingEvidence('all-phases-completed', null, {
        message: `phase${missing.length === 1 ? '' : 's'} ${missing.map((p) => `'${p}'`).join(', ')} not selected in this run (a partial run is never GO)`,
        toGo: RERUN_ALL,
      }),
    );
  }
  const failed = index.failed;
  for (const phase of phasesWithoutResults(evidence, index)) {
    // Phases whose checks did not run are reported per blocked group by the check rules.
    if (index.phasesNotRun.has(phase)) continue;
    drafts.push(
      missingEvidence('all-phases-completed', phase, {
        message: `phase '${phase}' has no check that ran (none selected, or all skipped)`,
        toGo: `add or enable checks in phase '${phase}' (tests/${phase})`,
        blockingPhase: blockingPhaseOf(phase, failed),
      }),
    );
  }
  return drafts;
}

/**
 * One reason per GO criterion a phase must evidence but does not, unless a NO-GO reason already
 * names it for that phase (a failed check is its own reason).
 */
export function ledgerReasons(
  evidence: Evidence,
  existing: readonly ReasonDraft[],
  index: CheckIndex = indexChecks(evidence.checks),
): ReasonDraft[] {
  const failed = index.failed;
  const drafts: ReasonDraft[] = [];
  for (const phase of PHASES) {
    for (const criterion of phase.mustEvidence as readonly CriterionId[]) {
      if (index.evidencedPairs.has(pairKey(phase.id, criterion))) continue;
      const covered = existing.some(
        (r) => r.effect === 'NO-GO' && r.phase === phase.id && (r.source === criterion || r.criterion === criterion),
      );
      if (covered) continue;
      const carrying = index.carrying.get(pairKey(phase.id, criterion)) ?? [];
      const blocking = blockingPhaseOf(phase.id, failed);
      const why = notEvaluatedWhy(evidence, phase.id, carrying, blocking);
      drafts.push(
        missingEvidence(criterion, phase.id, {
          message: `${CRITERIA[criterion].title}: not evaluated, ${why}`,
          toGo: !evidence.run.selectedPhases.includes(phase.id)
            ? RERUN_ALL
            : blocking && blocking !== phase.id
              ? rerunAfter(blocking)
              : `make a check in phase '${phase.id}' evidence ${criterion} with a passing result`,
          blockingPhase: blocking,
          check: carrying.length === 1 ? (carrying[0]?.title ?? null) : null,
        }),
      );
    }
  }
  return drafts;
}

function notEvaluatedWhy(
  evidence: Evidence,
  phase: PhaseId,
  carrying: readonly CheckEvidence[],
  blocking: PhaseId | null,
): string {
  if (!evidence.run.selectedPhases.includes(phase)) return `phase '${phase}' was not selected in this run`;
  if (carrying.length === 0) return `no check in phase '${phase}' carries this criterion`;
  if (carrying.every((c) => c.status === 'did-not-run')) {
    return blocking && blocking !== phase
      ? `phase '${phase}' did not run (blocked by failed phase '${blocking}')`
      : `its checks in phase '${phase}' did not run (the run stopped early)`;
  }
  if (carrying.some((c) => c.status === 'passed')) return `its passing checks in phase '${phase}' measured 0 samples`;
  if (carrying.every((c) => c.status === 'skipped')) return `its checks in phase '${phase}' were skipped`;
  return `no check of it passed in phase '${phase}'`;
}

export function missingEvidence(
  criterion: CriterionId,
  phase: string | null,
  fields: { message: string; toGo: string; blockingPhase?: PhaseId | null; check?: string | null },
): ReasonDraft {
  return {
    criterion,
    effect: 'NO-GO',
    check: fields.check ?? null,
    phase,
    message: fields.message,
    class: 'missing-evidence',
    source: criterion,
    blockingPhase: fields.blockingPhase ?? null,
    toGo: fields.toGo,
    policyApplies: false,
  };
}
