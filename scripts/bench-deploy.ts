/**
 * npm run bench:deploy — deploys the reference stack from scratch (images present) the way the
 * infra and deploy phases do, N times, and prints each step's time. Goal: at most 60 s.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareRunEnvironment } from '../core/config/run-environment.ts';
import { loadConfig, requireConfig } from '../core/config/load-config.ts';
import { downStack, runMigrations, upServices } from '../target/compose-stack.ts';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, 'port-base': { type: 'string' } },
});
const rounds = Number(values.rounds);
const base = values['port-base'] ? Number(values['port-base']) : null;

interface Round {
  infraSeconds: number;
  migrationSeconds: number;
  appSeconds: number;
  totalSeconds: number;
  teardownSeconds: number;
}

async function oneRound(i: number): Promise<Round> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STAGING_TARGET: 'reference',
    STAGING_RUN_ID: `bench-deploy-${process.pid}-${i}`,
  };
  if (base)
    Object.assign(env, {
      STAGING_BACKEND_PORT: `${base + 1}`,
      STAGING_FRONTEND_PORT: `${base + 2}`,
      STAGING_POSTGRES_PORT: `${base + 3}`,
      STAGING_REDIS_PORT: `${base + 4}`,
    });
  prepareRunEnvironment(env);
  const config = requireConfig(loadConfig(env));
  const t0 = performance.now();
  await upServices(config, ['postgres', 'redis'], 60_000);
  const t1 = performance.now();
  const migration = await runMigrations(config, 'up');
  const t2 = performance.now();
  await upServices(config, ['backend', 'frontend'], 60_000);
  const t3 = performance.now();
  await downStack(config);
  const t4 = performance.now();
  return {
    infraSeconds: (t1 - t0) / 1000,
    migrationSeconds: migration.seconds,
    appSeconds: (t3 - t2) / 1000,
    totalSeconds: (t3 - t0) / 1000,
    teardownSeconds: (t4 - t3) / 1000,
  };
}

const results: Round[] = [];
for (let i = 0; i < rounds; i++) results.push(await oneRound(i));
const fmt = (n: number) => n.toFixed(1).padStart(6);
console.log('round  postgres+redis  migrate  backend+frontend  deploy total  teardown');
results.forEach((r, i) =>
  console.log(
    `${String(i + 1).padStart(5)}  ${fmt(r.infraSeconds)} s      ${fmt(r.migrationSeconds)} s ${fmt(r.appSeconds)} s          ${fmt(r.totalSeconds)} s    ${fmt(r.teardownSeconds)} s`,
  ),
);
const worst = Math.max(...results.map((r) => r.totalSeconds));
console.log(`worst deploy from scratch: ${worst.toFixed(1)} s (goal <= 60 s): ${worst <= 60 ? 'met' : 'NOT met'}`);
mkdirSync('staging-report', { recursive: true });
writeFileSync(
  join('staging-report', 'bench-deploy.json'),
  JSON.stringify({ rounds: results, worstSeconds: worst }, null, 2),
);
