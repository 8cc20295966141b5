import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { PHASES } from '../../core/catalog.ts';
import type { Decision, Evidence } from '../../core/evidence.ts';

/**
 * The decision reporter inside a real Playwright run: a tiny project whose projects are the
 * phases, each with one check per criterion its phase must evidence. Env switches make a phase
 * fail, a check flaky, or the reporter throw.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
const REPORTER = join(ROOT, 'reporters', 'decision-reporter.ts');

/** A throwaway project folder outside test-results (a concurrent run empties that), removed afterwards. */
const test = base.extend<{ project: string }>({
  project: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'staging-gate-reporter-'));
    // The child's specs import @playwright/test: resolve it from this checkout.
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeProject(dir);
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});

test.describe.configure({ timeout: 90_000 });

function writeProject(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const projects = [
    ...PHASES.map((p) => ({ name: p.id, testMatch: `${p.id}.spec.mjs`, dependencies: [...p.dependsOn] })),
    { name: 'staging', testMatch: 'staging.spec.mjs', dependencies: ['rollback'] },
  ];
  const config = { testDir: '.', outputDir: './test-results', workers: 2, reporter: [[REPORTER]], projects };
  writeFileSync(
    join(dir, 'pw.config.mjs'),
    `const config = ${JSON.stringify(config)};\nconfig.retries = Number(process.env.RETRIES ?? 0);\nexport default config;\n`,
  );
  for (const p of PHASES) {
    const criteria = p.mustEvidence.length > 0 ? [...p.mustEvidence] : ['integration-tests-failing'];
    const tests = criteria.map(
      (criterion) => `
test(${JSON.stringify(`${p.id} evidences ${criterion}`)}, { annotation: { type: 'criterion', description: ${JSON.stringify(criterion)} } }, async ({}, testInfo) => {
  testInfo.annotations.push({ type: 'staging-gate:measurement', description: JSON.stringify({ name: ${JSON.stringify(`${p.id}.probe.count`)}, value: 3, unit: 'count', samples: 3 }) });
  if (process.env.FAIL_PHASE === ${JSON.stringify(p.id)}) throw new Error('harness-free failure: ${p.id} check failed with secret s3cr3t-value');
  if (process.env.FLAKY_PHASE === ${JSON.stringify(p.id)} && testInfo.retry === 0) throw new Error('first attempt fails');
});`,
    );
    writeFileSync(join(dir, `${p.id}.spec.mjs`), `import { test } from '@playwright/test';\n${tests.join('\n')}\n`);
  }
  writeFileSync(
    join(dir, 'staging.spec.mjs'),
    `import { test } from '@playwright/test';\ntest('the candidate is live', { annotation: { type: 'criterion', description: 'all-phases-completed' } }, async () => {});\n`,
  );
}

interface Run {
  code: number | null;
  out: string;
  decision: Decision | null;
  evidence: Evidence | null;
  dir: string;
}

function runChild(dir: string, args: string[], env: Record<string, string> = {}): Run {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(STAGING_|ALLURE_|PLAYWRIGHT_|PW_|TEST_|FORCE_COLOR)/.test(k)),
  );
  const child = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: {
      ...clean,
      STAGING_ENV_FILE: join(dir, 'absent.env'),
      STAGING_OUTPUT_DIR: join(dir, 'staging-report'),
      STAGING_HISTORY_FILE: join(dir, 'history.jsonl'),
      ALLURE_RESULTS_DIR: join(dir, 'allure-results'),
      // The reference profile's secrets (its deploy.generate): the gate's run set-up makes them, this child has none.
      STAGING_DB_PASSWORD: 's3cr3t-value',
      STAGING_AUTH_SECRET: 'reporter-auth-secret-0123456789',
      STAGING_ADMIN_PASSWORD: 'reporter-admin-password-0123456789',
      METRICS_TOKEN: 'reporter-metrics-token-0123456789',
      NO_COLOR: '1',
      ...env,
    },
    encoding: 'utf8',
    timeout: 80_000,
  });
  const read = <T>(name: string): T | null => {
    const file = join(dir, 'staging-report', name);
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : null;
  };
  return {
    code: child.status,
    out: `${child.stdout}\n${child.stderr}`,
    decision: read<Decision>('decision.json'),
    evidence: read<Evidence>('evidence.json'),
    dir,
  };
}

function gate(dir: string, env: Record<string, string> = {}): Run {
  return runChild(dir, ['test', '-c', join(dir, 'pw.config.mjs')], env);
}

