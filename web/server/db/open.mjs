// open.mjs — opens the SQLite database in WAL mode and brings its schema up to date.
import { chmodSync, closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations/index.mjs';

/**
 * Opens (creating if needed) the database at `file`.
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
export function openDatabase(file, { synchronous = 'normal', migrate: context = {} } = {}) {
  // Created 0600 whatever the umask: SQLite gives the -wal and -shm files the database's mode.
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    migrate(db, context);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Applies the migrations newer than the database's schema_version in one IMMEDIATE transaction:
 * a second process starting at the same moment waits, then finds them applied.
 */
function migrate(db, context) {
  const latest = MIGRATIONS.at(-1).version;
  const record = () => db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
    const applied = new Set(db.prepare('SELECT version FROM schema_version').pluck().all());
    const current = Math.max(0, ...applied);
    if (current > latest) {
      throw new Error(`the database is at schema version ${current}, newer than this server (${latest}): upgrade the server`);
    }
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      if (m.sql !== undefined) db.exec(m.sql);
      else m.up(db, context);
      record().run(m.version, m.name, new Date().toISOString());
    }
  }).immediate();
}
