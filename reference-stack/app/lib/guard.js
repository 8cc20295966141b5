// Authorization for protected routes, including the two auth faults.
import { bearerToken, verifyToken } from './auth.js';
import { fault } from './faults.js';
import { HttpError } from './http.js';

// Resolves to the token payload, or rejects with a fast 401.
export function requireAuth(req, secret) {
  if (fault('auth-bypass')) return Promise.resolve({ sub: 'anonymous' });
  const payload = verifyToken(bearerToken(req), secret);
  if (payload) return Promise.resolve(payload);
  // hang-auth: never settle, so the client waits until its own timeout.
  if (fault('hang-auth')) return new Promise(() => {});
  return Promise.reject(
    new HttpError(401, 'unauthorized', 'a valid bearer token is required', { 'WWW-Authenticate': 'Bearer' }),
  );
}
