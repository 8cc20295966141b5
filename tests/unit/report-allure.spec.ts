import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test as base, chromium, expect } from '@playwright/test';
import { writeAllureDecision } from '../../reporters/decision/allure-decision.ts';
import { decide } from '../../reporters/decision/decide.ts';
import { defaultPolicy } from '../../reporters/decision/policy.ts';
import { renderMarkdown } from '../../reporters/decision/render-markdown.ts';
import { healthFailedRun as noGoEvidence } from './evidence-fixtures.ts';

/** The deployment report end to end: decision in allure-results -> `npm run report` -> one HTML file -> Chromium. */

import { chromiumLaunchOptions } from '../../fixtures/browser/chromium.ts';

const ROOT = resolve(import.meta.dirname, '../..');

const test = base.extend<{ workdir: string }>({
  workdir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'staging-gate-report-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});

test.describe.configure({ timeout: 90_000 });

/** What allure-playwright writes for one check (the fields Allure 3 reads). */
function allureResult(dir: string, name: string, project: string, status: 'passed' | 'failed', message?: string): void {
  const uuid = crypto.randomUUID();
  const start = Date.parse('2025-01-01T10:00:05.000Z');
  writeFileSync(
    join(dir, `${uuid}-result.json`),
    JSON.stringify({
      uuid,
      historyId: `${project}:${name}`,
      testCaseId: `${project}:${name}`,
      fullName: `${project}.spec.ts#${name}`,
      name,
      status,
      statusDetails: message ? { message, trace: `Error: ${message}\n    at ${project}.spec.ts:10:5` } : {},
      stage: 'finished',
      start,
      stop: start + 250,
      titlePath: [project, `${project}.spec.ts`],
      labels: [
        { name: 'parentSuite', value: project },
        { name: 'suite', value: `${project}.spec.ts` },
      ],
      steps: [],
      attachments: [],
      parameters: [],
      links: [],
    }),
  );
}

function report(cwd: string, args: string[]) {
  const run = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'report.ts'), ...args],
    {
      cwd,
      env: {
        ...process.env,
        STAGING_ALLURE_HISTORY_FILE: join(cwd, 'history', 'allure-history.jsonl'),
        FORCE_COLOR: '0',
      },
      encoding: 'utf8',
      timeout: 80_000,
    },
  );
  return { code: run.status, out: `${run.stdout}\n${run.stderr}` };
}

test('report: the decision is first in a single-file Allure report that opens from file://', async ({ workdir }) => {
  const results = join(workdir, 'allure-results');
  mkdirSync(results);
  allureResult(results, 'every health endpoint answers 200', 'health', 'failed', 'GET /api/health returned 503');
  allureResult(results, 'postgresql answers SELECT 1', 'infra', 'passed');
  const evidence = noGoEvidence();
  const decision = decide(evidence, defaultPolicy(), []);
  writeAllureDecision(results, decision, renderMarkdown(decision, { evidence }), evidence.run, {});

  const out = join(workdir, 'allure-report');
  const run = report(workdir, ['--results', results, '--output', out]);
  expect(run.code, run.out).toBe(0);
  expect(run.out).toMatch(/allure-report\/index\.html \(single file, [\d.]+ MB\) in [\d.]+ s/);
  test.info().annotations.push({ type: 'report generation', description: run.out.trim() });
  expect(readdirSync(out).filter((f) => /\.(html|js|css)$/.test(f))).toEqual(['index.html']);
  expect(existsSync(join(workdir, 'history', 'allure-history.jsonl'))).toBe(true);

  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    // Offline by construction: only the file itself (and loopback) may load.
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      const local =
        ['file:', 'data:', 'blob:'].includes(url.protocol) || ['127.0.0.1', 'localhost'].includes(url.hostname);
      return local ? route.continue() : route.abort();
    });
    await page.goto(pathToFileURL(join(out, 'index.html')).href);
    // The single file carries the whole report app (MBs of script): on two busy cores its first render
    // has taken more than the default 5 s (seen once in .ci/run: header drawn, title not yet).
    await expect(page.getByText('staging-gate deployment report: NO-GO')).toBeVisible({ timeout: 20_000 });
    const first = decision.reasons[0];
    expect(first?.message).toBe('GET /api/health returned 503 | body {"status":"degraded"}');
    // The synthetic decision result is the first entry of the results tree, before the failed check
    // (groups with only passed checks start collapsed, so infra's check is not listed).
    const tree = page.getByText(
      /^(Staging decision: NO-GO|every health endpoint answers 200|postgresql answers SELECT 1)$/,
    );
    await expect(tree).toHaveText(['Staging decision: NO-GO', 'every health endpoint answers 200']);
    // The decision as a global attachment (markdown rendered in a frame): verdict heading and first reason.
    await page.getByText('Global Attachments').click();
    await page.getByText('Staging decision: NO-GO').click();
    const rendered = page.frameLocator('iframe').first();
    await expect(rendered.getByRole('heading', { name: 'Staging decision: NO-GO' })).toBeVisible();
    await expect(rendered.getByRole('cell', { name: first?.message ?? 'missing' })).toBeVisible();
  } finally {
    await browser.close();
  }
  expect(readFileSync(join(results, 'environment.properties'), 'utf8')).toContain('Verdict=NO-GO');
});

test('report: no allure-results is a clear failure, not an empty report', ({ workdir }) => {
  const run = report(workdir, ['--results', join(workdir, 'nothing'), '--output', join(workdir, 'allure-report')]);
  expect(run.code, run.out).toBe(1);
  expect(run.out).toMatch(/no Allure results in .*nothing\. Run the gate first/);
  expect(existsSync(join(workdir, 'allure-report'))).toBe(false);
});
