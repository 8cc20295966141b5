// media_requests persistence. Maps database failures to HTTP errors the API can return as-is.
import { HttpError } from './http.js';

const UNDEFINED_COLUMN = '42703';
const UNDEFINED_TABLE = '42P01';

function toHttpError(err) {
  if (err instanceof HttpError) return err;
  if (err.code === UNDEFINED_TABLE) {
    return new HttpError(503, 'schema_not_ready', 'table media_requests does not exist: run the migrations');
  }
  if (err.code && /^(08|57P)/.test(err.code)) return new HttpError(503, 'database_unavailable', err.message);
  if (
    ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN'].includes(err.code) ||
    /timeout|terminated/i.test(err.message)
  ) {
    return new HttpError(503, 'database_unavailable', `database unavailable: ${err.message}`);
  }
  return err;
}

export function toDto(row) {
  const dto = {
    id: row.id,
    title: row.title,
    mediaType: row.media_type,
    requestedBy: row.requested_by,
    createdAt: new Date(row.created_at).toISOString(),
  };
  if (row.priority !== undefined) dto.priority = row.priority;
  return dto;
}

export function createStore(pool, schema) {
  const columns = async () =>
    (await schema.hasPriority())
      ? 'id, title, media_type, requested_by, created_at, priority'
      : 'id, title, media_type, requested_by, created_at';

  // One retry after "undefined column": the schema may have been rolled back since the last probe.
  async function run(build) {
    try {
      return await pool.query(...(await build()));
    } catch (err) {
      if (err.code !== UNDEFINED_COLUMN) throw toHttpError(err);
      schema.invalidate();
      try {
        return await pool.query(...(await build()));
      } catch (again) {
        throw toHttpError(again);
      }
    }
  }

  return {
    async list(limit) {
      const { rows } = await run(async () => [
        `SELECT ${await columns()} FROM media_requests ORDER BY created_at DESC, id LIMIT $1`,
        [limit],
      ]);
      return rows.map(toDto);
    },
    async get(id) {
      const { rows } = await run(async () => [`SELECT ${await columns()} FROM media_requests WHERE id = $1`, [id]]);
      return rows[0] ? toDto(rows[0]) : null;
    },
    async create({ title, mediaType, requestedBy, priority }) {
      const { rows } = await run(async () =>
        (await schema.hasPriority())
          ? [
              `INSERT INTO media_requests (title, media_type, requested_by, priority) VALUES ($1, $2, $3, $4)
               RETURNING ${await columns()}`,
              [title, mediaType, requestedBy, priority ?? 0],
            ]
          : [
              `INSERT INTO media_requests (title, media_type, requested_by) VALUES ($1, $2, $3)
               RETURNING ${await columns()}`,
              [title, mediaType, requestedBy],
            ],
      );
      return toDto(rows[0]);
    },
    async remove(id) {
      const { rowCount } = await run(async () => ['DELETE FROM media_requests WHERE id = $1', [id]]);
      return rowCount > 0;
    },
    async summary(limit) {
      const { rows } = await run(async () => [
        `SELECT (SELECT count(*)::int FROM media_requests) AS count,
                coalesce((SELECT json_agg(json_build_object('id', id, 'title', title, 'mediaType', media_type))
                          FROM (SELECT id, title, media_type FROM media_requests
                                ORDER BY created_at DESC, id LIMIT $1) latest), '[]'::json) AS latest`,
        [limit],
      ]);
      return rows[0];
    },
  };
}
