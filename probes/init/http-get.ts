/**
 * One bounded GET for `npm run init`: a timeout on every request, redirects not followed, the body cut at
 * a byte limit. Never throws: a failure comes back as the error code (ECONNREFUSED, ENOTFOUND, ...).
 */
import type { ProbeAnswer } from './types.ts';

export const PROBE_TIMEOUT_MS = 3_000;
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface GetOptions {
  timeoutMs?: number;
  maxBytes?: number;
  headers?: Record<string, string>;
}

export async function httpGet(url: string, options: GetOptions = {}): Promise<ProbeAnswer> {
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_BODY_BYTES;
  try {
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.5', ...options.headers },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const text = await readCapped(res, maxBytes);
    return { ok: true, url, status: res.status, headers, text };
  } catch (error) {
    return { ok: false, url, error: describeFailure(error, timeoutMs) };
  }
}

async function readCapped(res: Response, maxBytes: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= maxBytes) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}

/** "ECONNREFUSED", "ENOTFOUND", "no answer within 3000 ms", else the message. */
export function describeFailure(error: unknown, timeoutMs: number): string {
  const failure = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (failure.name === 'TimeoutError' || failure.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = failure.cause;
  if (cause?.code)
    return cause.message && !cause.message.startsWith(cause.code) ? `${cause.code} (${cause.message})` : cause.code;
  return cause?.message ?? failure.message ?? String(error);
}
