// open.mjs — opens the configured database (SQLite in the data directory, or PostgreSQL when
// EMBEDHUB_DATABASE_URL is set) and brings its schema up to date under a lock.
import { chmodSync, closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations/index.mjs';
import { postgresEngine } from './postgres.mjs';
import { ddlForPostgres } from './sql.mjs';
import { sqliteEngine } from './sqlite.mjs';

// pg_advisory_lock key of the migrations ("embedhub" in ASCII, truncated to 8 bytes as an int8).
export const MIGRATION_LOCK = 0x656d6265646875;

/**
 * Opens (creating if needed) the SQLite database at `file`, as a better-sqlite3 Database.
 *
 * Durability: in WAL mode a transaction's pages are written to the -wal file with write(2)
 * before COMMIT returns, and the server answers only after COMMIT. A killed process cannot
 * take back what the kernel already holds, so with synchronous=NORMAL every acknowledged write
 * survives SIGKILL; what NORMAL gives up is the fsync per commit, i.e. the last commits on a
 * power loss or kernel crash. `synchronous: 'full'` fsyncs the WAL on every commit (about
 * 5 ms a write on this machine's disk) for that case too.
 *
 * Several processes may open one fresh file at once (two servers, token.mjs): busy_timeout is
 * set before anything else, so switching to WAL and migrating wait for the lock instead of
 * failing with SQLITE_BUSY, and the schema version is read inside the write lock.
 */
export function openSqliteFile(file, { synchronous = 'normal' } = {}) {
  // Created 0600 whatever the umask: SQLite gives the -wal and -shm files the database's mode.
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * The engine (db/sqlite.mjs or db/postgres.mjs) for `config` (config.mjs), its schema migrated.
 * `context` goes to migrations that need code ({secrets}).
 */
export async function openEngine(config, context = {}) {
  let engine;
  if (config.databaseUrl) {
    engine = postgresEngine(config.databaseUrl, {
      max: config.databasePool,
      settings: { 'embedhub.max_connections_per_user': String(config.limits?.connectionsPerUser ?? 100) },
    });
  } else {
    engine = sqliteEngine(openSqliteFile(config.dbFile, { synchronous: config.synchronous }));
  }
  try {
    await migrate(engine, context);
    return engine;
  } catch (err) {
    await engine.close().catch(() => {});
    throw err;
  }
}

const SCHEMA_VERSION = 'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)';

/**
 * Applies the migrations newer than the database's schema_version in one transaction, under
 * the write lock (SQLite: BEGIN IMMEDIATE) or an advisory lock (PostgreSQL): a second process
 * starting at the same moment waits, then finds them applied.
 */
export async function migrate(engine, context = {}) {
  const postgres = engine.kind === 'postgres';
  const latest = MIGRATIONS.at(-1).version;
  const body = async () => {
    await engine.exec(postgres ? ddlForPostgres(SCHEMA_VERSION) : `${SCHEMA_VERSION} STRICT`);
    const applied = new Set((await engine.all('SELECT version FROM schema_version')).map((r) => r.version));
    const current = Math.max(0, ...applied);
    if (current > latest) {
      throw new Error(`the database is at schema version ${current}, newer than this server (${latest}): upgrade the server`);
    }
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      if (m.sql !== undefined) await engine.exec(postgres ? (m.postgres ?? ddlForPostgres(m.sql)) : m.sql);
      else await m.up(engine, context);
      await engine.run('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, new Date().toISOString()]);
    }
  };
  if (postgres) await engine.withLock(MIGRATION_LOCK, () => engine.tx(body, { isolation: 'read committed' }));
  else await engine.tx(body);
}
