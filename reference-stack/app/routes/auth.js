// POST /api/auth/login: rate limited per client IP, constant-time credential check, signed token.
import { safeEqual, signToken, TOKEN_TTL_SECONDS } from '../lib/auth.js';
import { fault } from '../lib/faults.js';
import { HttpError, readJson, sendJson } from '../lib/http.js';

// The socket address is the only client identity a client cannot choose; X-Forwarded-For is forgeable.
function clientKey(req) {
  if (fault('rate-limit-xff-bypass')) {
    const forwarded = String(req.headers['x-forwarded-for'] ?? '')
      .split(',')[0]
      .trim();
    if (forwarded) return forwarded;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

// loginLimiter comes from backend.js, which also hands its reset to the test-only control port.
export function authRoutes({ config, log, loginLimiter }) {
  const login = async ({ req, res }) => {
    if (!fault('no-rate-limit')) {
      const verdict = loginLimiter.hit(clientKey(req));
      res.setHeader('RateLimit-Limit', String(verdict.limit));
      res.setHeader('RateLimit-Remaining', String(verdict.remaining));
      if (!verdict.allowed) {
        throw new HttpError(429, 'rate_limited', 'too many login attempts; retry later', {
          'Retry-After': String(verdict.retryAfterSeconds),
        });
      }
    }
    const body = await readJson(req);
    const { username, password } = body ?? {};
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) {
      throw new HttpError(400, 'validation_error', 'username and password are required strings');
    }
    // Both comparisons always run, so timing does not reveal which one failed.
    const userOk = safeEqual(username, config.adminUser);
    const passOk = safeEqual(password, config.adminPassword);
    if (!(userOk && passOk)) {
      log.warn('login failed', { username: username.slice(0, 64) });
      throw new HttpError(401, 'invalid_credentials', 'invalid username or password');
    }
    log.info('login succeeded', { username });
    sendJson(res, 200, {
      token: signToken(username, config.authSecret),
      tokenType: 'Bearer',
      expiresIn: TOKEN_TTL_SECONDS,
    });
  };
  return [{ method: 'POST', path: '/api/auth/login', handler: login }];
}
