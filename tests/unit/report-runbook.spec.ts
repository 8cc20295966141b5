import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test as base, chromium, expect } from '@playwright/test';
import { PHASES } from '../../core/catalog.ts';
import { chromiumLaunchOptions } from '../../fixtures/browser/chromium.ts';
import { DECISION_SUITE, phaseSuite } from '../../reporters/allure-layout.ts';
import { arrangeAllureResults, type RunbookCheck } from '../../reporters/allure-runbook.ts';
import { readTrend, writeDecisionTrend } from '../../reporters/allure-trend.ts';
import { ALLURE_FILES, writeAllureDecision } from '../../reporters/decision/allure-decision.ts';
import { decide } from '../../reporters/decision/decide.ts';
import { defaultPolicy } from '../../reporters/decision/policy.ts';
import { renderMarkdown } from '../../reporters/decision/render-markdown.ts';
import { healthFailedRun } from './evidence-fixtures.ts';

/**
 * "A report grouped by the runbook": allure-playwright's results rewritten by reporters/allure-runbook.ts,
 * rendered by `npm run report`, looked at in Chromium: the decision first, then the phases in runbook
 * order; a check blocked by a failed phase shows as "did not run", not as a skip; the decision trend.
 */

const ROOT = resolve(import.meta.dirname, '../..');

const test = base.extend<{ workdir: string }>({
  workdir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'staging-gate-report-runbook-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});

test.describe.configure({ timeout: 90_000 });

const T0 = Date.parse('2025-01-01T10:00:05.000Z');

/** The run the report is about: health failed, so every later phase did not run. */
const CHECKS: (RunbookCheck & { start: number })[] = [
  {
    project: 'preflight',
    file: 'tests/preflight/configuration.spec.ts',
    describes: [],
    title: 'configuration is complete and valid for the chosen target',
    status: 'passed',
    start: T0,
  },
  {
    project: 'infra',
    file: 'tests/infra/infrastructure.spec.ts',
    describes: [],
    title: 'postgresql answers SELECT 1',
    status: 'passed',
    start: T0 + 1000,
  },
  {
    project: 'deploy',
    file: 'tests/deploy/application.spec.ts',
    describes: [],
    title: 'the running version is the candidate release',
    status: 'passed',
    start: T0 + 2000,
  },
  {
    project: 'health',
    file: 'tests/health/health-endpoints.spec.ts',
    describes: ['endpoints'],
    title: 'every health endpoint answers its status with a body that matches the profile',
    status: 'failed',
    start: T0 + 3000,
  },
  // Written by allure-playwright as plain skips, with start times out of runbook order.
  {
    project: 'api',
    file: 'tests/api/contracts.spec.ts',
    describes: [],
    title: 'unknown routes answer 404 in the documented error shape',
    status: 'did-not-run',
    start: T0 + 4000,
  },
  {
    project: 'integration',
    file: 'tests/integration/data-invariants.spec.ts',
    describes: [],
    title: "the profile's data invariants hold in PostgreSQL and Redis",
    status: 'did-not-run',
    start: T0 + 5000,
  },
  {
    project: 'security',
    file: 'tests/security/headers.spec.ts',
    describes: [],
    title: 'responses carry the required security headers',
    status: 'did-not-run',
    start: T0 + 4500,
  },
  {
    project: 'perf',
    file: 'tests/perf/critical-paths.spec.ts',
    describes: [],
    title: 'critical paths hold their thresholds under bounded load',
    status: 'did-not-run',
    start: T0 + 6000,
  },
  {
    project: 'rollback',
    file: 'tests/rollback/rehearsal.spec.ts',
    describes: [],
    title: 'rollback to the previous release is rehearsed within 5 minutes and rolled forward',
    status: 'did-not-run',
    start: T0 + 7000,
  },
  {
    project: 'staging',
    file: 'tests/staging/candidate-live.spec.ts',
    describes: [],
    title: 'the candidate release is live and healthy at the go-live decision',
    status: 'did-not-run',
    start: T0 + 8000,
  },
  // allure-playwright writes no result for this one (it matches unstarted tests by title): the layout must.
  {
    project: 'integration:specs',
    file: '../sample-apps/orders/specs/order-lifecycle.spec.ts',
    describes: ['orders'],
    title: 'an order goes through its lifecycle',
    status: 'did-not-run',
    start: 0,
  },
];

/** What allure-playwright 3 writes for a test (labels, titlePath, parameters as it does). */
function allurePlaywrightResult(dir: string, c: RunbookCheck & { start: number }): string {
  const uuid = crypto.randomUUID();
  const status = c.status === 'did-not-run' ? 'skipped' : c.status === 'passed' ? 'passed' : 'failed';
  writeFileSync(
    join(dir, `${uuid}-result.json`),
    JSON.stringify({
      uuid,
      historyId: `${c.project}:${c.title}`,
      testCaseId: `${c.project}:${c.title}`,
      fullName: [c.file, ...c.describes, c.title].join(' › '),
      name: c.title,
      status,
      statusDetails: status === 'failed' ? { message: 'GET /api/health returned 503' } : {},
      stage: 'finished',
      start: c.start,
      stop: c.start + 200,
      titlePath: ['staging-gate', c.file.split('/').at(-1)],
      labels: [
        { name: 'language', value: 'javascript' },
        { name: 'framework', value: 'playwright' },
        { name: 'titlePath', value: ['', c.project, c.file, ...c.describes].join(' > ') },
        { name: 'parentSuite', value: c.project },
        { name: 'suite', value: c.file },
        ...(c.describes.length ? [{ name: 'subSuite', value: c.describes.join(' > ') }] : []),
      ],
      parameters: [{ name: 'Project', value: c.project }],
      steps: [],
      attachments: [],
      links: [],
    }),
  );
  return uuid;
}

function readResults(dir: string) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('-result.json') && f !== ALLURE_FILES.result)
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
}
const label = (r: { labels: { name: string; value: string }[] }, name: string) =>
  r.labels.find((l) => l.name === name)?.value;

