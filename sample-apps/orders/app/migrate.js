// knex-style migrations (tables knex_migrations and knex_migrations_lock):
//   node migrate.js latest | rollback [--to <name|count>] | status | unlock
// latest applies every pending migration this release knows as one new batch; rollback reverts the
// last batch, or with --to everything applied after <name> (or all but the first <count>).
// Exit codes: 0 ok, 1 migration or database failure, 2 usage.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from './lib/config.js';
import { createLogger } from './lib/log.js';
import { loadMigrations } from './lib/migrations.js';

const log = createLogger('orders-migrate');
const config = loadConfig();
const usage = 'usage: node migrate.js latest | rollback [--to <name|count>] | status | unlock';

function die(message, fields = {}, code = 1) {
  log.error(message, fields);
  process.stderr.write(`migrate: ${message}${fields.error ? `: ${fields.error}` : ''}\n`);
  process.exit(code);
}

// Thrown inside the lock (so `finally` releases it), reported by main().
class Fail extends Error {
  constructor(message, fields = {}, code = 1) {
    super(message);
    Object.assign(this, { fields, code });
  }
}

// PostgreSQL may still be starting when the one-off container runs: retry for up to 15 s.
async function connect() {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const client = new pg.Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function tx(client, work) {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

async function ensureTables(client) {
  await tx(client, async () => {
    await client.query('SELECT pg_advisory_xact_lock(727002)'); // two first runs never race on CREATE
    await client.query(`CREATE TABLE IF NOT EXISTS knex_migrations (id serial PRIMARY KEY,
      name varchar(255), batch integer, migration_time timestamptz)`);
    await client.query('CREATE TABLE IF NOT EXISTS knex_migrations_lock (index serial PRIMARY KEY, is_locked integer)');
    const { rows } = await client.query('SELECT count(*)::int AS n FROM knex_migrations_lock');
    if (rows[0].n === 0) await client.query('INSERT INTO knex_migrations_lock (is_locked) VALUES (0)');
  });
}

async function withLock(client, work) {
  const { rowCount } = await client.query('UPDATE knex_migrations_lock SET is_locked = 1 WHERE is_locked = 0');
  if (rowCount === 0)
    throw new Fail('migration table is already locked (another migrator runs, or run `node migrate.js unlock`)');
  try {
    return await work();
  } finally {
    await client.query('UPDATE knex_migrations_lock SET is_locked = 0');
  }
}

const appliedRows = async (client) =>
  (await client.query('SELECT id, name, batch, migration_time FROM knex_migrations ORDER BY id')).rows;

async function latest(client, known) {
  const done = new Set((await appliedRows(client)).map((r) => r.name));
  const pending = known.filter((m) => !done.has(m.name));
  if (!pending.length) return { batch: null, applied: [] };
  const { rows } = await client.query('SELECT coalesce(max(batch), 0) + 1 AS batch FROM knex_migrations');
  const batch = rows[0].batch;
  for (const m of pending) {
    const started = Date.now();
    try {
      await tx(client, async () => {
        await client.query(m.up);
        await client.query('INSERT INTO knex_migrations (name, batch, migration_time) VALUES ($1, $2, now())', [
          m.name,
          batch,
        ]);
      });
    } catch (err) {
      throw new Fail(`migration ${m.name} failed, rolled back`, { error: err.message, sqlState: err.code });
    }
    log.info('migration applied', { migration: m.name, batch, durationMs: Date.now() - started });
  }
  return { batch, applied: pending.map((m) => m.name) };
}

function selectRollback(rows, to) {
  if (to === undefined) {
    const last = Math.max(0, ...rows.map((r) => r.batch));
    return rows.filter((r) => r.batch === last);
  }
  if (/^\d+$/.test(to)) return [...rows].sort((a, b) => a.name.localeCompare(b.name)).slice(Number(to));
  if (!rows.some((r) => r.name === to)) throw new Fail(`--to ${to}: no applied migration has that name`, {}, 2);
  return rows.filter((r) => r.name > to);
}

async function rollback(client, all, to) {
  const byName = new Map(all.map((m) => [m.name, m]));
  const targets = selectRollback(await appliedRows(client), to).sort((a, b) => b.name.localeCompare(a.name));
  for (const row of targets) {
    const m = byName.get(row.name);
    if (!m?.down) throw new Fail(`cannot revert ${row.name}: no .down.sql file in this image`);
    try {
      await tx(client, async () => {
        await client.query(m.down);
        await client.query('DELETE FROM knex_migrations WHERE id = $1', [row.id]);
      });
    } catch (err) {
      throw new Fail(`reverting ${row.name} failed, rolled back`, { error: err.message, sqlState: err.code });
    }
    log.info('migration reverted', { migration: row.name, batch: row.batch });
  }
  return { reverted: targets.map((r) => r.name) };
}

async function main() {
  const [command, flag, value, ...rest] = process.argv.slice(2);
  const ok =
    (['latest', 'status', 'unlock'].includes(command) && flag === undefined) ||
    (command === 'rollback' && (flag === undefined || (flag === '--to' && value && !rest.length)));
  if (!ok) die(usage, {}, 2);
  if (!config.databaseUrl) die('DATABASE_URL is not set', {}, 2);

  // Files beyond this release's MIGRATIONS_MAX belong to a later release: `latest` never applies them.
  const all = loadMigrations(join(dirname(fileURLToPath(import.meta.url)), 'migrations'));
  const known = all.slice(0, config.migrationsMax);
  const client = await connect().catch((err) => die('cannot connect to PostgreSQL', { error: err.message }));
  try {
    await ensureTables(client);
    let result;
    if (command === 'unlock') {
      await client.query('UPDATE knex_migrations_lock SET is_locked = 0');
      result = { unlocked: true };
    } else if (command === 'status') {
      const rows = await appliedRows(client);
      const done = new Set(rows.map((r) => r.name));
      const knownNames = new Set(known.map((m) => m.name));
      result = {
        version: config.version,
        applied: rows.map((r) => ({ name: r.name, batch: r.batch, migration_time: r.migration_time })),
        pending: known.filter((m) => !done.has(m.name)).map((m) => m.name),
        ahead: rows.filter((r) => !knownNames.has(r.name)).map((r) => r.name),
      };
    } else if (command === 'latest') {
      result = await withLock(client, () => latest(client, known));
    } else {
      result = await withLock(client, () => rollback(client, all, value));
    }
    process.stdout.write(`${JSON.stringify({ command, ...result })}\n`);
  } finally {
    await client.end().catch(() => {});
  }
}

main().catch((err) =>
  err instanceof Fail ? die(err.message, err.fields, err.code) : die('unexpected failure', { error: err.message }),
);
