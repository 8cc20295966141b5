// MediaNest reference backend: health, metrics, auth and media requests on plain node:http.
import http from 'node:http';
import { loadConfig, missingBackendEnv } from './lib/config.js';
import { createCache } from './lib/cache.js';
import { createDeps } from './lib/deps.js';
import { startControlServer } from './lib/control.js';
import { activeFaults, fault, unknownFaults } from './lib/faults.js';
import { handleCors } from './lib/cors.js';
import { applyBaseHeaders, HttpError, sendError, sleep } from './lib/http.js';
import { createLogger } from './lib/log.js';
import { createRateLimiter } from './lib/rate-limit.js';
import { observeRequest, setAppInfo } from './lib/metrics.js';
import { createRouter } from './lib/router.js';
import { createSchemaProbe } from './lib/schema.js';
import { closeServer, installCrashHandlers, installSignalHandlers, onShutdown } from './lib/shutdown.js';
import { createStore } from './lib/store.js';
import { authRoutes } from './routes/auth.js';
import { healthRoutes } from './routes/health.js';
import { mediaRequestRoutes } from './routes/media-requests.js';
import { metricsRoutes } from './routes/metrics.js';
import { publicRoutes } from './routes/public.js';

const log = createLogger('backend');
const config = loadConfig();
installCrashHandlers(log);
installSignalHandlers(log);

if (unknownFaults.length > 0) log.warn('unknown fault switches ignored', { faults: unknownFaults });
if (activeFaults().length > 0) log.warn('fault switches active', { faults: activeFaults() });

const missing = missingBackendEnv(config);
if (missing.length > 0) {
  log.fatal('missing required environment variables', { variables: missing });
  process.exit(1);
}
if (config.authSecret.length < 16) log.warn('AUTH_SECRET is shorter than 16 characters');

if (fault('broken-previous-release') && config.version === config.previousVersion) {
  log.fatal('startup failed: configuration incompatible with this release', { version: config.version });
  process.exit(1);
}
// fatal-log: the timer always ticks, so a fault switched on at run time logs within 5 s too.
const emitFatal = () => {
  if (fault('fatal-log')) log.fatal('unrecoverable worker failure', { component: 'media-sync' });
};
emitFatal();
setInterval(emitFatal, 5000).unref();
if (fault('slow-startup')) {
  log.info('warming up before listening', { delayMs: config.slowStartupMs });
  await sleep(config.slowStartupMs);
}

const deps = createDeps(config, log);
const schema = createSchemaProbe(deps.pool, { knowsPriority: config.migrationsMaxVersion >= 2 });
const loginLimiter = createRateLimiter({ max: config.rateLimitMax, windowMs: config.rateLimitWindowMs });
const ctx = {
  config,
  log,
  deps,
  loginLimiter,
  store: createStore(deps.pool, schema),
  cache: createCache(deps.redis, log),
};
const route = createRouter([
  ...healthRoutes(ctx),
  ...metricsRoutes(ctx),
  ...authRoutes(ctx),
  ...mediaRequestRoutes(ctx),
  ...publicRoutes(ctx),
]);
setAppInfo(config.version);

const HEALTH_ROUTES = new Set(['/health', '/api/health', '/api/v1/health']);
const isLoopback = (address) => address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';

function fail(res, err) {
  if (err instanceof HttpError && err.code === 'invalid_json' && fault('crash-on-malformed-json')) {
    // Rethrown outside the request's promise chain: a genuine uncaught exception, exit code 1.
    process.nextTick(() => {
      throw new SyntaxError('Unexpected token in JSON body');
    });
    return;
  }
  if (!(err instanceof HttpError)) log.error('request failed', { error: err.message, stack: err.stack });
  if (res.headersSent) return res.destroy();
  if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message, err.headers);
  sendError(res, 500, 'internal_error', 'internal server error');
}

async function handle(req, res) {
  const started = process.hrtime.bigint();
  const url = new URL(req.url ?? '/', 'http://localhost');
  let label = req.method === 'OPTIONS' ? 'preflight' : 'unmatched';
  res.on('finish', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    observeRequest(req.method, label, res.statusCode, seconds);
    // Docker's own healthcheck probes (loopback, every second) would drown the log; metrics still count them.
    if (isLoopback(req.socket.remoteAddress) && HEALTH_ROUTES.has(label)) return;
    const level = res.statusCode >= 500 ? 'error' : 'info';
    log[level]('request', {
      method: req.method,
      path: url.pathname,
      route: label,
      status: res.statusCode,
      durationMs: Math.round(seconds * 10000) / 10,
      ip: req.socket.remoteAddress,
    });
  });
  applyBaseHeaders(res, config.version);
  try {
    if (handleCors(req, res, config.corsOrigins)) return;
    const match = route(req.method, url.pathname);
    label = match.label;
    await match.handler({ req, res, url, params: match.params });
  } catch (err) {
    fail(res, err);
  }
}

const server = http.createServer(handle);
onShutdown(() => closeServer(server));
if (config.controlPort) {
  const control = startControlServer({
    port: config.controlPort,
    log,
    reset: () => ({ loginRateLimitKeys: loginLimiter.reset() }),
  });
  onShutdown(() => closeServer(control));
}
onShutdown(() => deps.close());
server.listen(config.port, '0.0.0.0', () => {
  log.info('listening', {
    port: config.port,
    version: config.version,
    migrationsMaxVersion: Number.isFinite(config.migrationsMaxVersion) ? config.migrationsMaxVersion : null,
    startupMs: Math.round(process.uptime() * 1000),
  });
});
