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
};

/** 'unique' | 'foreign_key' | 'connection_limit' | 'storage_full' | null. */
export function dbErrorKind(err) {
  const code = err?.code;
  if (typeof code !== 'string') return null;
  if (err.message === 'connection_limit_reached' && (code === 'SQLITE_CONSTRAINT_TRIGGER' || code === 'P0001')) return 'connection_limit';
  return SQLITE[code] ?? POSTGRES[code] ?? null;
}
