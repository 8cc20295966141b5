import { CRITERIA, PHASES, type CriterionId } from '../../core/catalog.ts';
import type { CheckEvidence, Decision, Evidence, Reason } from '../../core/evidence.ts';
import { formatMeasured, formatThreshold, grade } from './grade.ts';
import { groupOf } from './ledger.ts';
import { findObjective, type Policy } from './policy.ts';

export interface MarkdownOptions {
  /** Adds the per-phase table. */
  evidence?: Evidence;
  /** Adds objectives next to key measurements. */
  policy?: Policy;
}

/** decision.md: the verdict first, then why, what would make it GO, who to call, and the numbers. */
export function renderMarkdown(decision: Decision, options: MarkdownOptions = {}): string {
  const out: string[] = [`# Staging decision: ${decision.verdict}`, '', summaryLine(decision), ''];
  if (decision.reasons.length > 0) out.push(...reasonsSection(decision.reasons), '');
  if (decision.toGo.length > 0) {
    out.push('## What would make it GO', '', ...decision.toGo.map((line) => `- ${cell(line)}`), '');
  }
  if (decision.reasons.length > 0) out.push(...escalationSection(decision.reasons), '');
  out.push(...measurementsSection(decision, options.policy), '');
  if (decision.successRate) {
    const s = decision.successRate;
    const meets = s.rate >= s.threshold ? 'meets' : 'below';
    out.push(
      '## Deployment success rate',
      '',
      `${s.go} of the last ${s.runs} decision${s.runs === 1 ? '' : 's'} were GO: **${s.rate} %** (${meets} the runbook target of ${s.threshold} %).`,
      '',
    );
  }
  if (options.evidence) out.push(...phasesSection(options.evidence), '');
  if (options.evidence) out.push(...coverageSection(options.evidence));
  out.push(...criteriaSection(decision), '');
  if (decision.reported && decision.reported.length > 0) {
    out.push(
      '## Recorded only (policy mode: report)',
      '',
      ...decision.reported.map((r) => `- ${cell(describe(r))}`),
      '',
    );
  }
  out.push(
    '---',
    '',
    `Policy ${decision.policySource ?? ''} \`${decision.policyHash}\` · evidence \`${decision.evidenceHash}\` · decided ${decision.decidedAt}`,
    '',
  );
  return out.join('\n');
}

function summaryLine(d: Decision): string {
  const blocking = d.reasons.filter((r) => r.effect === 'NO-GO').length;
  const conditional = d.reasons.length - blocking;
  const what =
    d.verdict === 'GO'
      ? 'Every GO condition is evidenced and no NO-GO or CONDITIONAL condition was hit.'
      : `${blocking} blocking and ${conditional} conditional reason${d.reasons.length === 1 ? '' : 's'}.`;
  const version = d.candidateVersion ? `, candidate \`${d.candidateVersion}\`` : '';
  return `**${d.verdict}** for target \`${d.target}\`${version}, run \`${d.runId}\`. ${what}`;
}

function reasonsSection(reasons: readonly Reason[]): string[] {
  return [
    '## Reasons',
    '',
    '| # | Effect | Criterion | Phase | Check | Message | Measured | Threshold | Class | Escalation |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...reasons.map((r, i) =>
      row([
        String(i + 1),
        r.effect + (r.policyMode ? ` (policy: ${r.policyMode})` : ''),
        `\`${r.criterion}\``,
        r.phase ?? '',
        r.check ?? '',
        r.message,
        r.measured ?? '',
        r.threshold ?? '',
        r.class,
        `${r.escalation.level} ${r.escalation.team}`,
      ]),
    ),
  ];
}

function escalationSection(reasons: readonly Reason[]): string[] {
  const levels = [...new Map(reasons.map((r) => [r.escalation.level, r.escalation])).values()].sort((a, b) =>
    b.level.localeCompare(a.level),
  );
  return [
    '## Escalation',
    '',
    '| Level | Team | Respond within | Contact | Channel | Reasons |',
    '|---|---|---|---|---|---|',
    ...levels.map((e) =>
      row([
        e.level,
        e.team,
        `${e.responseMinutes} min`,
        e.contact ?? '',
        e.channel ?? '',
        String(reasons.filter((r) => r.escalation.level === e.level).length),
      ]),
    ),
  ];
}

