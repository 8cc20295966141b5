// Test-only control server (port 8081): GET /faults, PUT /faults {"faults":[...]} replaces the set.
import { activeFaults, KNOWN_FAULTS, setFaults } from './faults.js';
import { HttpError, isObject, readBody, sendJson, sendProblem } from './http.js';

export function createControl({ log }) {
  return async function handle(req, res) {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    try {
      if (path !== '/faults') throw new HttpError(404, 'not-found', 'Not found', `no route for ${path}`);
      if (req.method === 'GET') return sendJson(res, 200, { faults: activeFaults(), known: KNOWN_FAULTS });
      if (req.method !== 'PUT') throw new HttpError(405, 'method-not-allowed', 'Method not allowed', 'GET or PUT');
      let body;
      try {
        body = JSON.parse(await readBody(req));
      } catch {
        throw new HttpError(400, 'malformed-json', 'Malformed JSON', 'request body is not valid JSON');
      }
      const names = isObject(body) && Array.isArray(body.faults) ? body.faults : null;
      const unknown = names?.filter((n) => !KNOWN_FAULTS.includes(n));
      if (!names || unknown.length) {
        throw new HttpError(422, 'validation-failed', 'Validation failed', `faults must be a list of: ${KNOWN_FAULTS}`);
      }
      setFaults([...new Set(names)]);
      log.warn('faults changed', { faults: activeFaults() });
      sendJson(res, 200, { faults: activeFaults() });
    } catch (err) {
      const e = err instanceof HttpError ? err : new HttpError(500, 'internal-error', 'Internal error', err.message);
      sendProblem(res, req, e.status, e.slug, e.title, e.message);
    }
  };
}
