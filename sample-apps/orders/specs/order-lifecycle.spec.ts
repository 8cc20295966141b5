import { test, expect, criterion } from 'staging-gate';

/**
 * The orders team's own end-to-end flow: an order goes through the API, PostgreSQL and the Redis
 * read cache, and is deleted again. It writes, so it carries @write (the gate runs it only where it may write).
 */
const integration = criterion('integration-tests-failing');
const details = { tag: ['@write', integration.tag], annotation: integration.annotation };

interface Order {
  id: number;
  sku: string;
  quantity: number;
  status: string;
  created_at: string;
  note: string | null;
}

test(
  'an order is created, cached in Redis, stored in PostgreSQL and deleted',
  details,
  async ({ api, db, redis, scratch }) => {
    const sku = await test.step('pick a SKU from the public catalog', async () => {
      const res = await api.get('v2/catalog');
      expect(res.status(), `GET /v2/catalog: ${await res.text()}`).toBe(200);
      const { items } = (await res.json()) as { items: { sku: string }[] };
      expect(items.length, 'the catalog lists at least one item').toBeGreaterThan(0);
      return items[0]!.sku;
    });

    const order = await test.step('create it through the API', async () => {
      const res = await api.post('v2/orders', { data: { sku, quantity: 2, note: scratch.id } });
      expect(res.status(), `POST /v2/orders: ${await res.text()}`).toBe(201);
      const created = (await res.json()) as Order;
      // Registered at once: the order is removed even when a later step fails.
      scratch.defer(async () => {
        await api.delete(`v2/orders/${created.id}`);
        await db.query('DELETE FROM orders WHERE id = $1', [created.id]);
      });
      expect(res.headers()['location']).toBe(`/v2/orders/${created.id}`);
      expect(created).toMatchObject({ sku, quantity: 2, status: 'pending', note: scratch.id });
      expect(Number.isInteger(created.id)).toBe(true);
      return created;
    });

    await test.step('read it back: the first read fills the cache, the second is served from it', async () => {
      const key = `orders:v2:${order.id}`;
      await redis.del(key);
      const first = await api.get(`v2/orders/${order.id}`);
      expect(first.status()).toBe(200);
      expect(first.headers()['x-cache']).toBe('MISS');
      expect(await first.json()).toEqual(order);
      expect(await redis.exists(key), `Redis key ${key} after a read`).toBe(1);
      expect(JSON.parse((await redis.get(key)) ?? '{}')).toEqual(order);
      const second = await api.get(`v2/orders/${order.id}`);
      expect(second.headers()['x-cache']).toBe('HIT');
      expect(await second.json()).toEqual(order);
    });

    await test.step('see its row in the orders table', async () => {
      const { rows } = await db.query<{ sku: string; quantity: number; note: string | null }>(
        'SELECT sku, quantity, note FROM orders WHERE id = $1',
        [order.id],
      );
      expect(rows).toEqual([{ sku, quantity: 2, note: scratch.id }]);
    });

    await test.step('delete it: gone from the API, PostgreSQL and Redis', async () => {
      const res = await api.delete(`v2/orders/${order.id}`);
      expect(res.status()).toBe(204);
      expect((await api.get(`v2/orders/${order.id}`)).status()).toBe(404);
      const { rowCount } = await db.query('SELECT 1 FROM orders WHERE id = $1', [order.id]);
      expect(rowCount).toBe(0);
      expect(await redis.exists(`orders:v2:${order.id}`)).toBe(0);
    });
  },
);

test('an invalid order is refused with a 422 problem and nothing is stored', details, async ({ api, db, scratch }) => {
  const res = await api.post('v2/orders', { data: { sku: 'SKU-1', quantity: 0, note: scratch.id } });
  expect(res.status(), await res.text()).toBe(422);
  expect(res.headers()['content-type']).toContain('application/problem+json');
  const problem = (await res.json()) as { type: string; title: string; status: number; detail: string };
  expect(problem).toMatchObject({ status: 422, type: expect.stringMatching(/^https?:\/\//) });
  const { rowCount } = await db.query('SELECT 1 FROM orders WHERE note = $1', [scratch.id]);
  expect(rowCount, 'no row was written for the refused order').toBe(0);
});
