// End-to-end self-check of the reference stack on loopback port offsets, always torn down.
// Usage: node reference-stack/selfcheck/run.js [--skip-faults] [--only <fault,fault>]
import { createCompose, waitFor } from './compose.js';
import { runBaseline } from './baseline.js';
import { SCENARIOS } from './faults.js';
import { createChecks, request } from './http.js';
import { runRollback } from './rollback.js';

const offset = Number(process.env.SGREF_PORT_OFFSET ?? 10000);
const env = {
  STAGING_BACKEND_PORT: String(3001 + offset),
  STAGING_FRONTEND_PORT: String(4001 + offset),
  STAGING_POSTGRES_PORT: String(5432 + offset),
  STAGING_REDIS_PORT: String(6379 + offset),
  STAGING_DB_PASSWORD: 'selfcheck-db-password',
  STAGING_AUTH_SECRET: 'selfcheck-auth-secret-0123456789',
  STAGING_ADMIN_PASSWORD: 'selfcheck-admin-password',
  STAGING_FAULTS: '',
};
const api = `http://127.0.0.1:${env.STAGING_BACKEND_PORT}`;
const web = `http://127.0.0.1:${env.STAGING_FRONTEND_PORT}`;
const project = process.env.SGREF_PROJECT ?? 'sgref-selfcheck';
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
const compose = createCompose(project, env);
const { check, results } = createChecks();
const timings = {};

const answers = (url) => request(`${url}/health`, { timeoutMs: 1000 }).then(() => true);
const waitAnswers = (url, timeoutMs) => waitFor(`${url} to answer`, () => answers(url), { timeoutMs });
const waitHealthy = (services, timeoutMs = 60000) =>
  waitFor(
    `${services.join(', ')} healthy`,
    async () => {
      const states = await Promise.all(services.map((s) => compose.health(s)));
      return states.every((s) => s === 'healthy');
    },
    { timeoutMs },
  );

const servicesOf = (scenario) => scenario.services ?? ['backend'];
// failing-migration runs the migration container instead of recreating the application.
const recreatesServices = (scenario) => scenario.fault !== 'failing-migration';

async function recreate(services, extraEnv, wait = 'healthy') {
  const started = Date.now();
  await compose.up(services, extraEnv);
  if (wait === 'healthy') await waitHealthy(services);
  if (wait === 'answers') await waitAnswers(api, 60000);
  return Date.now() - started;
}

async function main() {
  console.log(`project ${project}, API ${api}, frontend ${web}`);
  let started = Date.now();
  await compose.upWithDeps(['postgres', 'redis']);
  await waitHealthy(['postgres', 'redis']);
  timings.infraUpToHealthyMs = Date.now() - started;

  started = Date.now();
  const migrated = await compose.migrate(['up']);
  timings.migrationMs = Date.now() - started;
  if (migrated.code !== 0) throw new Error(`migrations failed: ${migrated.stderr}`);
  timings.migrationInternalMs = JSON.parse(migrated.stdout.trim().split('\n').pop()).durationMs;

  started = Date.now();
  await compose.upWithDeps(['backend', 'frontend']);
  await waitHealthy(['backend', 'frontend']);
  timings.appUpToHealthyMs = Date.now() - started;
  const listening = (await compose.logs('backend')).split('\n').find((l) => l.includes('"msg":"listening"'));
  timings.backendStartupMs = JSON.parse(listening.slice(listening.indexOf('{'))).startupMs;

  if (!only) {
    console.log('baseline (candidate 1.1.0, no faults)');
    await runBaseline({ api, web, env, compose, check });
    // A fresh backend: the rate-limit check above used up this client's login window.
    await recreate(['backend'], {});
    console.log('rollback rehearsal');
    await runRollback({ api, env, compose, check, recreateBackend: (extra) => recreate(['backend'], extra) });
  }
  if (!args.includes('--skip-faults')) {
    console.log('fault switches');
    const scenarios = SCENARIOS.filter((s) => !only || only.includes(s.fault));
    for (const [index, scenario] of scenarios.entries()) {
      const faultEnv = { STAGING_FAULTS: scenario.fault, ...(scenario.env ?? {}) };
      await check(`fault ${scenario.label ?? scenario.fault}`, async () => {
        if (recreatesServices(scenario)) await recreate(servicesOf(scenario), faultEnv, scenario.wait);
        return scenario.verify({ api, web, env, compose, waitAnswers });
      });
      // Back to the healthy candidate before the next scenario. A service the next scenario recreates with
      // its own switch is left as it is: recreating it twice in a row proves nothing and costs a start.
      const next = scenarios[index + 1];
      const recreatedNext = next && recreatesServices(next) ? servicesOf(next) : [];
      const restore = servicesOf(scenario).filter((service) => !recreatedNext.includes(service));
      if (recreatesServices(scenario) && restore.length > 0) await recreate(restore, {});
    }
  }
  started = Date.now();
  await compose.stop(['backend', 'frontend']);
  timings.stopBackendAndFrontendMs = Date.now() - started;
}

try {
  await main();
} catch (err) {
  results.push({ name: 'self-check run', ok: false, detail: err.message });
  console.log(`ABORTED: ${err.message}`);
} finally {
  await compose.down();
}
const failed = results.filter((r) => !r.ok);
console.log(`timings ${JSON.stringify(timings)}`);
console.log(`${results.length - failed.length}/${results.length} checks passed`);
process.exit(failed.length === 0 ? 0 : 1);