function measurementsSection(decision: Decision, policy?: Policy): string[] {
  if (decision.keyMeasurements.length === 0) return ['## Key measurements', '', 'None recorded in this run.'];
  return [
    '## Key measurements',
    '',
    '| Measurement | Value | Objective | Grade |',
    '|---|---|---|---|',
    ...decision.keyMeasurements.map((m) => {
      const found = policy ? findObjective(policy, m.name) : null;
      const graded = found ? grade(m, found.objective) : '';
      // A miss the policy only records must not read like a blocker.
      const note = found?.objective.mode === 'report' && graded !== 'pass' ? ' (recorded only)' : '';
      return row([
        `\`${m.name}\``,
        formatMeasured(m),
        found ? formatThreshold(found.objective, m.unit) : '',
        `${graded}${note}`,
      ]);
    }),
  ];
}

function phasesSection(evidence: Evidence): string[] {
  const groups = [...PHASES.map((p) => p.id as string)];
  for (const c of evidence.checks) if (!groups.includes(groupOf(c))) groups.push(groupOf(c));
  return [
    '## Phases',
    '',
    '| Phase | Runbook | Checks | Passed | Failed | Did not run | Skipped | Flaky | Status |',
    '|---|---|---|---|---|---|---|---|---|',
    ...groups.map((g) => {
      const checks = evidence.checks.filter((c) => groupOf(c) === g);
      const n = (s: CheckEvidence['status'][]) => checks.filter((c) => s.includes(c.status)).length;
      const runbook = PHASES.find((p) => p.id === g)?.runbook ?? '';
      return row([
        g,
        runbook,
        String(checks.length),
        String(n(['passed'])),
        String(n(['failed', 'timedOut', 'interrupted'])),
        String(n(['did-not-run'])),
        String(n(['skipped'])),
        String(checks.filter((c) => c.flaky).length),
        phaseStatus(g, checks, evidence),
      ]);
    }),
  ];
}

function phaseStatus(group: string, checks: readonly CheckEvidence[], evidence: Evidence): string {
  const isPhase = PHASES.some((p) => p.id === group);
  if (isPhase && !(evidence.run.selectedPhases as readonly string[]).includes(group)) return 'not selected';
  if (checks.length === 0) return 'no checks';
  if (checks.some((c) => ['failed', 'timedOut', 'interrupted'].includes(c.status))) return 'failed';
  if (checks.every((c) => c.status === 'did-not-run')) return 'did not run';
  if (checks.some((c) => c.status === 'did-not-run')) return 'incomplete';
  return checks.some((c) => c.flaky) ? 'passed (flaky)' : 'passed';
}

function criteriaSection(decision: Decision): string[] {
  return [
    '## Runbook criteria',
    '',
    '| Kind | Criterion | Title | Status |',
    '|---|---|---|---|',
    ...(Object.keys(CRITERIA) as CriterionId[]).map((id) => {
      const spec = CRITERIA[id];
      const status = decision.criteria[id] ?? 'not-evaluated';
      // For NO-GO / CONDITIONAL conditions, "met" means the condition is clear.
      const shown = spec.kind !== 'GO' && status === 'met' ? 'clear' : status;
      return row([spec.kind, `\`${id}\``, spec.title, shown]);
    }),
  ];
}

function describe(r: Reason): string {
  return `${r.effect} \`${r.criterion}\`${r.phase ? ` (${r.phase})` : ''}: ${r.message}`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

/** Table-safe text: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/**
 * What was not evaluated and why (a profile section left out, parameters without values...), and the
 * OpenAPI coverage: operations checked, skipped with why, and total.
 */
export function coverageSection(evidence: Evidence): string[] {
  const out: string[] = [];
  const openapi = evidence.checks.filter((c) => c.title.startsWith('openapi '));
  if (openapi.length > 0) {
    const operationOf = (title: string) => title.slice('openapi '.length).split(/:| \(/)[0] ?? title;
    const operations = new Set(openapi.map((c) => operationOf(c.title)));
    const ran = openapi.filter((c) => c.status !== 'skipped' && c.status !== 'did-not-run');
    const checked = new Set(ran.map((c) => operationOf(c.title)));
    const skipped = openapi.filter((c) => c.status === 'skipped');
    out.push(
      '## OpenAPI coverage',
      '',
      `${checked.size} of ${operations.size} operations checked (${ran.length} checks run, ${skipped.length} skipped, ${openapi.filter((c) => c.status === 'did-not-run').length} did not run).`,
      ...(skipped.length
        ? ['', ...skipped.map((c) => `- skipped: ${cell(c.title)}: ${cell(c.skipReason ?? 'no reason given')}`)]
        : []),
      '',
    );
  }
  const notEvaluated = evidence.checks.filter((c) => c.status === 'skipped' && !c.title.startsWith('openapi '));
  if (notEvaluated.length > 0) {
    out.push(
      '## Checks not evaluated',
      '',
      ...notEvaluated.map((c) => `- ${cell(c.title)} (${c.phase}): ${cell(c.skipReason ?? 'skipped')}`),
      '',
    );
  }
  return out;
}
