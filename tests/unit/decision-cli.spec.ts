import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { PHASES } from '../../core/catalog.ts';
import type { CheckEvidence, Evidence } from '../../core/evidence.ts';

/** `npm run decide` exit codes: 0 GO, 1 NO-GO, 2 CONDITIONAL (0 with --conditional-ok), 3 no decision possible. */

function evidence(kind: 'GO' | 'NO-GO' | 'CONDITIONAL'): Evidence {
  const checks: CheckEvidence[] = PHASES.flatMap((p) =>
    (p.mustEvidence.length > 0 ? [...p.mustEvidence] : ['integration-tests-failing' as const]).map((criterion) => ({
      id: `${p.id} > ${criterion}`,
      title: `${p.id} evidences ${criterion}`,
      phase: p.id,
      criterion,
      status: 'passed' as const,
      flaky: false,
      durationMs: 5,
      measurements: [],
      findings: [],
    })),
  );
  const health = checks.find((c) => c.criterion === 'health-200');
  const integration = checks.find((c) => c.phase === 'integration');
  if (integration && kind === 'NO-GO')
    Object.assign(integration, { status: 'failed', error: 'media request flow returned 500' });
  if (health && kind === 'CONDITIONAL')
    health.findings.push({ criterion: 'minor-non-blocking-issue', severity: 'minor', message: 'slow' });
  return {
    schemaVersion: 1,
    run: {
      id: `cli-${kind}`,
      startedAt: '2025-01-01T10:00:00.000Z',
      finishedAt: '2025-01-01T10:01:00.000Z',
      target: 'reference',
      runnerStatus: kind === 'NO-GO' ? 'failed' : 'passed',
      selectedPhases: PHASES.map((p) => p.id),
    },
    globalErrors: [],
    configIssues: [],
    checks,
  };
}

function decideCli(dir: string, args: string[]) {
  // Only this run's settings: the outer environment's STAGING_* must not leak in.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(STAGING_|FORCE_COLOR)/.test(k)));
  const result = spawnSync('npx', ['tsx', 'scripts/decide.ts', ...args], {
    env: {
      ...env,
      STAGING_ENV_FILE: join(dir, 'absent.env'),
      STAGING_OUTPUT_DIR: join(dir, 'out'),
      STAGING_HISTORY_FILE: join(dir, 'history.jsonl'),
      NO_COLOR: '1',
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: `${result.stdout}\n${result.stderr}` };
}

function dirWith(name: string, content: string | null): { dir: string; file: string } {
  const dir = test.info().outputPath('cli');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  if (content !== null) writeFileSync(file, content);
  return { dir, file };
}

const CASES = [
  { name: 'GO exits 0', kind: 'GO', extra: [], code: 0 },
  { name: 'NO-GO exits 1', kind: 'NO-GO', extra: [], code: 1 },
  { name: 'CONDITIONAL exits 2', kind: 'CONDITIONAL', extra: [], code: 2 },
  { name: 'CONDITIONAL exits 0 with --conditional-ok', kind: 'CONDITIONAL', extra: ['--conditional-ok'], code: 0 },
] as const;

for (const c of CASES) {
  test(`decide cli: ${c.name}`, () => {
    const { dir, file } = dirWith('evidence.json', JSON.stringify(evidence(c.kind)));
    const run = decideCli(dir, ['--evidence', file, ...c.extra]);
    expect(run.code, run.out).toBe(c.code);
    expect(run.out).toContain(`STAGING DECISION: ${c.kind}`);
  });
}

test('decide cli: a missing evidence file exits 3 with a clear message and no stack trace', () => {
  const { dir, file } = dirWith('nothing-here.json', null);
  const run = decideCli(dir, ['--evidence', file]);
  expect(run.code, run.out).toBe(3);
  expect(run.out).toMatch(/no decision possible[\s\S]*No evidence at .*nothing-here\.json\. Run the gate first/);
  expect(run.out).not.toMatch(/\n\s+at /);
});

test('decide cli: corrupt evidence exits 3', () => {
  const { dir, file } = dirWith('evidence.json', '{"schemaVersion": 1, "checks": [');
  const run = decideCli(dir, ['--evidence', file]);
  expect(run.code, run.out).toBe(3);
  expect(run.out).toMatch(/is not valid JSON/);
  const wrongShape = dirWith('other.json', JSON.stringify({ schemaVersion: 1, checks: 'none' }));
  expect(decideCli(wrongShape.dir, ['--evidence', wrongShape.file]).code).toBe(3);
});

test('decide cli: an invalid policy exits 3 and names the key', () => {
  const { dir, file } = dirWith('evidence.json', JSON.stringify(evidence('GO')));
  writeFileSync(join(dir, 'policy.json'), JSON.stringify({ criteria: { 'service-unhealthy': 'sometimes' } }));
  const run = decideCli(dir, ['--evidence', file, '--policy', join(dir, 'policy.json')]);
  expect(run.code, run.out).toBe(3);
  expect(run.out).toMatch(/Invalid staging-gate policy[\s\S]*criteria\["service-unhealthy"\]/);
});

test('decide cli: replays under another policy and writes decision files only with --write', () => {
  const { dir, file } = dirWith('evidence.json', JSON.stringify(evidence('NO-GO')));
  writeFileSync(join(dir, 'lenient.json'), JSON.stringify({ criteria: { 'integration-tests-failing': 'warn' } }));
  const dry = decideCli(dir, ['--evidence', file]);
  expect(dry.code).toBe(1);
  expect(existsSync(join(dir, 'out', 'decision.json'))).toBe(false);
  // The failing check's criterion is set to warn: the same evidence becomes CONDITIONAL.
  const replay = decideCli(dir, ['--evidence', file, '--policy', join(dir, 'lenient.json'), '--write']);
  expect(replay.code, replay.out).toBe(2);
  const written = JSON.parse(readFileSync(join(dir, 'out', 'decision.json'), 'utf8'));
  expect(written.verdict).toBe('CONDITIONAL');
  expect(readFileSync(join(dir, 'out', 'decision.md'), 'utf8')).toMatch(/^# Staging decision: CONDITIONAL/);
});
