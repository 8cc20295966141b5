// MediaNest reference frontend: static page + same-origin proxy of /api/* to the backend.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './lib/config.js';
import { startControlServer } from './lib/control.js';
import { activeFaults, fault } from './lib/faults.js';
import { applyBaseHeaders, sendError, sendJson } from './lib/http.js';
import { createLogger } from './lib/log.js';
import { closeServer, installCrashHandlers, installSignalHandlers, onShutdown } from './lib/shutdown.js';

const log = createLogger('frontend');
const config = loadConfig({ ...process.env, PORT: process.env.PORT || '4001' });
const backendUrl = new URL(process.env.BACKEND_URL || 'http://127.0.0.1:3001');
const PROXY_TIMEOUT_MS = 10000;
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer'];
installCrashHandlers(log);
installSignalHandlers(log);
if (activeFaults().length > 0) log.warn('fault switches active', { faults: activeFaults() });

const publicDir = join(dirname(fileURLToPath(import.meta.url)), 'public');
const page = readFileSync(join(publicDir, 'index.html'));
// broken-frontend-script: the page script dies at load with a TypeError, as a bad bundle would.
const brokenScript = Buffer.from(
  'const settings = undefined;\ndocument.title = settings.title; // TypeError at load\n',
);
const script = readFileSync(join(publicDir, 'app.js'));

const staticFiles = {
  '/': { body: page, type: 'text/html; charset=utf-8' },
  '/index.html': { body: page, type: 'text/html; charset=utf-8' },
  '/app.js': { body: script, type: 'text/javascript; charset=utf-8' },
};

function proxy(req, res) {
  const headers = { ...req.headers, host: backendUrl.host };
  for (const name of HOP_BY_HOP) delete headers[name];
  const upstream = http.request(
    new URL(req.url, backendUrl),
    { method: req.method, headers, timeout: PROXY_TIMEOUT_MS },
    (answer) => {
      const out = { ...answer.headers };
      for (const name of HOP_BY_HOP) delete out[name];
      res.writeHead(answer.statusCode ?? 502, out);
      answer.pipe(res);
    },
  );
  upstream.on('timeout', () => upstream.destroy(new Error('backend timed out')));
  upstream.on('error', (err) => {
    log.warn('proxy error', { error: err.message, path: req.url });
    if (res.headersSent) return res.destroy();
    const timedOut = /timed out/.test(err.message);
    sendError(res, timedOut ? 504 : 502, timedOut ? 'gateway_timeout' : 'bad_gateway', `backend: ${err.message}`);
  });
  req.pipe(upstream);
}

function handle(req, res) {
  const started = process.hrtime.bigint();
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  res.on('finish', () => {
    // Docker's healthcheck probes come from loopback every second: not worth a log line each.
    if (path === '/health' && ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress)) return;
    const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
    log[res.statusCode >= 500 ? 'error' : 'info']('request', {
      method: req.method,
      path,
      status: res.statusCode,
      durationMs,
    });
  });
  applyBaseHeaders(res, config.version);
  if (path.startsWith('/api/')) return proxy(req, res);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendError(res, 405, 'method_not_allowed', `${req.method} is not allowed on ${path}`, { Allow: 'GET, HEAD' });
  }
  if (path === '/health') return sendJson(res, 200, { status: 'ok', version: config.version });
  // Browsers ask for a favicon; an empty answer keeps their consoles free of 404 noise.
  if (path === '/favicon.ico') return void res.writeHead(204).end();
  const file = staticFiles[path];
  if (!file) return sendError(res, 404, 'not_found', `no page at ${path}`);
  // Asked per request: the fault can be switched at run time.
  const body = file.body === script && fault('broken-frontend-script') ? brokenScript : file.body;
  res.writeHead(200, { 'Content-Type': file.type, 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
  res.end(body);
}

const server = http.createServer(handle);
onShutdown(() => closeServer(server));
if (config.controlPort) {
  const control = startControlServer({ port: config.controlPort, log });
  onShutdown(() => closeServer(control));
}
server.listen(config.port, '0.0.0.0', () => {
  log.info('listening', {
    port: config.port,
    version: config.version,
    backend: backendUrl.origin,
    startupMs: Math.round(process.uptime() * 1000),
  });
});
