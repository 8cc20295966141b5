// /v2/orders: list, create, read (through the Redis cache), delete. Every route needs a bearer token.
import { fault } from '../lib/faults.js';
import { HttpError, isObject, readJson, sendJson, sleep } from '../lib/http.js';

const invalid = (detail) => new HttpError(422, 'validation-failed', 'Validation failed', detail);

function positiveInt(value, fallback, max) {
  if (value === null) return fallback;
  if (!/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= max ? n : null;
}

function validateOrder(body, withNote) {
  if (!isObject(body)) throw invalid('body must be a JSON object');
  const allowed = withNote ? ['sku', 'quantity', 'note'] : ['sku', 'quantity'];
  const extra = Object.keys(body).filter((k) => !allowed.includes(k));
  if (extra.length) throw invalid(`unknown field(s): ${extra.join(', ')}`);
  const { sku, quantity, note } = body;
  if (typeof sku !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(sku))
    throw invalid('sku must be 1-64 letters, digits or -');
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > 10_000)
    throw invalid('quantity must be an integer >= 1');
  if (note !== undefined && note !== null && (typeof note !== 'string' || note.length > 500)) {
    throw invalid('note must be a string of at most 500 characters, or null');
  }
  return { sku, quantity, note };
}

export function ordersRoutes({ config, store }) {
  const notFound = (id) => new HttpError(404, 'not-found', 'Not found', `order ${id} does not exist`);
  const orderId = (params) => {
    const id = Number(params.orderId);
    if (!Number.isSafeInteger(id) || id > 2_147_483_647) throw notFound(params.orderId);
    return id;
  };
  return [
    {
      method: 'GET',
      path: '/v2/orders',
      auth: true,
      handler: async ({ res, url }) => {
        const page = positiveInt(url.searchParams.get('page'), 1, 1_000_000);
        const perPage = positiveInt(url.searchParams.get('per_page'), 20, 100);
        if (page === null || perPage === null) throw invalid('page >= 1 and 1 <= per_page <= 100 (integers)');
        if (fault('slow-list')) await sleep(config.slowListMs);
        const { data, total } = await store.list(page, perPage);
        // schema-violation: quantity as a string breaks the documented integer type.
        const rows = fault('schema-violation') ? data.map((o) => ({ ...o, quantity: String(o.quantity) })) : data;
        sendJson(res, 200, { data: rows, meta: { page, per_page: perPage, total } });
      },
    },
    {
      method: 'POST',
      path: '/v2/orders',
      auth: true,
      handler: async ({ req, res }) => {
        const input = validateOrder(await readJson(req), store.withNote);
        const order = await store.create(input);
        sendJson(res, 201, order, { Location: `/v2/orders/${order.id}` });
      },
    },
    {
      method: 'GET',
      path: '/v2/orders/{orderId}',
      auth: true,
      handler: async ({ res, params }) => {
        const id = orderId(params);
        const found = await store.get(id);
        if (!found) throw notFound(id);
        sendJson(res, 200, found.order, { 'X-Cache': found.cached ? 'HIT' : 'MISS' });
      },
    },
    {
      method: 'DELETE',
      path: '/v2/orders/{orderId}',
      auth: true,
      handler: async ({ res, params }) => {
        const id = orderId(params);
        if (!(await store.remove(id))) throw notFound(id);
        res.writeHead(204);
        res.end();
      },
    },
  ];
}
