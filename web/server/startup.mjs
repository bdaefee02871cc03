// startup.mjs — why the server cannot start, in one sentence (main.mjs prints it and exits 2):
// an unusable data directory, a corrupt database, a full disk. null for anything else.
import { join } from 'node:path';

const SQLITE = {
  SQLITE_NOTADB: (where) => `${where} is not a SQLite database (a corrupt or foreign file): move it away or restore it from a backup`,
  SQLITE_CORRUPT: (where) => `the database ${where} is corrupt: restore it from a backup`,
  SQLITE_CANTOPEN: (where) => `cannot open the database ${where}: the data directory must exist and be writable`,
  SQLITE_READONLY: (where) => `the database ${where} is read-only: the server needs to write to it`,
  SQLITE_FULL: (where) => `the disk holding ${where} is full`,
  SQLITE_IOERR: (where) => `reading or writing ${where} failed (an I/O error): check the disk`,
};

// PostgreSQL (EMBEDHUB_DATABASE_URL) that cannot be used.
const POSTGRES = {
  ECONNREFUSED: 'nothing accepts connections at EMBEDHUB_DATABASE_URL\'s host and port: is PostgreSQL running there?',
  ENOTFOUND: 'EMBEDHUB_DATABASE_URL names a host that does not resolve',
  '28P01': 'PostgreSQL refused EMBEDHUB_DATABASE_URL\'s password',
  28000: 'PostgreSQL refused EMBEDHUB_DATABASE_URL\'s user (pg_hba.conf or the role)',
  '3D000': 'the database EMBEDHUB_DATABASE_URL names does not exist: create it first',
  42501: 'EMBEDHUB_DATABASE_URL\'s user may not create the schema\'s tables in that database',
};

/** The sentence for `err` raised while starting with data directory `dataDir`, or null. */
export function startupMessage(err, dataDir, { postgres = false } = {}) {
  const code = String(err?.code ?? '');
  if (postgres && POSTGRES[code]) return POSTGRES[code];
  const path = err?.path ?? dataDir ?? 'the data directory';
  const sqlite = Object.keys(SQLITE).find((k) => code === k || code.startsWith(`${k}_`));
  if (sqlite) return SQLITE[sqlite](dataDir ? join(dataDir, 'embedhub.sqlite') : 'file');
  switch (code) {
    case 'ENOTDIR':
    case 'EEXIST':
      return `the data directory ${path} is not a directory (a file is in the way): choose another with --data`;
    case 'EACCES':
    case 'EPERM':
      return `cannot write to ${path}: permission denied (the data directory, or its parent, must be writable by this user)`;
    case 'EROFS':
      return `${path} is on a read-only file system: the data directory must be writable`;
    case 'ENOSPC':
      return `the disk holding ${path} is full`;
    case 'EISDIR':
      return `${path} is a directory where the server keeps a file`;
    default:
      return null;
  }
}
