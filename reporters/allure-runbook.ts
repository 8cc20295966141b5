import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { loadConfig } from '../core/config/load-config.ts';
import type { CheckStatus, Decision } from '../core/evidence.ts';
import { resolveAllureResultsDir } from '../core/output-paths.ts';
import { ALLURE_FILES } from './decision/allure-decision.ts';
import { blockingPhaseOf } from './decision/ledger.ts';
import { resolveOutputs } from './decision/run-context.ts';
import { writeAtomic } from './decision/write-outputs.ts';
import { phaseKey, suiteLabels } from './allure-layout.ts';
import { readTrend, writeDecisionTrend } from './allure-trend.ts';

/**
 * Listed after allure-playwright (and before redact-outputs): rewrites its `*-result.json` so the
 * report is the runbook.
 * - parentSuite / suite / subSuite = phase (runbook title, numbered) / spec file / describe blocks,
 *   and the same as titlePath (the tree Allure 3 builds when no groupBy is configured);
 * - a check that did not run because a phase failed is status "unknown" with
 *   "did not run: blocked by failed phase '<phase>'", not a plain skip; allure-playwright writes no
 *   result for some of them (it matches by title), so those get one;
 * - the decision entry gets the decision trend of the last runs (reporters/allure-trend.ts).
 */

/** One Playwright test, as the layout needs it (same id as the evidence's check id). */
export interface RunbookCheck {
  project: string;
  /** The file suite's title: the spec path relative to the config's root. */
  file: string;
  describes: string[];
  title: string;
  status: CheckStatus;
}

export interface ArrangeSummary {
  relabelled: number;
  /** Results turned from "skipped" into "did not run". */
  didNotRun: number;
  /** Results written for checks allure-playwright left out. */
  written: number;
}

const FAILED: readonly CheckStatus[] = ['failed', 'timedOut', 'interrupted'];
const SUITE_LABELS = new Set(['parentSuite', 'suite', 'subSuite', 'phase']);

/** Why a check did not run, in the words of the decision (reporters/decision/check-reasons.ts). */
export function didNotRunMessage(check: Pick<RunbookCheck, 'project'>, checks: readonly RunbookCheck[]): string {
  const failed = new Set(checks.filter((c) => FAILED.includes(c.status)).map((c) => phaseKey(c.project)));
  const group = phaseKey(check.project);
  const blocking = blockingPhaseOf(group, failed);
  return blocking && blocking !== group
    ? `did not run: blocked by failed phase '${blocking}'`
    : 'did not run: the run stopped before it (interrupted, timed out or --max-failures)';
}

/** Allure 3 shows an "unknown" result's message only in its category: the description says it on the check's page. */
function didNotRunDescription(message: string): string {
  return `**${message}**\n\nThis check never started: Playwright skips the projects that depend on a failed phase. It is no evidence either way; the decision counts it as not evaluated.`;
}

/** The check's key, `project > file > describe > title`, with inline @tags removed (Allure strips them from names). */
function keyOf(project: string, file: string, describes: readonly string[], title: string): string {
  const clean = (s: string) => s.replace(/(^|\s)@[\w:.-]+/g, '').trim();
  return [project, file, ...describes, clean(title)].join(' > ');
}

interface AllureLabel {
  name: string;
  value: string;
}

interface AllureResult {
  uuid: string;
  name: string;
  status?: string;
  statusDetails?: { message?: string; trace?: string };
  labels: AllureLabel[];
  parameters?: { name: string; value: string }[];
  titlePath?: string[];
  [key: string]: unknown;
}

/** Project, file and describes of an allure-playwright result, from its `titlePath` label (` > project > file > describe`). */
function placeOf(result: AllureResult): { project: string; file: string; describes: string[] } | null {
  const path = result.labels.find((l) => l.name === 'titlePath')?.value;
  if (typeof path !== 'string') return null;
  const [, project, file, ...describes] = path.split(' > ');
  const fromParameter = result.parameters?.find((p) => p.name === 'Project')?.value;
  if (!file || !(project || fromParameter)) return null;
  return { project: project || fromParameter!, file, describes };
}

function withSuites(result: AllureResult, project: string, file: string, describes: readonly string[]): AllureResult {
  const suites = suiteLabels(project, file, describes);
  return {
    ...result,
    labels: [
      ...result.labels.filter((l) => !SUITE_LABELS.has(l.name)),
      { name: 'parentSuite', value: suites.parentSuite },
      { name: 'suite', value: suites.suite },
      ...(suites.subSuite ? [{ name: 'subSuite', value: suites.subSuite }] : []),
      { name: 'phase', value: phaseKey(project) },
    ],
    titlePath: [suites.parentSuite, suites.suite, ...describes],
  };
}

/**
 * Rewrites the results folder in place; idempotent (a second pass changes nothing). `checks` is every
 * test of the run with its status, `did-not-run` for those that never started.
 */
