// index.mjs — the schema migrations: every file `NNN-name.mjs` in this directory, in numeric
// order (gaps allowed), so engineers add migrations without editing one shared file.
//
// A migration module exports `name` and either `sql` (a SQLite script; PostgreSQL gets it through
// db/sql.mjs ddlForPostgres, or its own `postgres` script) or `up(db, context)` (async, on the engine, for steps
// that need code, such as re-encrypting values). Numbers: 001–009 the server's core tables,
// security and webhooks; 010–019 connections and OAuth; later blocks by agreement.
import { readdirSync } from 'node:fs';

const FILE = /^(\d{3})-[a-z0-9-]+\.mjs$/;
const dir = new URL('./', import.meta.url);

const files = readdirSync(dir).filter((f) => FILE.test(f)).sort();

/** [{version, name, sql?, up?}] in ascending version order. */
export const MIGRATIONS = await Promise.all(files.map(async (file) => {
  const m = await import(new URL(file, dir));
  const version = Number(FILE.exec(file)[1]);
  if (typeof m.name !== 'string' || (typeof m.sql !== 'string' && typeof m.up !== 'function')) {
    throw new Error(`migration ${file} must export name and sql or up()`);
  }
  return { version, name: m.name, sql: m.sql, postgres: m.postgres, up: m.up };
}));

for (let i = 1; i < MIGRATIONS.length; i++) {
  if (MIGRATIONS[i].version === MIGRATIONS[i - 1].version) throw new Error(`two migrations are numbered ${MIGRATIONS[i].version}`);
}
