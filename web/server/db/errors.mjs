// errors.mjs — what a database error means, the same for both engines: a unique or foreign key
// violation, the connection cap's refusal, a full disk; null for anything else.

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
};

/** 'unique' | 'foreign_key' | 'connection_limit' | 'storage_full' | 'unavailable' | null. */
export function dbErrorKind(err) {
  const code = err?.code;
  if (typeof code !== 'string') return null;
  if (err.message === 'connection_limit_reached' && (code === 'SQLITE_CONSTRAINT_TRIGGER' || code === 'P0001')) return 'connection_limit';
  return SQLITE[code] ?? POSTGRES[code] ?? null;
}
