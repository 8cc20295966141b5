import {
  CRITERIA,
  TEARDOWN_PROJECT,
  criterionHitOnFailure,
  isPhaseId,
  phaseSpec,
  type CriterionId,
} from '../../core/catalog.ts';
import { classOfFailure } from './classify.ts';
import type { CheckEvidence, Evidence } from '../../core/evidence.ts';
import { formatMeasured, formatThreshold, grade } from './grade.ts';
import { blockingPhaseOf, groupOf, rerunAfter, type CheckIndex } from './ledger.ts';
import { objectiveFinder, type Policy } from './policy.ts';
import type { ReasonDraft } from './reason-draft.ts';

/**
 * Reasons that come from individual checks: failures, checks that never ran, flaky passes, findings, graded
 * measurements. Each rule reads the lists of decide()'s one index of the checks (ledger.ts), not every check.
 */

const STATUS_WORDS: Partial<Record<CheckEvidence['status'], string>> = {
  failed: 'failed',
  timedOut: 'timed out',
  interrupted: 'was interrupted',
};

/**
 * A service that stopped answering (crashed, stopped) fails every later check the same way. That is the
 * runbook's "service reports unhealthy", not a finding about each check's own criterion (a refused
 * connection in the security phase is no security vulnerability). Which phases judge a running
 * service is a fact of PHASES; the failure's kind is data the check recorded, never its wording.
 */
function unreachable(check: CheckEvidence): boolean {
  return check.failureKind === 'unreachable' && phaseSpec(check.phase)?.judgesRunningService === true;
}

/** The first non-empty line of an error, without the generic `Error: ` prefix, at most 240 characters. */
export function firstLine(text: string | undefined): string {
  const line = ((text ?? '').split('\n').find((l) => l.trim() !== '') ?? '').trim().replace(/^(?:Gate)?Error:\s+/, '');
  return line.length > 240 ? `${line.slice(0, 237)}...` : line;
}

const inPhase = (group: string) => `(${group} phase)`;

/** Every check that needs the configuration fails with it when it is invalid: that is one reason, not a dozen. */
const isConfigFailure = (c: CheckEvidence) => c.failureKind === 'invalid-config';

/**
 * A service that stopped answering right after a check (watchdog): the check and its last request are the
 * cause, named once; later checks that failed only because the service was gone are its consequences.
 */
export function outageReasons(index: CheckIndex): ReasonDraft[] {
  const outages = index.withOutage;
  if (outages.length === 0) return [];
  // Failed consequences by the title they name, in check order (one pass, not one per outage).
  const consequencesOf = new Map<string, string[]>();
  for (const c of index.failures) {
    if (c.consequenceOf === undefined) continue;
    const list = consequencesOf.get(c.consequenceOf);
    if (list) list.push(c.title);
    else consequencesOf.set(c.consequenceOf, [c.title]);
  }
  return outages.map((check) => {
    const outage = check.outage as NonNullable<CheckEvidence['outage']>;
    const consequences = consequencesOf.get(check.title) ?? [];
    const after =
      outage.recoveredAfterMs === null
        ? 'it did not answer again'
        : `it answered again after ${(outage.recoveredAfterMs / 1000).toFixed(1)} s (restarted)`;
    const listed = consequences.length
      ? `; ${consequences.length} later check${consequences.length === 1 ? '' : 's'} failed as a consequence: ${consequences.slice(0, 3).join('; ')}${consequences.length > 3 ? ' ...' : ''}`
      : '';
    const message = `the service stopped answering after \`${outage.request}\` in check '${check.title}' (${outage.health}); ${after}${listed}`;
    return {
      criterion: 'service-unhealthy',
      effect: 'NO-GO',
      check: check.title,
      phase: groupOf(check),
      message,
      class: 'product',
      source: null,
      toGo: `fix service-unhealthy: ${message} ${inPhase(groupOf(check))}`,
      policyApplies: true,
    } satisfies ReasonDraft;
  });
}

