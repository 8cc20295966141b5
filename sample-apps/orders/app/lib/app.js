// The API request pipeline: base headers, CORS, global rate limit fault, routing, auth, problems,
// and one log line plus one metrics observation per answered request.
import { performance } from 'node:perf_hooks';
import { bearerToken, verifyToken } from './auth.js';
import { applyCors, isForeignOrigin, preflight } from './cors.js';
import { fault, onFaultsChanged } from './faults.js';
import { HttpError, applyBaseHeaders, send, sendProblem } from './http.js';
import { observeRequest } from './metrics.js';
import { clientKey, createRequestLimiter } from './rate-limit.js';

const ALL_WINDOW_MS = 60_000;

// '/v2/orders/{orderId}' -> /^\/v2\/orders\/(?<orderId>\d+)$/ (path parameters are integers).
const compile = (path) => new RegExp(`^${path.replace(/\{(\w+)\}/g, '(?<$1>\\d+)')}$`);

export function createApp({ config, log, routes }) {
  const table = routes.map((r) => ({ ...r, regex: compile(r.path) }));
  const limiter = createRequestLimiter(ALL_WINDOW_MS);
  onFaultsChanged(() => limiter.reset()); // every switch of the faults starts a fresh window

  async function dispatch(req, res, url, ctx) {
    if (fault('rate-limit-all')) {
      const { limited, retryAfter } = limiter.hit(clientKey(req), config.rateLimitAllMax);
      if (limited) {
        throw new HttpError(429, 'rate-limited', 'Too many requests', 'request limit reached', {
          'Retry-After': String(retryAfter),
        });
      }
    }
    // crash-on-foreign-origin: answers 500, then the process exits with code 1.
    if (fault('crash-on-foreign-origin') && isForeignOrigin(req.headers.origin, config)) {
      res.on('finish', () => {
        log.fatal('exiting after a request from a foreign origin', { origin: req.headers.origin });
        process.exit(1);
      });
      throw new Error(`unexpected origin ${req.headers.origin}`);
    }
    if (req.method === 'OPTIONS') return preflight(req, res);
    const matches = table.filter((r) => r.regex.test(url.pathname));
    if (!matches.length) throw new HttpError(404, 'not-found', 'Not found', `no route for ${url.pathname}`);
    const route = matches.find((r) => r.method === req.method || (r.method === 'GET' && req.method === 'HEAD'));
    if (!route) {
      const allow = [...new Set(matches.map((r) => r.method))].join(', ');
      throw new HttpError(405, 'method-not-allowed', 'Method not allowed', `${req.method} is not allowed here`, {
        Allow: allow,
      });
    }
    ctx.route = route.path;
    if (route.auth && !verifyToken(bearerToken(req), config.jwtSecret)) {
      // hang-protected: keep the socket open and never answer.
      if (fault('hang-protected')) return;
      // plain-401: still refused, but as plain text instead of the documented problem JSON.
      if (fault('plain-401'))
        return send(res, 401, 'Unauthorized', 'text/plain; charset=utf-8', { 'WWW-Authenticate': 'Bearer' });
      throw new HttpError(401, 'unauthorized', 'Unauthorized', 'a valid bearer token is required', {
        'WWW-Authenticate': 'Bearer',
      });
    }
    const params = route.regex.exec(url.pathname).groups ?? {};
    await route.handler({ req, res, url, params });
  }

  return async function handle(req, res) {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const ctx = { route: 'unmatched' };
    res.on('finish', () => {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      observeRequest(req.method, ctx.route, res.statusCode, ms / 1000);
      const line = { method: req.method, path: url.pathname, status: res.statusCode, ms, remote: clientKey(req) };
      (res.statusCode >= 500 ? log.error : log.info)('request', line);
    });
    applyBaseHeaders(res, config);
    applyCors(req, res, config);
    try {
      await dispatch(req, res, url, ctx);
    } catch (err) {
      if (res.headersSent) return res.destroy();
      if (err instanceof HttpError) {
        return sendProblem(res, req, err.status, err.slug, err.title, err.message, err.headers);
      }
      log.error('request failed', { path: url.pathname, error: err.message });
      sendProblem(res, req, 500, 'internal-error', 'Internal server error', 'the request could not be completed');
    }
  };
}
