import { AGGREGATE_PROJECT, CRITERIA, PHASES, isPhaseId, type CriterionId, type PhaseId } from '../../core/catalog.ts';
import type { CheckEvidence, CheckStatus, Evidence } from '../../core/evidence.ts';
import type { ReasonDraft } from './reason-draft.ts';

/**
 * The evidence ledger (ARCHITECTURE §4, fail closed): which phases ran, which blocked others, and
 * whether every GO criterion a phase must evidence has a passing check behind it.
 */

const FAILED: readonly CheckEvidence['status'][] = ['failed', 'timedOut', 'interrupted'];
const isFailure = (c: CheckEvidence) => FAILED.includes(c.status);
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

/**
 * What the rules ask of the checks, gathered in one pass: decide() builds it once and hands it to
 * every rule, instead of each rule scanning every check (for every phase and criterion).
 */
export interface CheckIndex {
  /** Checks by what the rules look for, each list in check order. */
  readonly failures: CheckEvidence[];
  readonly notRun: CheckEvidence[];
  readonly flaky: CheckEvidence[];
  readonly withFindings: CheckEvidence[];
  readonly withMeasurements: CheckEvidence[];
  readonly withOutage: CheckEvidence[];
  /** Groups with a failed, timed-out or interrupted check (what Playwright stops dependents for). */
  readonly failed: Set<string>;
  /** What each phase's checks show, by phase. */
  readonly phases: Map<string, PhaseChecks>;
  /** A check of a phase (not teardown / other projects) failed. */
  readonly phaseCheckFailed: boolean;
  readonly statusCounts: Record<CheckStatus, number>;
}

/** One phase's checks: whether one ran to a result (not skipped, not did-not-run), whether one did not run, and by criterion. */
interface PhaseChecks {
  ran: boolean;
  notRun: boolean;
  readonly byCriterion: Map<string, Carried>;
}

/** The checks of a phase that carry a criterion, in order. */
interface Carried {
  readonly checks: CheckEvidence[];
  /** One of them passed. */
  passed: boolean;
  /** One of them passed with samples behind every measurement: it evidences the criterion in the phase. */
  evidenced: boolean;
}

export function indexChecks(checks: readonly CheckEvidence[]): CheckIndex {
  const index = {
    failures: [] as CheckEvidence[],
    notRun: [] as CheckEvidence[],
    flaky: [] as CheckEvidence[],
    withFindings: [] as CheckEvidence[],
    withMeasurements: [] as CheckEvidence[],
    withOutage: [] as CheckEvidence[],
    failed: new Set<string>(),
    phases: new Map<string, PhaseChecks>(),
    phaseCheckFailed: false,
    statusCounts: { passed: 0, failed: 0, timedOut: 0, interrupted: 0, skipped: 0, 'did-not-run': 0 },
  };
  for (const c of checks) {
    index.statusCounts[c.status] += 1;
    if (c.flaky) index.flaky.push(c);
    if (c.findings.length > 0) index.withFindings.push(c);
    if (c.measurements.length > 0) index.withMeasurements.push(c);
    if (c.outage) index.withOutage.push(c);
    if (isFailure(c)) {
      index.failures.push(c);
      index.failed.add(groupOf(c));
      if (isPhaseId(c.phase)) index.phaseCheckFailed = true;
    }
    // Records looked up by phase, then criterion: no `phase criterion` key is built per check.
    let phase = index.phases.get(c.phase);
    if (!phase) index.phases.set(c.phase, (phase = { ran: false, notRun: false, byCriterion: new Map() }));
    if (c.status === 'did-not-run') {
      index.notRun.push(c);
      phase.notRun = true;
    } else if (c.status !== 'skipped') phase.ran = true;
    if (c.criterion === null) continue;
    let carried = phase.byCriterion.get(c.criterion);
    if (!carried) phase.byCriterion.set(c.criterion, (carried = { checks: [], passed: false, evidenced: false }));
    carried.checks.push(c);
    if (c.status === 'passed') {
      carried.passed = true;
      if (!carried.evidenced && allSampled(c)) carried.evidenced = true;
    }
  }
  return index;
}

function allSampled(c: CheckEvidence): boolean {
  for (const m of c.measurements) if (m.samples === 0) return false;
  return true;
}

const carriedIn = (index: CheckIndex, phase: string, criterion: string) =>
  index.phases.get(phase)?.byCriterion.get(criterion);

/** The earliest failed phase among a group's dependencies; the group itself when only it failed. */
export function blockingPhaseOf(group: string, failed: ReadonlySet<string>): PhaseId | null {
  const dep = dependenciesOf(group).find((p) => failed.has(p));
  if (dep) return dep;
  return isPhaseId(group) && failed.has(group) ? group : null;
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
  if (phases.length > 0) return phases.every((p) => carriedIn(index, p, criterion)?.evidenced === true);
  return [...index.phases.values()].some((p) => p.byCriterion.get(criterion)?.passed === true);
}

/** Phases with no check that ran to a result (none at all, or all skipped / did not run). */
function phasesWithoutResults(evidence: Evidence, index: CheckIndex): PhaseId[] {
  return evidence.run.selectedPhases.filter((p) => index.phases.get(p)?.ran !== true);
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
    [...index.phases].some(([phase, { notRun }]) => notRun && isPhaseId(phase));
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
    if (index.phases.get(phase)?.notRun) continue;
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
      const carried = carriedIn(index, phase.id, criterion);
      if (carried?.evidenced) continue;
      const covered = existing.some(
        (r) => r.effect === 'NO-GO' && r.phase === phase.id && (r.source === criterion || r.criterion === criterion),
      );
      if (covered) continue;
      const carrying = carried?.checks ?? [];
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
