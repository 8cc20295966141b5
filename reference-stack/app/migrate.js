// Versioned SQL migrations: `node migrate.js up | down --to <version> | status`.
// Each migration runs in its own transaction, so a failure leaves every earlier one applied.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from './lib/config.js';
import { fault } from './lib/faults.js';
import { createLogger } from './lib/log.js';
import { loadMigrations } from './lib/migrations.js';

const log = createLogger('migrate');
const config = loadConfig();
const LOCK_ID = 727_001; // advisory lock: two migrators never interleave
const CONNECT_DEADLINE_MS = 15000;
const usage = 'usage: node migrate.js up | down --to <version> | status';

// Exit 1 = a migration or the database failed; 2 = the command line was wrong.
function die(message, fields = {}, code = 1) {
  log.error(message, fields);
  process.stderr.write(`migrate: ${message}${fields.error ? `: ${fields.error}` : ''}\n`);
  process.exit(code);
}

// PostgreSQL may still be starting when the one-off container runs: retry the connection briefly.
async function connect() {
  const deadline = Date.now() + CONNECT_DEADLINE_MS;
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

async function applied(client) {
  const { rows } = await client.query('SELECT version, name, applied_at FROM schema_migrations ORDER BY version');
  return rows.map((r) => ({ version: r.version, name: r.name, appliedAt: r.applied_at.toISOString() }));
}

async function inTransaction(client, work) {
  await client.query('BEGIN');
  try {
    await work();
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

async function up(client, known) {
  const done = new Set((await applied(client)).map((m) => m.version));
  const pending = known.filter((m) => !done.has(m.version));
  for (const m of pending) {
    const started = Date.now();
    // failing-migration: 0002 references a column that does not exist, as a broken release would.
    const sql =
      fault('failing-migration') && m.version === 2 ? `${m.up}\nUPDATE media_requests SET priority = rank;` : m.up;
    try {
      await inTransaction(client, async () => {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      });
    } catch (err) {
      die(`migration ${String(m.version).padStart(4, '0')}_${m.name} failed, rolled back`, {
        version: m.version,
        error: err.message,
        sqlState: err.code,
      });
    }
    log.info('migration applied', { version: m.version, name: m.name, durationMs: Date.now() - started });
  }
  return pending.map((m) => m.version);
}

async function down(client, all, target) {
  const byVersion = new Map(all.map((m) => [m.version, m]));
  const toRevert = (await applied(client)).filter((m) => m.version > target).reverse();
  for (const a of toRevert) {
    const m = byVersion.get(a.version);
    if (!m?.down) die(`cannot revert migration ${a.version} (${a.name}): no .down.sql file in this image`);
    const started = Date.now();
    try {
      await inTransaction(client, async () => {
        await client.query(m.down);
        await client.query('DELETE FROM schema_migrations WHERE version = $1', [m.version]);
      });
    } catch (err) {
      die(`reverting migration ${m.version} (${m.name}) failed, rolled back`, {
        error: err.message,
        sqlState: err.code,
      });
    }
    log.info('migration reverted', { version: m.version, name: m.name, durationMs: Date.now() - started });
  }
  return toRevert.map((m) => m.version);
}

async function main() {
  const [command, flag, value] = process.argv.slice(2);
  if (!['up', 'down', 'status'].includes(command)) die(usage, {}, 2);
  const target = Number(value);
  if (command === 'down' && (flag !== '--to' || !Number.isInteger(target) || target < 0)) die(usage, {}, 2);
  if (!config.databaseUrl) die('DATABASE_URL is not set');

  // Files beyond MIGRATIONS_MAX_VERSION belong to a later release: never applied by this one.
  const all = loadMigrations(join(dirname(fileURLToPath(import.meta.url)), 'migrations'));
  const known = all.filter((m) => m.version <= config.migrationsMaxVersion);
  const client = await connect().catch((err) => die('cannot connect to PostgreSQL', { error: err.message }));
  const started = Date.now();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    if (command === 'status') {
      const done = await applied(client);
      const doneSet = new Set(done.map((m) => m.version));
      const brief = (m) => ({ version: m.version, name: m.name });
      const status = {
        applied: done,
        available: known.map(brief),
        pending: known.filter((m) => !doneSet.has(m.version)).map(brief),
        // Applied by a later release than this image: what a rollback must revert first.
        ahead: done.filter((m) => m.version > config.migrationsMaxVersion).map(brief),
      };
      process.stdout.write(`${JSON.stringify(status)}\n`);
    } else if (command === 'up') {
      const versions = await up(client, known);
      log.info('migrations up to date', { applied: versions, durationMs: Date.now() - started });
    } else {
      const versions = await down(client, all, target);
      log.info('migrations reverted', { reverted: versions, to: target, durationMs: Date.now() - started });
    }
  } finally {
    await client.end().catch(() => {});
  }
}

main().catch((err) => die('unexpected failure', { error: err.message }));
