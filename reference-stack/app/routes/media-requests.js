// /api/media-requests: bearer-protected CRUD; single reads are cached in Redis (X-Cache: HIT|MISS).
import { fault, faultDelayMs } from '../lib/faults.js';
import { requireAuth } from '../lib/guard.js';
import { HttpError, readJson, sendJson, sleep } from '../lib/http.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MEDIA_TYPES = ['movie', 'tv'];

function validId(id) {
  if (!UUID.test(id)) throw new HttpError(400, 'validation_error', 'id must be a UUID');
  return id.toLowerCase();
}

function validInput(body, user) {
  const problems = [];
  const title = typeof body?.title === 'string' ? body.title.trim() : '';
  if (!title || title.length > 200) problems.push('title must be a non-empty string of at most 200 characters');
  if (!MEDIA_TYPES.includes(body?.mediaType)) problems.push(`mediaType must be one of ${MEDIA_TYPES.join(', ')}`);
  const requestedBy = body?.requestedBy ?? user;
  if (typeof requestedBy !== 'string' || !requestedBy.trim() || requestedBy.length > 100) {
    problems.push('requestedBy must be a non-empty string of at most 100 characters');
  }
  const priority = body?.priority;
  if (priority !== undefined && !(Number.isInteger(priority) && priority >= 0 && priority <= 10)) {
    problems.push('priority must be an integer from 0 to 10');
  }
  if (problems.length > 0) throw new HttpError(400, 'validation_error', problems.join('; '));
  return { title, mediaType: body.mediaType, requestedBy: requestedBy.trim(), priority };
}

function parseLimit(url) {
  const raw = url.searchParams.get('limit');
  if (raw === null) return 50;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new HttpError(400, 'validation_error', 'limit must be 1-200');
  return n;
}

export function mediaRequestRoutes({ config, store, cache }) {
  // Auth first, then the slow-api delay: 401s stay fast while authenticated calls get slow.
  const protect = (handler) => async (args) => {
    const user = await requireAuth(args.req, config.authSecret);
    if (fault('slow-api')) await sleep(faultDelayMs('slowApiMs', config));
    return handler({ ...args, user });
  };

  const create = async ({ req, res, user }) => {
    const input = validInput(await readJson(req), user.sub);
    const row = await store.create(input);
    sendJson(res, 201, row, { Location: `/api/media-requests/${row.id}` });
  };
  const list = async ({ res, url }) => {
    const items = await store.list(parseLimit(url));
    sendJson(res, 200, { items, count: items.length });
  };
  const get = async ({ res, params }) => {
    const id = validId(params.id);
    const cached = await cache.get(id);
    if (cached) return sendJson(res, 200, cached, { 'X-Cache': 'HIT' });
    const row = await store.get(id);
    if (!row) throw new HttpError(404, 'not_found', `media request ${id} does not exist`);
    await cache.set(id, row);
    sendJson(res, 200, row, { 'X-Cache': 'MISS' });
  };
  const remove = async ({ res, params }) => {
    const id = validId(params.id);
    const deleted = await store.remove(id);
    // The cache key goes even when the row was already gone, so no stale HIT survives.
    await cache.del(id);
    if (!deleted) throw new HttpError(404, 'not_found', `media request ${id} does not exist`);
    res.writeHead(204);
    res.end();
  };

  return [
    { method: 'POST', path: '/api/media-requests', handler: protect(create) },
    { method: 'GET', path: '/api/media-requests', handler: protect(list) },
    { method: 'GET', path: '/api/media-requests/:id', handler: protect(get) },
    { method: 'DELETE', path: '/api/media-requests/:id', handler: protect(remove) },
  ];
}
