import { test, expect, criterion } from 'staging-gate';

/** Read-only: the public catalog the shop page renders, as the API and the database see it. */
interface CatalogItem {
  sku: string;
  name: string;
  price_cents: number;
}

test(
  'the public catalog answers without credentials and matches the catalog_items table',
  criterion('integration-tests-failing'),
  async ({ playwright, api, db }) => {
    const res = await api.get('v2/catalog');
    expect(res.status(), await res.text()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/json');
    const { items } = (await res.json()) as { items: CatalogItem[] };
    expect(items.length, 'the catalog lists at least one item').toBeGreaterThan(0);
    for (const item of items) {
      expect(typeof item.sku, `sku of ${JSON.stringify(item)}`).toBe('string');
      expect(typeof item.name, `name of ${JSON.stringify(item)}`).toBe('string');
      expect(Number.isInteger(item.price_cents), `price_cents of ${JSON.stringify(item)} is an integer`).toBe(true);
      expect(item.price_cents).toBeGreaterThanOrEqual(0);
    }

    await test.step('the same answer without the login headers (the route is public)', async () => {
      const anonymous = await playwright.request.newContext();
      try {
        const plain = await anonymous.get(res.url());
        expect(plain.status()).toBe(200);
        expect(await plain.json()).toEqual({ items });
      } finally {
        await anonymous.dispose();
      }
    });

    await test.step('every item is a row of catalog_items', async () => {
      const { rows } = await db.query<CatalogItem>('SELECT sku, name, price_cents FROM catalog_items ORDER BY sku');
      expect([...items].sort((a, b) => a.sku.localeCompare(b.sku))).toEqual(rows);
    });
  },
);

test(
  'the orders list pages with meta and refuses an out-of-range page size with a 422 problem',
  criterion('integration-tests-failing'),
  async ({ api, db }) => {
    const res = await api.get('v2/orders', { params: { page: 1, per_page: 5 } });
    expect(res.status(), await res.text()).toBe(200);
    const body = (await res.json()) as { data: { id: number; quantity: number }[]; meta: Record<string, number> };
    expect(body.meta).toMatchObject({ page: 1, per_page: 5 });
    expect(body.data.length).toBeLessThanOrEqual(5);
    for (const order of body.data) expect(Number.isInteger(order.quantity), `quantity of order ${order.id}`).toBe(true);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
    // Other writers may add or remove orders between the two reads: the totals agree within a small window.
    expect(Math.abs((body.meta.total ?? -1) - rows[0]!.n)).toBeLessThanOrEqual(5);

    const bad = await api.get('v2/orders', { params: { per_page: 1000 } });
    expect(bad.status()).toBe(422);
    expect(bad.headers()['content-type']).toContain('application/problem+json');
  },
);
