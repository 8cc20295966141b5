// Orders API (port 8080) and its test-only fault control server (port 8081).
import { createServer } from 'node:http';
import { createApp } from './lib/app.js';
import { loadConfig, missingSecrets } from './lib/config.js';
import { createControl } from './lib/control.js';
import { createDeps } from './lib/deps.js';
import { activeFaults, fault, initFaults } from './lib/faults.js';
import { createLogger } from './lib/log.js';
import { setBuildInfo } from './lib/metrics.js';
import { createStore } from './lib/store.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { ordersRoutes } from './routes/orders.js';
import { publicRoutes } from './routes/public.js';
import { sessionRoutes } from './routes/session.js';

const log = createLogger('orders-api');
const config = loadConfig();
const missing = missingSecrets(config);
if (missing.length) {
  log.fatal('missing required configuration', { missing });
  process.exit(1);
}
initFaults(config.faults, config.faultsFile, log);
setBuildInfo(config.version);

const deps = createDeps(config, log);
const store = createStore(deps, config, log);
const ctx = { config, log, deps, store };
const routes = [healthRoutes, metricsRoutes, sessionRoutes, ordersRoutes, publicRoutes].flatMap((r) => r(ctx));
const api = createServer(createApp({ config, log, routes }));
const control = createServer(createControl({ log }));

// fatal-log: the symptom a real pool exhaustion would leave in the logs, every 2 s.
const fatalTimer = setInterval(() => {
  if (fault('fatal-log')) log.fatal('database pool exhausted', { waiting: 42, max: 10 });
}, 2000);

api.listen(config.port, () =>
  log.info('orders api listening', { port: config.port, version: config.version, faults: activeFaults() }),
);
control.listen(config.controlPort, () => log.info('fault control listening', { port: config.controlPort }));

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  log.info('shutting down', { signal });
  clearInterval(fatalTimer);
  control.close();
  api.close();
  api.closeAllConnections();
  await deps.close();
  process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