export function failureReasons(index: CheckIndex): ReasonDraft[] {
  // A check that ran into an earlier outage is a consequence, reported with that outage (outageReasons).
  const failures = index.failures.filter((c) => !c.consequenceOf);
  // The configuration check itself speaks for the invalid configuration, whatever order the checks ran in.
  const firstConfigFailure =
    failures.find((c) => c.criterion === 'missing-env-config' && isConfigFailure(c)) ?? failures.find(isConfigFailure);
  return failures
    .filter((c) => c === firstConfigFailure || !isConfigFailure(c))
    .map((check) => {
      const group = groupOf(check);
      const status = STATUS_WORDS[check.status] ?? check.status;
      const message = firstLine(check.error) || `${check.title} ${status}`;
      // Teardown cleans up after the gate; its failure says nothing about the candidate.
      const teardown = check.phase === TEARDOWN_PROJECT;
      const criterion: CriterionId = teardown
        ? 'minor-non-blocking-issue'
        : isConfigFailure(check)
          ? 'missing-env-config'
          : // An interrupted check proved nothing about its criterion: the run did not complete.
            check.status === 'interrupted'
            ? 'all-phases-completed'
            : unreachable(check)
              ? 'service-unhealthy'
              : // The target refused the gate's own probe: the check could not judge its criterion.
                check.failureKind === 'rate-limited'
                ? 'all-phases-completed'
                : check.criterion
                  ? criterionHitOnFailure(check.criterion)
                  : (phaseSpec(check.phase)?.fallback ?? 'all-phases-completed');
      return {
        criterion,
        effect: teardown ? 'CONDITIONAL' : 'NO-GO',
        check: check.title,
        phase: group,
        message: teardown ? `teardown ${status}: ${message}` : message,
        class: classOfFailure(check),
        // An interrupted check, or one whose service did not answer, is no evidence either way about its own criterion.
        source:
          check.status === 'interrupted' || unreachable(check) || check.failureKind === 'rate-limited'
            ? null
            : check.criterion,
        toGo: `fix ${criterion}: ${message} ${inPhase(group)}`,
        policyApplies: true,
      } satisfies ReasonDraft;
    });
}

/** Checks that never ran, one reason per blocked phase, naming the failed phase that blocked it. */
export function didNotRunReasons(index: CheckIndex): ReasonDraft[] {
  const failed = index.failed;
  const groups = new Map<string, CheckEvidence[]>();
  for (const check of index.notRun) {
    const group = groupOf(check);
    const list = groups.get(group);
    if (list) list.push(check);
    else groups.set(group, [check]);
  }
  return [...groups].map(([group, blocked]) => {
    const blocking = blockingPhaseOf(group, failed);
    const titles = blocked.map((c) => c.title);
    const listed =
      titles.length <= 3 ? titles.join('; ') : `${titles.slice(0, 3).join('; ')} and ${titles.length - 3} more`;
    const because =
      blocking && blocking !== group
        ? `blocked by failed phase '${blocking}'`
        : 'the run stopped before them (interrupted, timed out or --max-failures)';
    const teardown = group === TEARDOWN_PROJECT;
    return {
      criterion: teardown ? 'minor-non-blocking-issue' : 'all-phases-completed',
      effect: teardown ? 'CONDITIONAL' : 'NO-GO',
      check: titles.length === 1 ? (titles[0] ?? null) : null,
      phase: group,
      message: `${group === TEARDOWN_PROJECT || !isPhaseId(group) ? 'project' : 'phase'} '${group}' did not run (${blocked.length} check${blocked.length === 1 ? '' : 's'}: ${listed}): ${because}`,
      class: 'missing-evidence',
      source: null,
      blockingPhase: blocking,
      toGo: blocking ? rerunAfter(blocking) : 'run the gate again to the end (it was stopped early)',
      policyApplies: false,
    } satisfies ReasonDraft;
  });
}

export function flakyReasons(index: CheckIndex): ReasonDraft[] {
  return index.flaky.map((check) => ({
    criterion: 'minor-non-blocking-issue',
    effect: 'CONDITIONAL',
    check: check.title,
    phase: groupOf(check),
    message: `flaky: "${check.title}" passed only on retry (after ${(check.attempts ?? 2) - 1} failed attempt${(check.attempts ?? 2) === 2 ? '' : 's'})`,
    class: 'product',
    source: check.criterion,
    toGo: `make "${check.title}" pass on its first attempt ${inPhase(groupOf(check))}`,
    policyApplies: true,
  }));
}