test('reporter: a passing run is GO with exit 0, evidence, decision, history and Allure results', ({ project }) => {
  const summary = join(project, 'step-summary.md');
  const run = gate(project, { GITHUB_STEP_SUMMARY: summary });
  expect(run.decision?.verdict, run.out).toBe('GO');
  expect(run.code, run.out).toBe(0);
  expect(run.evidence?.checks).toHaveLength(11);
  expect(run.evidence?.run.selectedPhases).toEqual(PHASES.map((p) => p.id));
  expect(run.evidence?.checks.find((c) => c.title === 'the candidate is live')).toMatchObject({
    phase: 'unknown',
    project: 'staging',
  });
  expect(run.evidence?.checks[0]?.measurements[0]).toMatchObject({ unit: 'count', samples: 3 });
  expect(readFileSync(join(run.dir, 'staging-report', 'decision.md'), 'utf8')).toMatch(/^# Staging decision: GO/);
  expect(run.out).toContain('STAGING DECISION: GO');
  expect(readFileSync(summary, 'utf8')).toMatch(/^# Staging decision: GO/);
  expect(readFileSync(join(run.dir, 'history.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  const result = JSON.parse(readFileSync(join(run.dir, 'allure-results', 'staging-gate-decision-result.json'), 'utf8'));
  expect(result).toMatchObject({ name: 'Staging decision: GO', status: 'passed' });
  expect(readFileSync(join(run.dir, 'allure-results', 'environment.properties'), 'utf8')).toContain('Verdict=GO');
});

test('reporter: a failed phase is NO-GO with exit 1, later phases did not run, secrets redacted', ({ project }) => {
  const run = gate(project, { FAIL_PHASE: 'infra' });
  expect(run.decision?.verdict, run.out).toBe('NO-GO');
  expect(run.code).toBe(1);
  const reasons = run.decision?.reasons ?? [];
  expect(reasons[0]).toMatchObject({
    criterion: 'database-connectivity-failed',
    phase: 'infra',
    class: 'infrastructure',
  });
  expect(reasons.find((r) => r.phase === 'rollback')?.message).toMatch(
    /did not run .* blocked by failed phase 'infra'/,
  );
  expect(run.evidence?.checks.filter((c) => c.status === 'did-not-run').length).toBeGreaterThan(5);
  const files = ['evidence.json', 'decision.json', 'decision.md'].map((f) =>
    readFileSync(join(run.dir, 'staging-report', f), 'utf8'),
  );
  for (const text of [...files, run.out]) expect(text).not.toContain('s3cr3t-value');
  expect(files[0]).toContain('***');
});

test('reporter: an exception inside the decision ends in NO-GO and a failed run, never GO', ({ project }) => {
  // A previous GO must not survive: stale decision files are replaced, in the output and in the Allure results.
  mkdirSync(join(project, 'staging-report'), { recursive: true });
  mkdirSync(join(project, 'allure-results'), { recursive: true });
  writeFileSync(join(project, 'staging-report', 'decision.json'), JSON.stringify({ verdict: 'GO' }));
  writeFileSync(
    join(project, 'allure-results', 'staging-gate-decision-result.json'),
    JSON.stringify({ name: 'Staging decision: GO' }),
  );
  const run = gate(project, { STAGING_GATE_FAULT_REPORTER: 'throw' });
  expect(run.code, run.out).toBe(1);
  expect(run.decision?.verdict).toBe('NO-GO');
  expect(run.decision?.reasons[0]).toMatchObject({
    criterion: 'all-phases-completed',
    class: 'harness',
    message: 'harness: decision reporter crashed: fault injected by STAGING_GATE_FAULT_REPORTER=throw',
  });
  expect(run.out).toContain('verdict NO-GO (fail closed)');
  const allure = JSON.parse(readFileSync(join(project, 'allure-results', 'staging-gate-decision-result.json'), 'utf8'));
  expect(allure).toMatchObject({ name: 'Staging decision: NO-GO', status: 'failed' });
});

test('reporter: a check that passed only on retry makes the run CONDITIONAL and is named', ({ project }) => {
  const run = gate(project, { FLAKY_PHASE: 'api', RETRIES: '1' });
  expect(run.decision?.verdict, run.out).toBe('CONDITIONAL');
  expect(run.code).toBe(0);
  expect(run.decision?.reasons).toEqual([
    expect.objectContaining({
      criterion: 'minor-non-blocking-issue',
      check: 'api evidences integration-tests-failing',
    }),
  ]);
});

test('reporter: sharded blob reports merged with merge-reports give one decision over every shard', ({
  project: dir,
}) => {
  const merge = join(dir, 'all-blobs');
  mkdirSync(merge, { recursive: true });
  for (const shard of [1, 2]) {
    // Each CI machine has its own blob folder (the blob reporter empties it); CI collects the zips.
    const blobDir = join(dir, `blob-${shard}`);
    const reporters = `--reporter=blob,${REPORTER}`;
    const run = runChild(dir, ['test', '-c', join(dir, 'pw.config.mjs'), `--shard=${shard}/2`, reporters], {
      PLAYWRIGHT_BLOB_OUTPUT_DIR: blobDir,
    });
    expect(run.code, run.out).toBe(0);
    // A shard is a partial run: the decision reporter defers to merge-reports instead of a partial NO-GO.
    expect(run.decision).toBeNull();
    expect(run.out).toContain(`shard ${shard}/2: no decision here`);
    for (const zip of readdirSync(blobDir)) copyFileSync(join(blobDir, zip), join(merge, zip));
  }
  expect(readdirSync(merge)).toHaveLength(2);
  const merged = runChild(dir, ['merge-reports', '--reporter=./reporters/decision-reporter.ts', merge]);
  expect(merged.decision?.verdict, merged.out).toBe('GO');
  expect(merged.code).toBe(0);
  expect(merged.evidence?.checks.filter((c) => c.status === 'passed')).toHaveLength(11);
});

test('reporter: `playwright test --list` decides nothing and keeps the last decision', ({ project }) => {
  mkdirSync(join(project, 'staging-report'), { recursive: true });
  writeFileSync(join(project, 'staging-report', 'decision.json'), JSON.stringify({ verdict: 'CONDITIONAL' }));
  const run = runChild(project, ['test', '-c', join(project, 'pw.config.mjs'), '--list']);
  expect(run.code, run.out).toBe(0);
  expect(run.out).not.toContain('STAGING DECISION');
  expect(run.decision?.verdict).toBe('CONDITIONAL');
  expect(existsSync(join(project, 'history.jsonl'))).toBe(false);
});
