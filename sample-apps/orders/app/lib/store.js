// Orders and catalog in PostgreSQL; single orders are read through Redis (orders:v2:<id>, 60 s).
export const CACHE_TTL_SECONDS = 60;
const cacheKey = (id) => `orders:v2:${id}`;

export function createStore({ pool, redis }, config, log) {
  // Release 2.4.0 (migration 2) has the note column; 2.3.0 never touches it.
  const withNote = config.migrationsMax >= 2;
  const columns = `id, sku, quantity, status, created_at${withNote ? ', note' : ''}`;
  const toOrder = (row) => {
    const order = { id: row.id, sku: row.sku, quantity: row.quantity, status: row.status };
    order.created_at = new Date(row.created_at).toISOString();
    if (withNote) order.note = row.note ?? null;
    return order;
  };
  // The cache is an optimisation: when Redis is down, answers come from PostgreSQL.
  const cache = async (what, work, fallback) => {
    try {
      return await work();
    } catch (err) {
      log.warn('cache unavailable', { op: what, error: err.message });
      return fallback;
    }
  };

  return {
    withNote,
    async list(page, perPage) {
      const [{ rows }, count] = await Promise.all([
        pool.query(`SELECT ${columns} FROM orders ORDER BY id LIMIT $1 OFFSET $2`, [perPage, (page - 1) * perPage]),
        pool.query('SELECT count(*)::int AS total FROM orders'),
      ]);
      return { data: rows.map(toOrder), total: count.rows[0].total };
    },
    async create({ sku, quantity, note }) {
      const sql = withNote
        ? `INSERT INTO orders (sku, quantity, note) VALUES ($1, $2, $3) RETURNING ${columns}`
        : `INSERT INTO orders (sku, quantity) VALUES ($1, $2) RETURNING ${columns}`;
      const { rows } = await pool.query(sql, withNote ? [sku, quantity, note ?? null] : [sku, quantity]);
      return toOrder(rows[0]);
    },
    // { order, cached } or null.
    async get(id) {
      const hit = await cache('get', () => redis.get(cacheKey(id)), null);
      if (hit) return { order: JSON.parse(hit), cached: true };
      const { rows } = await pool.query(`SELECT ${columns} FROM orders WHERE id = $1`, [id]);
      if (!rows.length) return null;
      const order = toOrder(rows[0]);
      await cache('set', () => redis.set(cacheKey(id), JSON.stringify(order), 'EX', CACHE_TTL_SECONDS));
      return { order, cached: false };
    },
    async remove(id) {
      const { rowCount } = await pool.query('DELETE FROM orders WHERE id = $1', [id]);
      await cache('del', () => redis.del(cacheKey(id)));
      return rowCount > 0;
    },
    async catalog() {
      const { rows } = await pool.query('SELECT sku, name, price_cents FROM catalog_items ORDER BY sku');
      return rows;
    },
  };
}