export function arrangeAllureResults(
  resultsDir: string,
  checks: readonly RunbookCheck[],
  now: number = Date.now(),
): ArrangeSummary {
  const summary: ArrangeSummary = { relabelled: 0, didNotRun: 0, written: 0 };
  if (!existsSync(resultsDir)) return summary;
  const byKey = new Map(checks.map((c) => [keyOf(c.project, c.file, c.describes, c.title), c]));
  const seen = new Set<string>();
  for (const entry of readdirSync(resultsDir)) {
    if (!entry.endsWith('-result.json') || entry === ALLURE_FILES.result) continue;
    const file = join(resultsDir, entry);
    let result: AllureResult;
    try {
      result = JSON.parse(readFileSync(file, 'utf8')) as AllureResult;
    } catch {
      continue;
    }
    if (!Array.isArray(result.labels)) continue;
    const place = placeOf(result);
    if (!place) continue;
    let next = withSuites(result, place.project, place.file, place.describes);
    const key = keyOf(place.project, place.file, place.describes, result.name);
    seen.add(key);
    const check = byKey.get(key);
    if (check?.status === 'did-not-run' && (result.status === 'skipped' || result.status === 'unknown')) {
      const message = didNotRunMessage(check, checks);
      if (result.status !== 'unknown' || result.statusDetails?.message !== message) summary.didNotRun++;
      next = { ...next, status: 'unknown', statusDetails: { message }, description: didNotRunDescription(message) };
    }
    const text = JSON.stringify(next);
    if (text !== JSON.stringify(result)) {
      writeAtomic(file, text);
      summary.relabelled++;
    }
  }
  for (const check of checks) {
    const key = keyOf(check.project, check.file, check.describes, check.title);
    if (check.status !== 'did-not-run' || seen.has(key)) continue;
    seen.add(key);
    writeDidNotRunResult(resultsDir, check, didNotRunMessage(check, checks), now);
    summary.written++;
  }
  return summary;
}

/** A result for a check allure-playwright did not write: what Allure 3 needs to list it. */
function writeDidNotRunResult(resultsDir: string, check: RunbookCheck, message: string, now: number): void {
  const uuid = randomUUID();
  const id = keyOf(check.project, check.file, check.describes, check.title);
  const result: AllureResult = withSuites(
    {
      uuid,
      historyId: `staging-gate:${id}`,
      testCaseId: `staging-gate:${id}`,
      fullName: [check.file, ...check.describes, check.title].join(' › '),
      name: check.title,
      status: 'unknown',
      statusDetails: { message },
      description: didNotRunDescription(message),
      stage: 'finished',
      start: now,
      stop: now,
      labels: [
        { name: 'language', value: 'javascript' },
        { name: 'framework', value: 'playwright' },
        { name: 'titlePath', value: ['', check.project, check.file, ...check.describes].join(' > ') },
      ],
      parameters: [{ name: 'Project', value: check.project }],
      links: [],
      steps: [],
      attachments: [],
    },
    check.project,
    check.file,
    check.describes,
  );
  writeAtomic(join(resultsDir, `${uuid}-result.json`), JSON.stringify(result));
}

/** Every test of the run from Playwright's suite: a test without a result never started. */
export function checksOf(root: Suite, results: ReadonlyMap<TestCase, TestResult>): RunbookCheck[] {
  return root.allTests().map((test) => {
    const [, project = 'unknown', file = test.location.file, ...rest] = test.titlePath();
    const result = results.get(test) ?? test.results.at(-1);
    return {
      project: test.parent.project()?.name ?? project,
      file,
      describes: rest.slice(0, -1),
      title: test.title,
      status: result ? result.status : 'did-not-run',
    };
  });
}

/** Reporter options (`['./reporters/allure-runbook.ts']`); `_mode` is set by Playwright. */
interface Options {
  _mode?: string;
}

export default class AllureRunbookReporter implements Reporter {
  private suite: Suite | undefined;
  private shard: FullConfig['shard'] = null;
  private readonly results = new Map<TestCase, TestResult>();

  constructor(private readonly options: Options = {}) {}

  onBegin(config: FullConfig, suite: Suite): void {
    this.suite = suite;
    this.shard = config.shard;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.results.set(test, result);
  }

  onEnd(): void {
    if (this.options._mode === 'list' || process.argv.includes('--list') || !this.suite) return;
    // One shard cannot know which checks the others ran; merge-reports over all shards can.
    if (this.shard && this.shard.total > 1) return;
    // The verdict is already written: the report's layout is best effort and never fails the run.
    try {
      const resultsDir = resolveAllureResultsDir();
      arrangeAllureResults(resultsDir, checksOf(this.suite, this.results));
      const { historyFile } = resolveOutputs(loadConfig());
      const decision = readDecision(resultsDir);
      writeDecisionTrend(resultsDir, readTrend(historyFile), decision);
    } catch (error) {
      console.warn(`staging-gate: could not arrange the Allure results by phase: ${(error as Error).message}`);
    }
  }

  printsToStdio(): boolean {
    return false;
  }
}

function readDecision(resultsDir: string): Decision | null {
  try {
    return JSON.parse(readFileSync(join(resultsDir, ALLURE_FILES.json), 'utf8')) as Decision;
  } catch {
    return null;
  }
}
