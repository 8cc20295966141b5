// Test-only fault control server, started only when FAULT_CONTROL_PORT is set (the shipped stack has none):
// GET /faults, PUT /faults {faults, slowHealthMs?, slowApiMs?} replaces the run-time state,
// POST /reset clears the process's own counters (the backend's login rate limit) where a reset is given.
import http from 'node:http';
import { DELAY_PARAMETERS, faultState, KNOWN_FAULTS, setFaults } from './faults.js';
import { HttpError, readBody, sendError, sendJson } from './http.js';

const MAX_DELAY_MS = 60000;
const BODY_KEYS = ['faults', ...DELAY_PARAMETERS];

// Why so strict: a typo in a self-test's fault name must fail its request, not run the row healthy.
function parseChange(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'validation_error', 'the body must be an object {faults, slowHealthMs?, slowApiMs?}');
  }
  const extra = Object.keys(body).filter((key) => !BODY_KEYS.includes(key));
  if (extra.length > 0) throw new HttpError(400, 'validation_error', `unknown fields: ${extra.join(', ')}`);
  const { faults } = body;
  if (!Array.isArray(faults) || faults.some((name) => typeof name !== 'string')) {
    throw new HttpError(400, 'validation_error', 'faults must be a list of fault switch names');
  }
  const unknown = faults.filter((name) => !KNOWN_FAULTS.includes(name));
  if (unknown.length > 0) throw new HttpError(400, 'unknown_faults', `unknown fault switches: ${unknown.join(', ')}`);
  for (const parameter of DELAY_PARAMETERS) {
    const value = body[parameter];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= MAX_DELAY_MS)) {
      throw new HttpError(400, 'validation_error', `${parameter} must be an integer from 0 to ${MAX_DELAY_MS}`);
    }
  }
  return { names: [...new Set(faults)], delays: body };
}

export function startControlServer({ port, log, reset }) {
  const handle = async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/faults' && req.method === 'GET') return sendJson(res, 200, { ...faultState(), known: KNOWN_FAULTS });
    if (path === '/faults' && req.method === 'PUT') {
      const { names, delays } = parseChange(await readBody(req));
      setFaults(names, delays);
      log.warn('fault switches changed', faultState());
      return sendJson(res, 200, faultState());
    }
    if (path === '/reset' && req.method === 'POST' && reset) {
      const cleared = reset();
      log.info('control reset', { cleared });
      return sendJson(res, 200, { cleared });
    }
    throw new HttpError(404, 'not_found', `no control route ${req.method} ${path}`);
  };
  const server = http.createServer((req, res) =>
    handle(req, res).catch((err) => {
      if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message);
      log.error('control request failed', { error: err.message });
      sendError(res, 500, 'internal_error', 'internal server error');
    }),
  );
  server.listen(port, '0.0.0.0', () => log.warn('fault control listening (test-only)', { port }));
  return server;
}
