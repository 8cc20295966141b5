import { z } from 'zod';
import { test, expect, criterion } from 'staging-gate';

/** The reference application's media-request contract: this stack's own integration flow (its profile's specs). */
const mediaRequest = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  title: z.string(),
  mediaType: z.enum(['movie', 'tv']),
});

test(
  'a media request flows through the API, PostgreSQL and the Redis cache, and is deleted',
  { ...criterion('integration-tests-failing'), tag: ['@integration-tests-failing', '@write'] },
  async ({ api, db, redis, scratch, evidence }) => {
    const started = performance.now();
    const title = `staging-gate ${scratch.id}`;

    const id = await test.step('create it through the API', async () => {
      const res = await api.post('api/media-requests', { data: { title, mediaType: 'movie' } });
      expect(res.status(), `POST /api/media-requests answered ${res.status()}`).toBe(201);
      const created = mediaRequest.parse(await res.json());
      scratch.defer(() => api.delete(`api/media-requests/${created.id}`));
      return created.id;
    });

    await test.step('read it back through the API', async () => {
      const res = await api.get(`api/media-requests/${id}`);
      expect(res.status()).toBe(200);
      expect(mediaRequest.parse(await res.json()).title).toBe(title);
    });

    await test.step('see it in PostgreSQL', async () => {
      const { rows } = await db.query<{ title: string }>('SELECT title FROM media_requests WHERE id::text = $1', [id]);
      expect(rows.map((r) => r.title)).toEqual([title]);
    });

    await test.step('see it cached in Redis, then served from the cache', async () => {
      expect(await redis.exists(`media-request:${id}`), `Redis key media-request:${id} after a read`).toBe(1);
      const res = await api.get(`api/media-requests/${id}`);
      expect(res.headers()['x-cache']).toBe('HIT');
    });

    await test.step('delete it, and it is gone from the API, PostgreSQL and Redis', async () => {
      expect((await api.delete(`api/media-requests/${id}`)).status()).toBe(204);
      expect((await api.get(`api/media-requests/${id}`)).status()).toBe(404);
      expect((await db.query('SELECT 1 FROM media_requests WHERE id::text = $1', [id])).rowCount).toBe(0);
      expect(await redis.exists(`media-request:${id}`)).toBe(0);
    });

    evidence.measure('integration.suite.duration', (performance.now() - started) / 1000, 's', 1);
  },
);
