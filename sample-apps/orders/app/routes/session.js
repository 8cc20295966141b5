// POST /v2/session: email + password -> bearer JWT; 5 failures per 10 s per socket address -> 429.
import { safeEqual, signToken, TOKEN_TTL_SECONDS } from '../lib/auth.js';
import { HttpError, isObject, readJson, sendJson } from '../lib/http.js';
import { clientKey, createFailureLimiter } from '../lib/rate-limit.js';

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 10_000;

export function sessionRoutes({ config, log }) {
  const limiter = createFailureLimiter(LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS);
  const handler = async ({ req, res }) => {
    const key = clientKey(req);
    const retryAfter = limiter.retryAfter(key);
    if (retryAfter) {
      throw new HttpError(429, 'rate-limited', 'Too many requests', 'too many failed login attempts', {
        'Retry-After': String(retryAfter),
      });
    }
    const body = await readJson(req);
    const { email, password } = isObject(body) ? body : {};
    if (typeof email !== 'string' || !email || typeof password !== 'string' || !password) {
      throw new HttpError(422, 'validation-failed', 'Validation failed', 'email and password (strings) are required');
    }
    // Both comparisons always run: the answer time does not tell which one failed.
    const emailOk = safeEqual(email.toLowerCase(), config.adminEmail.toLowerCase());
    const passwordOk = safeEqual(password, config.adminPassword);
    if (!emailOk || !passwordOk) {
      limiter.fail(key);
      log.warn('login failed', { remote: key });
      throw new HttpError(401, 'invalid-credentials', 'Invalid credentials', 'email or password is wrong');
    }
    const token = signToken(config.adminEmail, config.jwtSecret);
    sendJson(res, 201, { access_token: token, token_type: 'bearer', expires_in: TOKEN_TTL_SECONDS });
  };
  return [{ method: 'POST', path: '/v2/session', handler }];
}