/** Allure results as the gate leaves them: allure-playwright's, the decision's, then the runbook layout and trend. */
function gateResults(workdir: string) {
  const results = join(workdir, 'allure-results');
  mkdirSync(results, { recursive: true });
  for (const c of CHECKS.filter((c) => c.project !== 'integration:specs')) allurePlaywrightResult(results, c);
  const evidence = healthFailedRun();
  const decision = decide(evidence, defaultPolicy(), []);
  writeAllureDecision(results, decision, renderMarkdown(decision, { evidence }), evidence.run, {});
  const history = join(workdir, 'history.jsonl');
  const past = [
    ['run-a', '2024-12-28T09:00:00.000Z', 'GO'],
    ['run-b', '2024-12-29T09:00:00.000Z', 'CONDITIONAL'],
    ['run-c', '2024-12-30T09:00:00.000Z', 'GO'],
    [decision.runId, decision.decidedAt, decision.verdict],
  ].map(([runId, decidedAt, verdict]) =>
    JSON.stringify({ runId, decidedAt, verdict, target: 'reference', candidateVersion: '1.1.0', keyMeasurements: [] }),
  );
  writeFileSync(history, `${past.join('\n')}\n`);
  const summary = arrangeAllureResults(results, CHECKS, T0 + 9000);
  writeDecisionTrend(results, readTrend(history), decision);
  return { results, decision, summary };
}

test('report layout: results grouped by runbook phase, blocked checks did not run, idempotent', ({ workdir }) => {
  const { results, summary } = gateResults(workdir);
  expect(summary).toEqual({ relabelled: 10, didNotRun: 6, written: 1 });

  const byName = new Map(readResults(results).map((r) => [r.name as string, r]));
  expect(byName.size).toBe(CHECKS.length);
  const preflight = byName.get(CHECKS[0]!.title);
  expect(label(preflight, 'parentSuite')).toBe('01. Phase 1: Pre-Flight Validation');
  expect(label(preflight, 'suite')).toBe('tests/preflight/configuration.spec.ts');
  expect(preflight.titlePath).toEqual(['01. Phase 1: Pre-Flight Validation', 'tests/preflight/configuration.spec.ts']);
  const health = byName.get(CHECKS[3]!.title);
  expect([label(health, 'parentSuite'), label(health, 'subSuite'), health.status]).toEqual([
    '04. Phase 4: Health Validation',
    'endpoints',
    'failed',
  ]);
  for (const c of CHECKS.filter((c) => c.status === 'did-not-run')) {
    const r = byName.get(c.title);
    expect([r.status, r.statusDetails.message], c.title).toEqual([
      'unknown',
      "did not run: blocked by failed phase 'health'",
    ]);
  }
  // The team's own specs sit under the integration phase.
  const team = byName.get('an order goes through its lifecycle');
  expect([label(team, 'parentSuite'), label(team, 'suite'), label(team, 'subSuite')]).toEqual([
    '05. Phase 5: Integration Testing',
    'Team specs: ../sample-apps/orders/specs/order-lifecycle.spec.ts',
    'orders',
  ]);
  expect(team).toMatchObject({ uuid: expect.any(String), fullName: expect.any(String), stage: 'finished' });

  // Every group name sorts in runbook order, the decision first.
  const groups = [
    DECISION_SUITE,
    ...PHASES.map((p) => phaseSuite(p.id)),
    phaseSuite('staging'),
    phaseSuite('teardown'),
  ];
  expect([...groups].sort()).toEqual(groups);
  expect(phaseSuite('integration:specs')).toBe(phaseSuite('integration'));

  // A second pass (merge-reports, a rerun of the reporter) changes nothing and adds nothing.
  expect(arrangeAllureResults(results, CHECKS)).toEqual({ relabelled: 0, didNotRun: 0, written: 0 });
  expect(readResults(results)).toHaveLength(CHECKS.length);

  const decision = JSON.parse(readFileSync(join(results, ALLURE_FILES.result), 'utf8'));
  expect(label(decision, 'parentSuite')).toBe('00. Staging decision');
  expect(decision.description).toContain('Oldest to newest: GO → CONDITIONAL → GO → NO-GO');
  expect(decision.attachments.map((a: { name: string }) => a.name)).toEqual([
    'decision.md',
    'decision.json',
    'decision-trend.md',
    'decision-trend.svg',
  ]);
});

