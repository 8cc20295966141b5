// Response helpers: common headers, JSON, RFC 7807 problems, bounded JSON bodies.
import { fault } from './faults.js';

export const PROBLEM_BASE = 'https://orders.example.test/problems/';
const MAX_BODY_BYTES = 64 * 1024;

export class HttpError extends Error {
  constructor(status, slug, title, detail, headers = {}) {
    super(detail);
    Object.assign(this, { status, slug, title, headers });
  }
}

export const versionOf = (config) => (fault('wrong-version') ? '2.3.9' : config.version);

// Every response, errors included. Node sends neither X-Powered-By nor Server by itself.
export function applyBaseHeaders(res, config) {
  res.setHeader('Content-Security-Policy', "default-src 'self'; frame-ancestors 'none'");
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Orders-Version', versionOf(config));
}

export function send(res, status, body, contentType, headers = {}) {
  const payload = Buffer.from(body, 'utf8');
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': payload.length, ...headers });
  res.end(payload);
}

export function sendJson(res, status, body, headers = {}) {
  send(res, status, JSON.stringify(body), 'application/json; charset=utf-8', {
    'Cache-Control': 'no-store',
    ...headers,
  });
}

export function sendProblem(res, req, status, slug, title, detail, headers = {}) {
  const instance = new URL(req.url, 'http://localhost').pathname;
  const body = { type: `${PROBLEM_BASE}${slug}`, title, status, detail, instance };
  send(res, status, JSON.stringify(body), 'application/problem+json; charset=utf-8', headers);
}

export function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'payload-too-large', 'Payload too large', `body exceeds ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

// Malformed JSON is a 400, unless a fault turns it into a 500 or a crash (thrown outside any promise).
export async function readJson(req) {
  const text = await readBody(req);
  try {
    return JSON.parse(text);
  } catch (err) {
    if (fault('crash-on-malformed')) {
      setImmediate(() => {
        throw new Error(`unhandled malformed JSON body: ${err.message}`);
      });
      return new Promise(() => {}); // never answers: the process dies first
    }
    if (fault('malformed-500')) throw new Error(`JSON.parse failed: ${err.message}`);
    throw new HttpError(400, 'malformed-json', 'Malformed JSON', 'request body is not valid JSON');
  }
}

export const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
