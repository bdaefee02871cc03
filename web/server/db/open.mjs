// open.mjs — opens the SQLite database in WAL mode and brings its schema up to date.
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.mjs';

/**
 * Opens (creating if needed) the database at `file`.
 *
 * Durability: in WAL mode a transaction's pages are written to the -wal file with write(2)
 * before COMMIT returns, and the server answers only after COMMIT. A killed process cannot
 * take back what the kernel already holds, so with synchronous=NORMAL every acknowledged write
 * survives SIGKILL; what NORMAL gives up is the fsync per commit, i.e. the last commits on a
 * power loss or kernel crash. `synchronous: 'full'` fsyncs the WAL on every commit (about
 * 5 ms a write on this machine's disk) for that case too.
 */
export function openDatabase(file, { synchronous = 'normal' } = {}) {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    // Another process (token.mjs, a second server) may hold the write lock briefly.
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Applies the migrations newer than the database's schema_version, each in its own transaction. */
function migrate(db) {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
  const current = db.prepare('SELECT coalesce(max(version), 0) AS v FROM schema_version').get().v;
  const latest = MIGRATIONS.at(-1).version;
  if (current > latest) {
    throw new Error(`the database is at schema version ${current}, newer than this server (${latest}): upgrade the server`);
  }
  const record = db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    }).immediate();
  }
}
