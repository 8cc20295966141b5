import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Verdict } from '../../core/catalog.ts';
import { executorFromEnv } from './ci-info.ts';
import type { Decision, RunInfo } from '../../core/evidence.ts';
import { writeAtomic } from './write-outputs.ts';
import { DECISION_SUITE } from '../allure-layout.ts';

/**
 * The decision inside the Allure results, so Allure 3 shows it first:
 * - a global attachment (decision.md, rendered as markdown in "Global Attachments");
 * - one global error per blocking reason ("Global Errors", with a red counter);
 * - a synthetic result `Staging decision: <verdict>` in the first group of the tree ("00. Staging
 *   decision", before the phases) that starts before every check, with decision.md as description
 *   and attachment, and a constant historyId so Allure's history shows the verdict trend (the
 *   decision trend table is added by reporters/allure-runbook.ts, from the decision history);
 * - environment.properties (Metadata) and executor.json (CI build).
 * File names are fixed: a rerun into the same folder replaces the previous decision.
 */

export const ALLURE_FILES = {
  result: 'staging-gate-decision-result.json',
  markdown: 'staging-gate-decision-attachment.md',
  json: 'staging-gate-decision-attachment.json',
  globals: 'staging-gate-decision-globals.json',
  /** The decision trend of the last runs (reporters/allure-trend.ts). */
  trendMarkdown: 'staging-gate-decision-trend-attachment.md',
  trendSvg: 'staging-gate-decision-trend-attachment.svg',
  trendJson: 'staging-gate-decision-trend.json',
  environment: 'environment.properties',
  executor: 'executor.json',
} as const;

/** Allure statuses: GO passes, CONDITIONAL is "broken" (needs a look), NO-GO fails. */
const STATUS: Record<Verdict, 'passed' | 'broken' | 'failed'> = {
  GO: 'passed',
  CONDITIONAL: 'broken',
  'NO-GO': 'failed',
};
export const DECISION_TITLE = (verdict: Verdict) => `Staging decision: ${verdict}`;
const MAX_GLOBAL_ERRORS = 25;

export function writeAllureDecision(
  resultsDir: string,
  decision: Decision,
  markdown: string,
  run: Partial<Pick<RunInfo, 'startedAt' | 'finishedAt' | 'commit'>>,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const title = DECISION_TITLE(decision.verdict);
  const start = Date.parse(run.startedAt ?? '');
  const stop = Date.parse(run.finishedAt ?? '');
  const blocking = decision.reasons.filter((r) => r.effect === 'NO-GO');
  writeAtomic(join(resultsDir, ALLURE_FILES.markdown), markdown);
  writeAtomic(join(resultsDir, ALLURE_FILES.json), `${JSON.stringify(decision, null, 2)}\n`);

  const headline =
    decision.reasons.length === 0
      ? 'GO: every GO condition is evidenced.'
      : decision.reasons
          .slice(0, 5)
          .map((r) => `${r.effect} ${r.criterion}${r.phase ? ` (${r.phase})` : ''}: ${r.message}`)
          .join('\n');
  const result = {
    uuid: randomUUID(),
    historyId: 'staging-gate:decision',
    testCaseId: 'staging-gate:decision',
    fullName: 'staging-gate: Staging decision',
    name: title,
    // One millisecond before the run: the default tree order is by start time.
    start: (Number.isFinite(start) ? start : Date.now()) - 1,
    stop: Number.isFinite(stop) ? stop : Date.now(),
    status: STATUS[decision.verdict],
    statusDetails: {
      message: headline,
      ...(decision.toGo.length > 0 ? { trace: ['What would make it GO:', ...decision.toGo].join('\n') } : {}),
    },
    stage: 'finished',
    description: markdown,
    // First group of the tree, before the phases (reporters/allure-layout.ts numbers them in runbook order).
    titlePath: [DECISION_SUITE],
    labels: [
      { name: 'parentSuite', value: DECISION_SUITE },
      { name: 'severity', value: 'blocker' },
      { name: 'staging-gate', value: 'decision' },
      { name: 'tag', value: decision.verdict },
    ],
    parameters: [],
    links: [],
    steps: [],
    attachments: [
      { name: 'decision.md', source: ALLURE_FILES.markdown, type: 'text/markdown' },
      { name: 'decision.json', source: ALLURE_FILES.json, type: 'application/json' },
    ],
  };
  writeAtomic(join(resultsDir, ALLURE_FILES.result), JSON.stringify(result));

  const now = Number.isFinite(stop) ? stop : Date.now();
  const globals = {
    attachments: [{ name: title, source: ALLURE_FILES.markdown, type: 'text/markdown', timestamp: now }],
    errors: blocking.slice(0, MAX_GLOBAL_ERRORS).map((r) => ({
      message: `NO-GO ${r.criterion}${r.phase ? ` (${r.phase})` : ''}: ${r.message}`,
      trace: [
        r.check ? `check: ${r.check}` : '',
        r.measured ? `measured: ${r.measured}` : '',
        r.threshold ? `threshold: ${r.threshold}` : '',
        `class: ${r.class}`,
        `escalation: ${r.escalation.level} ${r.escalation.team} (${r.escalation.responseMinutes} min)`,
      ]
        .filter(Boolean)
        .join('\n'),
      timestamp: now,
    })),
  };
  writeAtomic(join(resultsDir, ALLURE_FILES.globals), JSON.stringify(globals));

  writeEnvironment(resultsDir, {
    Verdict: decision.verdict,
    Target: decision.target,
    Version: decision.candidateVersion ?? 'unknown',
    Commit: run.commit ?? 'unknown',
    Run: decision.runId,
    'Decided at': decision.decidedAt,
    'Blocking reasons': String(blocking.length),
    Policy: decision.policyHash,
  });
  writeAtomic(
    join(resultsDir, ALLURE_FILES.executor),
    `${JSON.stringify(executorFromEnv(env, decision.runId), null, 2)}\n`,
  );
}

/** A previous run's decision must never show in this run's report (the results folder is not always emptied). */
export function removeAllureDecision(resultsDir: string): void {
  for (const name of [
    ALLURE_FILES.result,
    ALLURE_FILES.markdown,
    ALLURE_FILES.json,
    ALLURE_FILES.globals,
    ALLURE_FILES.trendMarkdown,
    ALLURE_FILES.trendSvg,
    ALLURE_FILES.trendJson,
  ]) {
    rmSync(join(resultsDir, name), { force: true });
  }
}

/** environment.properties with our keys replaced and any other writer's keys kept. */
function writeEnvironment(resultsDir: string, values: Record<string, string>): void {
  const file = join(resultsDir, ALLURE_FILES.environment);
  const ours = Object.keys(values).map(escapeKey);
  const kept = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '' && !ours.some((k) => line.startsWith(`${k}=`)))
    : [];
  const lines = Object.entries(values).map(([k, v]) => `${escapeKey(k)}=${escapeValue(v)}`);
  writeAtomic(file, `${[...kept, ...lines].join('\n')}\n`);
}

/** Java properties escaping (what Allure's reader parses). */
function escapeKey(key: string): string {
  return escapeValue(key).replace(/[ =:#!]/g, (c) => `\\${c}`);
}

function escapeValue(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
