// HS256 JWTs with node:crypto only, and the bearer-token guard of the protected routes.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const TOKEN_TTL_SECONDS = 900;

const b64url = (value) => Buffer.from(value).toString('base64url');
const sign = (data, secret) => createHmac('sha256', secret).update(data).digest('base64url');

// Hashing both sides first makes the comparison constant-time even for different lengths.
export function safeEqual(a, b) {
  const ha = createHash('sha256').update(String(a)).digest();
  const hb = createHash('sha256').update(String(b)).digest();
  return timingSafeEqual(ha, hb);
}

export function signToken(subject, secret, ttlSeconds = TOKEN_TTL_SECONDS) {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify({ sub: subject, iat: now, exp: now + ttlSeconds }));
  return `${head}.${body}.${sign(`${head}.${body}`, secret)}`;
}

// The payload of a valid, unexpired HS256 token, else null.
export function verifyToken(token, secret) {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3) return null;
  const [head, body, signature] = parts;
  if (!safeEqual(signature, sign(`${head}.${body}`, secret))) return null;
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (header.alg !== 'HS256') return null;
    return typeof payload.exp === 'number' && payload.exp > Date.now() / 1000 ? payload : null;
  } catch {
    return null;
  }
}

export function bearerToken(req) {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match ? match[1] : null;
}
