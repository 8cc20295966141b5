import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { describeRun, runGate } from '../../harness/run-gate.ts';

/** Files a shell would create if any hostile value below ever reached one. */
function markers(count: number): string[] {
  const id = randomBytes(4).toString('hex');
  return Array.from({ length: count }, (_, i) => `/tmp/sg-pwned-${id}-${i}`);
}

/**
 * Configuration errors stop the run in preflight: every check fails at once on the config fixture, later phases
 * "did not run". What takes time is Playwright restarting its worker after each of the ~12 failed checks
 * (1-2.5 s each on a loaded 2-core machine): 60 s.
 */
const CONFIG_ERROR_BOUND_S = 60;

/** A target profile whose health path would send the probe to another host (the profile schema refuses it). */
function hostileProfile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sg-hostile-profile-')), 'profile.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'hostile health path',
      services: [{ name: 'api', role: 'api' }],
      urls: { api: 'http://127.0.0.1:3001' },
      health: { endpoints: [{ path: '//evil.example' }] },
    }),
  );
  return file;
}

test('hostile values in validated variables end in NO-GO missing-env-config naming each variable, and no shell runs them', async () => {
  const [project] = markers(1) as [string];
  const profile = hostileProfile();
  const hostile = {
    STAGING_COMPOSE_PROJECT: `x; touch ${project}`,
    // The health paths live in the target profile now: a hostile one makes the profile invalid.
    STAGING_TARGET_FILE: profile,
    STAGING_BACKEND_PORT: 'abc',
  };
  try {
    const gate = await runGate({ env: hostile, timeoutMs: 3 * CONFIG_ERROR_BOUND_S * 1000 });
    expect(gate.decision?.verdict, describeRun(gate)).toBe('NO-GO');
    expect(gate.exitCode, describeRun(gate)).not.toBe(0);
    expect(gate.seconds, describeRun(gate)).toBeLessThan(CONFIG_ERROR_BOUND_S);
    const named = gate.decision?.reasons
      .filter((r) => r.criterion === 'missing-env-config' && r.effect === 'NO-GO')
      .map((r) => r.message)
      .join('\n');
    for (const variable of Object.keys(hostile))
      expect(named, `missing-env-config reasons name ${variable}\n${describeRun(gate)}`).toContain(variable);
    for (const [variable, value] of Object.entries(hostile).filter(([, v]) => v.includes('touch')))
      expect(gate.output, `the console repeats the value of ${variable}`).not.toContain(value);
    expect(named, `the profile's bad field is named\n${describeRun(gate)}`).toContain('health.endpoints.0.path');
    expect(existsSync(project), `${project} was created: a value reached a shell`).toBe(false);
  } finally {
    rmSync(project, { force: true });
    rmSync(profile, { force: true });
  }
});

test('hostile values in free-form variables reach no shell: the run ends in NO-GO and no marker file exists', async () => {
  const [composeFile, logFile, password, secret, faults, image, previous] = markers(7) as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  // Valid by the schema (paths and secrets are free-form; the reference stack's own variables are profile
  // templates): they must travel as argv and env, never through a shell.
  const hostile = {
    STAGING_FAULTS: `$(touch ${faults})`,
    STAGING_APP_IMAGE: `img:1 && touch ${image}`,
    STAGING_PREVIOUS_APP_IMAGE: `\`touch ${previous}\``,
    STAGING_COMPOSE_FILE: `reference-stack/$(touch ${composeFile}).yml`,
    STAGING_LOG_FILE: `;touch ${logFile}`,
    STAGING_DB_PASSWORD: `pw-$(touch ${password})-0123456789`,
    STAGING_AUTH_SECRET: `sec-\`touch ${secret}\`-0123456789abcdef`,
    STAGING_ADMIN_PASSWORD: 'admin-pw-"; exit 0; #-0123456789',
  };
  try {
    const gate = await runGate({ env: hostile, timeoutMs: 3 * CONFIG_ERROR_BOUND_S * 1000 });
    expect(gate.decision?.verdict, describeRun(gate)).toBe('NO-GO');
    expect(gate.exitCode, describeRun(gate)).not.toBe(0);
    expect(gate.seconds, describeRun(gate)).toBeLessThan(CONFIG_ERROR_BOUND_S);
    const preflight = gate.decision?.reasons.filter((r) => r.phase === 'preflight' && r.effect === 'NO-GO') ?? [];
    expect(
      preflight.some((r) => r.message.includes('$(touch')),
      `a preflight reason names the compose file that does not exist\n${describeRun(gate)}`,
    ).toBe(true);
    for (const variable of ['STAGING_DB_PASSWORD', 'STAGING_AUTH_SECRET', 'STAGING_ADMIN_PASSWORD'] as const)
      expect(gate.output, `the console shows the secret ${variable}`).not.toContain(hostile[variable]);
    for (const marker of [composeFile, logFile, password, secret, faults, image, previous])
      expect(existsSync(marker), `${marker} was created: a value reached a shell`).toBe(false);
  } finally {
    for (const marker of [composeFile, logFile, password, secret, faults, image, previous])
      rmSync(marker, { force: true });
  }
});
