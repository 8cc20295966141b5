import type { TargetProfile } from '../core/profile/schema.ts';
import { GateError } from '../core/gate-error.ts';
import type { HttpClient } from './http-client.ts';
import { readPointer } from './json-pointer.ts';
import { describeRateLimit } from './rate-limit.ts';

// A login window of a minute is common (the gate's own rate-limit probe of the last run may still hold it).
const MAX_RETRY_AFTER_S = 65;

/**
 * The headers that authenticate a request to the target, as the profile says: none, a token from
 * `env()`, a login request (any login id, e-mail addresses included), or a custom function.
 */
export async function authHeaders(
  profile: TargetProfile,
  apiUrl: string,
  http: HttpClient,
  redact: (text: string) => string,
): Promise<Record<string, string>> {
  const auth = profile.auth;
  if (auth.kind === 'none') return {};
  if (auth.kind === 'token') return { [auth.header]: withScheme(auth.scheme, String(auth.token)) };
  if (auth.kind === 'custom') return auth.headers({ baseUrl: apiUrl });
  const url = apiUrl + auth.path;
  const login = () =>
    http(url, { method: auth.method, body: auth.body as Record<string, string>, allowRateLimit: true });
  let res = await login();
  // The security phase trips a login rate limit on purpose; honour the server's Retry-After once (bounded).
  if (res.status === 429) {
    const waitS = Math.min(Number(res.headers['retry-after']) || 10, MAX_RETRY_AFTER_S);
    await new Promise((resolve) => setTimeout(resolve, waitS * 1000));
    res = await login();
  }
  if (res.status === 429)
    throw new GateError(describeRateLimit(`${auth.method} ${url}`, res.headers['retry-after']), 'rate-limited');
  if (res.status < 200 || res.status > 299) {
    throw new GateError(
      `${auth.method} ${url} (the profile's auth.login) answered ${res.status}, expected 2xx with a token: ${redact(res.text.slice(0, 200))}`,
    );
  }
  const token = readPointer(res.json(), auth.tokenPointer);
  if (typeof token !== 'string' || token === '') {
    throw new GateError(
      `${auth.method} ${url} answered ${res.status} but has no token at ${auth.tokenPointer} (auth.tokenPointer): ${redact(res.text.slice(0, 200))}`,
    );
  }
  return { [auth.header]: withScheme(auth.scheme, token) };
}

function withScheme(scheme: string, token: string): string {
  return scheme ? `${scheme} ${token}` : token;
}

/**
 * The credentials a request carried, the way a person checks them against the API's documentation:
 * each header's name and scheme, never the secret itself (`Authorization: Bearer <token>`, `X-Api-Key: <token>`).
 */
export function describeCredentials(headers: Record<string, string>): string {
  const sent = Object.entries(headers).map(([name, value]) => {
    const scheme = /^(\S+) \S/.exec(value)?.[1];
    return `${name}: ${scheme ? `${scheme} ` : ''}<token>`;
  });
  return sent.length > 0 ? sent.join(', ') : 'no credentials';
}