test('report: decision first, phases in runbook order, a blocked check shows as did not run, decision trend', async ({
  workdir,
}) => {
  const { results } = gateResults(workdir);
  const out = join(workdir, 'allure-report');
  const run = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(ROOT, 'scripts', 'report.ts'),
      '--results',
      results,
      '--output',
      out,
    ],
    {
      cwd: workdir,
      env: { ...process.env, STAGING_ALLURE_HISTORY_FILE: join(workdir, 'allure-history.jsonl'), FORCE_COLOR: '0' },
      encoding: 'utf8',
      timeout: 80_000,
    },
  );
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);

  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      const local =
        ['file:', 'data:', 'blob:'].includes(url.protocol) || ['127.0.0.1', 'localhost'].includes(url.hostname);
      return local ? route.continue() : route.abort();
    });
    await page.goto(pathToFileURL(join(out, 'index.html')).href);
    // A 4 MB single file: parsing it may take a while on a busy 2-core machine.
    await expect(page.getByText('staging-gate deployment report: NO-GO')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText('GO → CONDITIONAL → GO → NO-GO')).toBeVisible();

    // The tree's top level: the decision, then the phases in runbook order.
    const top = page.getByText(/^\d\d\. /);
    await expect(top).toHaveText([
      '00. Staging decision',
      '01. Phase 1: Pre-Flight Validation',
      '02. Phase 2: Infrastructure Preparation',
      '03. Phase 3: Application Deployment',
      '04. Phase 4: Health Validation',
      '05. Phase 5: Integration Testing',
      '06. Phase 5: API Validation',
      '07. GO condition: Security validation',
      '08. Phase 6: Performance Validation',
      '09. GO condition: Rollback plan tested and ready',
      '10. Phase 7: Candidate live at the go-live decision',
    ]);
    await expect(page.getByText('Staging decision: NO-GO', { exact: true })).toBeVisible();
    // Did-not-run checks are counted as such (Allure "Unknown"), not as skipped.
    await expect(page.getByRole('button', { name: /^Unknown\s*7$/ })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Skipped/ })).toHaveCount(0);

    // A blocked phase's group starts collapsed (nothing failed in it): open it down to the check.
    const blocked = page.getByText('critical paths hold their thresholds under bounded load');
    await page.getByText('08. Phase 6: Performance Validation').click();
    if (!(await blocked.isVisible())) await page.getByText('tests/perf/critical-paths.spec.ts').click();
    await expect(blocked).toBeVisible();

    // The report scrolls inside its own container: a tall viewport shows the whole tree.
    await page.setViewportSize({ width: 1280, height: 2000 });
    const shot = test.info().outputPath('report-runbook-tree.png');
    await page.screenshot({ path: shot });
    await test.info().attach('report tree', { path: shot, contentType: 'image/png' });
    if (process.env.STAGING_REPORT_SCREENSHOT) copyFileSync(shot, process.env.STAGING_REPORT_SCREENSHOT);

    // A blocked check: its page says why it did not run.
    await blocked.click();
    // Status "Unknown" in the category "Did not run", the reason in the description (rendered in a frame).
    await expect(page.getByText('Category: Did not run (blocked by a failed phase)')).toBeVisible();
    await expect(page.getByText('Unknown', { exact: true })).toBeVisible();
    const description = page.frameLocator('iframe').first();
    await expect(description.getByText("did not run: blocked by failed phase 'health'")).toBeVisible();
    const detail = test.info().outputPath('report-runbook-did-not-run.png');
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.screenshot({ path: detail });
    await test.info().attach('did-not-run check', { path: detail, contentType: 'image/png' });
    if (process.env.STAGING_REPORT_SCREENSHOT) {
      copyFileSync(detail, process.env.STAGING_REPORT_SCREENSHOT.replace(/\.png$/, '-did-not-run.png'));
    }
  } finally {
    await browser.close();
  }
});
