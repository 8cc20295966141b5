import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import {
  PolicyError,
  defaultPolicy,
  findObjective,
  loadPolicy,
  policyHash,
  resolvePolicy,
} from '../../reporters/decision/policy.ts';

test('policy: the defaults are the runbook numbers', () => {
  const p = defaultPolicy();
  expect(p.objectives['health.latency.p95']).toMatchObject({ pass: 500, warn: 1000, direction: 'lower-is-better' });
  expect(p.objectives['deploy.startup.*']).toMatchObject({ pass: 30, warn: 45 });
  expect(p.objectives['infra.migration.duration']).toMatchObject({ pass: 120, warn: 180 });
  expect(p.objectives['integration.suite.duration']).toMatchObject({ pass: 600, warn: 900 });
  expect(p.objectives['rollback.duration']).toMatchObject({ pass: 300, warn: 420 });
  expect(p.objectives['perf.*.http_req_failed.rate']).toMatchObject({ pass: 0.01, warn: 0.05 });
  expect(p.objectives['perf.*.p95.vs-baseline']).toMatchObject({ pass: 1.1, warn: 1.5 });
  expect(p.objectives['health.pass-rate']).toMatchObject({
    direction: 'higher-is-better',
    pass: 100,
    warn: 95,
    mode: 'report',
  });
  expect(p.escalation.L2).toMatchObject({ team: 'Infrastructure team', responseMinutes: 30 });
  expect(p.successRate).toEqual({ threshold: 95, window: 20 });
  expect(Object.values(p.criteria).every((m) => m === 'enforce')).toBe(true);
});

const INVALID: { name: string; override: unknown; says: RegExp }[] = [
  {
    name: 'an unknown mode',
    override: { criteria: { 'service-unhealthy': 'ignore' } },
    says: /expected enforce, warn or report\n\s+→ at criteria\["service-unhealthy"\]/,
  },
  {
    name: 'an unknown criterion',
    override: { criteria: { 'service-unhappy': 'warn' } },
    says: /service-unhappy|criterion id/,
  },
  {
    name: 'pass beyond warn',
    override: { objectives: { 'health.latency.p95': { pass: 2000 } } },
    says: /pass must be within warn/,
  },
  {
    name: 'a GO criterion as a hit',
    override: { objectives: { 'x.y': { pass: 1, warn: 2, onFail: 'health-200' } } },
    says: /NO-GO or CONDITIONAL criterion/,
  },
  {
    name: 'a new objective without limits',
    override: { objectives: { 'x.y': { pass: 1 } } },
    says: /expected number[\s\S]*objectives\["x\.y"\]\.warn/,
  },
  { name: 'a misspelt top-level key', override: { objectivs: {} }, says: /objectivs/ },
  { name: 'a non-object', override: [1, 2], says: /JSON object at the top level/ },
];

for (const c of INVALID) {
  test(`policy: ${c.name} is rejected with a message that names it`, () => {
    let error: unknown;
    try {
      resolvePolicy(c.override, 'policy.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as Error).message).toMatch(/^Invalid staging-gate policy in policy\.json/);
    expect((error as Error).message).toMatch(c.says);
  });
}

test('policy: a file is merged over the defaults; null removes a key', () => {
  const p = resolvePolicy({
    criteria: { 'minor-config-adjustment': 'report' },
    objectives: { 'health.latency.p95': { pass: 300 }, 'rollback.duration': null },
  });
  expect(p.objectives['health.latency.p95']).toMatchObject({ pass: 300, warn: 1000, unit: 'ms' });
  expect(p.objectives['rollback.duration']).toBeUndefined();
  expect(p.criteria['minor-config-adjustment']).toBe('report');
  expect(p.criteria['service-unhealthy']).toBe('enforce');
});

test('policy: loadPolicy reads JSON files and explains missing or broken ones', () => {
  const dir = test.info().outputPath('policies');
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/ok.json`, JSON.stringify({ successRate: { threshold: 90 } }));
  writeFileSync(`${dir}/broken.json`, '{ "criteria": ');
  expect(loadPolicy(`${dir}/ok.json`).policy.successRate).toEqual({ threshold: 90, window: 20 });
  expect(loadPolicy().source).toBe('runbook defaults');
  expect(() => loadPolicy(`${dir}/missing.json`)).toThrow(/No policy file at .*missing\.json/);
  expect(() => loadPolicy(`${dir}/broken.json`)).toThrow(/broken\.json: not valid JSON/);
});

test('policy: objectives match by pattern, the most specific first', () => {
  const p = resolvePolicy({ objectives: { 'perf.*': { pass: 1, warn: 2 } } });
  expect(findObjective(p, 'perf.health.p95.vs-baseline')?.pattern).toBe('perf.*.p95.vs-baseline');
  expect(findObjective(p, 'perf.health.http_req_duration.p95')?.pattern).toBe('perf.*.http_req_duration.p95');
  expect(findObjective(p, 'perf.health.iterations')?.pattern).toBe('perf.*');
  expect(findObjective(p, 'deploy.startup.backend')?.pattern).toBe('deploy.startup.*');
  expect(findObjective(p, 'deploy.startup.')).toBeNull();
  expect(findObjective(p, 'health.latency.p95')?.pattern).toBe('health.latency.p95');
  expect(findObjective(p, 'infra.redis.latency')).toBeNull();
});

test('policy: the hash is stable and follows the effective policy', () => {
  expect(policyHash(defaultPolicy())).toBe(policyHash(resolvePolicy({})));
  expect(policyHash(defaultPolicy())).toMatch(/^sha256:[0-9a-f]{64}$/);
  // Restating a default changes nothing; changing a number does.
  expect(policyHash(resolvePolicy({ successRate: { window: 20 } }))).toBe(policyHash(defaultPolicy()));
  expect(policyHash(resolvePolicy({ successRate: { window: 21 } }))).not.toBe(policyHash(defaultPolicy()));
});