/** Findings recorded by checks: graded issues that do not fail a test (ARCHITECTURE §3). */
export function findingReasons(index: CheckIndex): ReasonDraft[] {
  return index.withFindings.flatMap((check) =>
    check.findings.map((f): ReasonDraft => ({
      criterion: f.criterion,
      effect: 'CONDITIONAL',
      check: check.title,
      phase: groupOf(check),
      message: `${f.severity} finding: ${f.message}`,
      ...(f.measured === undefined ? {} : { measured: f.measured }),
      ...(f.threshold === undefined ? {} : { threshold: f.threshold }),
      class: 'product',
      source: check.criterion,
      toGo: `resolve ${f.criterion}: ${f.message} ${inPhase(groupOf(check))}`,
      policyApplies: true,
    })),
  );
}

/** Measurements graded against the policy's objectives: between pass and warn is CONDITIONAL, beyond warn blocks. */
export function measurementReasons(checks: readonly CheckEvidence[], policy: Policy): ReasonDraft[] {
  const findObjective = objectiveFinder(policy);
  const drafts: ReasonDraft[] = [];
  for (const check of checks) {
    if (check.measurements.length === 0) continue;
    drafts.push(...measurementReasonsOf(check, findObjective));
  }
  return drafts;
}

function measurementReasonsOf(check: CheckEvidence, findObjective: ReturnType<typeof objectiveFinder>): ReasonDraft[] {
  return check.measurements.flatMap((m): ReasonDraft[] => {
    const found = findObjective(m.name);
    if (!found) return [];
    const { objective } = found;
    const g = grade(m, objective);
    if (g === 'pass') return [];
    const group = groupOf(check);
    const measured = formatMeasured(m);
    const threshold = formatThreshold(objective, m.unit);
    if (g === 'not-evaluated') {
      const criterion = check.criterion ?? objective.onFail;
      return [
        {
          criterion,
          effect: 'NO-GO',
          check: check.title,
          phase: group,
          message: `${m.name} not evaluated: ${measured}`,
          measured,
          threshold,
          class: 'missing-evidence',
          source: check.criterion,
          toGo: `make "${check.title}" measure ${m.name} with at least one sample ${inPhase(group)}`,
          policyApplies: false,
        },
      ];
    }
    const criterion = g === 'warn' ? objective.onWarn : objective.onFail;
    const where = g === 'warn' ? 'between pass and warn' : 'beyond warn';
    const message = `${m.name} = ${measured}, ${where} (${threshold})`;
    return [
      {
        criterion,
        // The catalog decides the weight: defaults hit CONDITIONAL criteria on warn and NO-GO ones beyond it.
        effect: CRITERIA[criterion].kind === 'NO-GO' ? 'NO-GO' : 'CONDITIONAL',
        check: check.title,
        phase: group,
        message,
        measured,
        threshold,
        class: 'product',
        source: check.criterion,
        toGo: `fix ${criterion}: ${message} ${inPhase(group)}`,
        policyApplies: true,
        objective,
      },
    ];
  });
}

/** Reasons outside any check: global errors (harness) and configuration problems. */
export function runReasons(evidence: Evidence, index: CheckIndex): ReasonDraft[] {
  const drafts: ReasonDraft[] = evidence.globalErrors.map((error) => ({
    criterion: 'all-phases-completed',
    effect: 'NO-GO',
    check: null,
    phase: null,
    // Errors outside any check are the gate's own: the harness class is data, whatever the words.
    message: /^harness:/.test(firstLine(error)) ? firstLine(error) : `harness: ${firstLine(error)}`,
    class: 'harness',
    source: null,
    toGo: `fix the harness error: ${firstLine(error)}`,
    policyApplies: false,
  }));
  for (const issue of evidence.configIssues) {
    drafts.push({
      criterion: 'missing-env-config',
      effect: 'NO-GO',
      check: null,
      phase: 'preflight',
      message: `${issue.variable}: ${issue.message}`,
      class: 'product',
      source: null,
      toGo: `fix missing-env-config: set ${issue.variable} (${issue.message})`,
      policyApplies: true,
    });
  }
  const explained = evidence.globalErrors.length > 0 || evidence.configIssues.length > 0 || index.failures.length > 0;
  if (!explained && evidence.run.runnerStatus !== 'passed') {
    // Fail closed: Playwright saw a problem no check or error explains.
    drafts.push({
      criterion: 'all-phases-completed',
      effect: 'NO-GO',
      check: null,
      phase: null,
      message: `harness: Playwright ended the run with status '${evidence.run.runnerStatus}' and no failing check explains it`,
      class: 'harness',
      source: null,
      toGo: 'run the gate again and read the runner output: it ended abnormally',
      policyApplies: false,
    });
  }
  return drafts;
}
