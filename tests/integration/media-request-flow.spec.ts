import { randomUUID } from 'node:crypto';
import { test as base, expect, criterion } from '../../fixtures/index.ts';
import { mediaRequest } from '../../fixtures/media-requests.ts';

/** Run-scoped records: created through the API, always deleted by the fixture, even when the flow fails. */
const test = base.extend<{ scratch: { title: string; created: string[] } }>({
  scratch: async ({ http, sut, apiToken }, use) => {
    const scratch = { title: `staging-gate ${process.env.STAGING_RUN_ID} ${randomUUID()}`, created: [] as string[] };
    await use(scratch);
    for (const id of scratch.created) {
      await http(`${sut.apiUrl}/api/media-requests/${id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${apiToken}` },
      }).catch(() => undefined);
    }
  },
});

test(
  'a media request flows through the API, PostgreSQL and the Redis cache, and is deleted',
  criterion('integration-tests-failing'),
  async ({ config, sut, http, apiToken, db, redis, scratch, evidence }) => {
    const auth = { authorization: `Bearer ${apiToken}` };
    const started = performance.now();

    const id = await test.step('create it through the API', async () => {
      const res = await http(`${sut.apiUrl}/api/media-requests`, {
        method: 'POST',
        headers: auth,
        body: { title: scratch.title, mediaType: 'movie' },
      });
      expect(
        res.status,
        `POST /api/media-requests answered ${res.status}: ${config.redact(res.text.slice(0, 200))}`,
      ).toBe(201);
      const created = mediaRequest.parse(res.json());
      scratch.created.push(created.id);
      return created.id;
    });

    await test.step('read it back through the API', async () => {
      const res = await http(`${sut.apiUrl}/api/media-requests/${id}`, { headers: auth });
      expect(res.status).toBe(200);
      expect(mediaRequest.parse(res.json()).title).toBe(scratch.title);
    });

    await test.step('see it in PostgreSQL', async () => {
      const { rows } = await db.query<{ title: string }>('SELECT title FROM media_requests WHERE id::text = $1', [id]);
      expect(rows.map((r) => r.title)).toEqual([scratch.title]);
    });

    await test.step('see it cached in Redis, then served from the cache', async () => {
      expect(await redis.exists(`media-request:${id}`), `Redis key media-request:${id} after a read`).toBe(1);
      const res = await http(`${sut.apiUrl}/api/media-requests/${id}`, { headers: auth });
      expect(res.headers['x-cache']).toBe('HIT');
    });

    await test.step('delete it, and it is gone from the API, PostgreSQL and Redis', async () => {
      const res = await http(`${sut.apiUrl}/api/media-requests/${id}`, { method: 'DELETE', headers: auth });
      expect(res.status).toBe(204);
      scratch.created.splice(scratch.created.indexOf(id), 1);
      expect((await http(`${sut.apiUrl}/api/media-requests/${id}`, { headers: auth })).status).toBe(404);
      expect((await db.query('SELECT 1 FROM media_requests WHERE id::text = $1', [id])).rowCount).toBe(0);
      expect(await redis.exists(`media-request:${id}`)).toBe(0);
    });

    evidence.measure('integration.suite.duration', (performance.now() - started) / 1000, 's', 1);
  },
);
