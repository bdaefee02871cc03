// errors.mjs — what a database error means, the same for both engines: a unique or foreign key
// violation, the connection cap's refusal, a full disk, a database out of reach or too busy to
// finish a transaction; null for anything else.

/**
 * A PostgreSQL transaction that still failed on a serialization failure (40001) or a deadlock
 * (40P01) after its bounded retries (db/postgres.mjs): nothing was written, and the same
 * request may be sent again. store.tx answers it as 503 database_busy with Retry-After.
 */
export class DatabaseBusy extends Error {
  constructor(tries, cause) {
    super(`the database refused the transaction ${tries} times (serialization failures or deadlocks)`, { cause });
    this.name = 'DatabaseBusy';
    this.code = 'EMBEDHUB_DATABASE_BUSY';
  }
}

const SQLITE = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign_key',
  SQLITE_FULL: 'storage_full',
  SQLITE_IOERR_WRITE: 'storage_full',
  ENOSPC: 'storage_full',
};

const POSTGRES = {
  23505: 'unique',
  23503: 'foreign_key',
  53100: 'storage_full', // disk_full
  // The server cannot be reached or is going away: try again later.
  ECONNREFUSED: 'unavailable',
  ECONNRESET: 'unavailable',
  '57P01': 'unavailable', // admin_shutdown
  '57P02': 'unavailable', // crash_shutdown
  '57P03': 'unavailable', // cannot_connect_now
  53300: 'unavailable', // too_many_connections
  '08000': 'unavailable',
  '08003': 'unavailable',
  '08006': 'unavailable',
  // Lost a race against concurrent transactions (retried by tx(); outside one, or once the
  // retries are spent: try again).
  40001: 'busy', // serialization_failure
  '40P01': 'busy', // deadlock_detected
  EMBEDHUB_DATABASE_BUSY: 'busy',
};

/** 'unique' | 'foreign_key' | 'connection_limit' | 'storage_full' | 'unavailable' | 'busy' | null. */
export function dbErrorKind(err) {
  const code = err?.code;
  if (typeof code !== 'string') return null;
  if (err.message === 'connection_limit_reached' && (code === 'SQLITE_CONSTRAINT_TRIGGER' || code === 'P0001')) return 'connection_limit';
  return SQLITE[code] ?? POSTGRES[code] ?? null;
}
