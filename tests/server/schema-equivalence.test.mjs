// schema-equivalence.test.mjs — the migrations give SQLite and PostgreSQL the same schema: the
// same tables, columns (types normalised: integer, text, real), NOT NULL, primary keys, unique
// constraints and indexes (partial or not), and foreign keys with their ON DELETE. Needs a
// PostgreSQL (EMBEDHUB_TEST_DATABASE_URL); in CI (CI=true) its absence is a failure, not a skip,
// except in test.sh's SQLite stage (EMBEDHUB_TEST_ENGINE=sqlite), which the PostgreSQL stage follows.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { migrate, openSqliteFile } from '../../web/server/db/open.mjs';
import { postgresEngine } from '../../web/server/db/postgres.mjs';
import { sqliteEngine } from '../../web/server/db/sqlite.mjs';
import { MIGRATIONS } from '../../web/server/db/migrations/index.mjs';
import { createTestDatabase, tempDir, TEST_DATABASE_URL } from './helpers.mjs';

const TYPES = { integer: 'integer', bigint: 'integer', text: 'text', real: 'real', 'double precision': 'real' };
const type = (t) => TYPES[t.toLowerCase()] ?? `unknown:${t}`;
const sorted = (list) => list.map((x) => JSON.stringify(x)).sort();

async function sqliteSchema(db) {
  const out = {};
  const tables = (await db.all("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).map((r) => r.name);
  for (const t of tables) {
    const cols = await db.all(`PRAGMA table_info("${t}")`);
    const unique = [];
    for (const ix of await db.all(`PRAGMA index_list("${t}")`)) {
      if (!ix.unique || ix.origin === 'pk') continue;
      const on = (await db.all(`PRAGMA index_info("${ix.name}")`)).sort((a, b) => a.seqno - b.seqno).map((c) => c.name);
      unique.push({ columns: on, partial: ix.partial === 1 });
    }
    const fks = new Map();
    for (const fk of await db.all(`PRAGMA foreign_key_list("${t}")`)) {
      const f = fks.get(fk.id) ?? { from: [], table: fk.table, to: [], onDelete: fk.on_delete };
      f.from.push(fk.from);
      f.to.push(fk.to);
      fks.set(fk.id, f);
    }
    out[t] = {
      columns: sorted(cols.map((c) => ({ name: c.name, type: type(c.type), notNull: c.notnull === 1 || c.pk > 0 }))),
      primaryKey: cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      unique: sorted(unique),
      foreignKeys: sorted([...fks.values()]),
    };
  }
  return out;
}

const ON_DELETE = { a: 'NO ACTION', c: 'CASCADE', r: 'RESTRICT', n: 'SET NULL', d: 'SET DEFAULT' };

async function postgresSchema(db) {
  const out = {};
  const tables = (await db.all("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")).map((r) => r.t);
  for (const t of tables) {
    const cols = await db.all(`SELECT column_name AS name, data_type AS type, is_nullable AS nullable FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`, [t]);
    const indexes = await db.all(`SELECT i.indisprimary AS pk, i.indisunique AS uniq, i.indpred IS NOT NULL AS partial,
        array(SELECT CAST(a.attname AS text) FROM unnest(i.indkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o) AS columns
      FROM pg_index i WHERE i.indrelid = CAST(? AS regclass)`, [t]);
    const fks = await db.all(`SELECT c.confdeltype AS del, CAST(c.confrelid AS regclass)::text AS ref,
        array(SELECT CAST(a.attname AS text) FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o) AS "from",
        array(SELECT CAST(a.attname AS text) FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o) AS "to"
      FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid = CAST(? AS regclass)`, [t]);
    out[t] = {
      columns: sorted(cols.map((c) => ({ name: c.name, type: type(c.type), notNull: c.nullable === 'NO' }))),
      primaryKey: indexes.find((i) => i.pk)?.columns ?? [],
      unique: sorted(indexes.filter((i) => i.uniq && !i.pk).map((i) => ({ columns: i.columns, partial: i.partial }))),
      foreignKeys: sorted(fks.map((f) => ({ from: f.from, table: f.ref, to: f.to, onDelete: ON_DELETE[f.del] }))),
    };
  }
  return out;
}

test('SQLite and PostgreSQL get equivalent schemas from the migrations', async (t) => {
  if (!TEST_DATABASE_URL) {
    // scripts/test.sh runs this file in both server stages: the SQLite stage says so, and the
    // comparison runs in the PostgreSQL stage. Anywhere else in CI, a missing database fails.
    if (process.env.EMBEDHUB_TEST_ENGINE === 'sqlite') return t.skip('the SQLite stage: the comparison runs in the PostgreSQL stage');
    if (process.env.CI === 'true') assert.fail('CI=true: EMBEDHUB_TEST_DATABASE_URL must name a PostgreSQL for the schema comparison');
    t.skip('no PostgreSQL: set EMBEDHUB_TEST_DATABASE_URL');
    return;
  }
  const dir = tempDir();
  const lite = sqliteEngine(openSqliteFile(join(dir, 'embedhub.sqlite')));
  const database = await createTestDatabase();
  const pg = postgresEngine(database.url, { max: 2 });
  try {
    await migrate(lite);
    await migrate(pg);
    // Twice is once: the versions are recorded alike.
    await migrate(pg);
    const versions = MIGRATIONS.map((m) => m.version);
    assert.deepEqual((await pg.all('SELECT version FROM schema_version ORDER BY version')).map((r) => r.version), versions);
    assert.deepEqual((await lite.all('SELECT version FROM schema_version ORDER BY version')).map((r) => r.version), versions);
    const a = await sqliteSchema(lite);
    const b = await postgresSchema(pg);
    assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort(), 'the same tables');
    assert.ok(Object.keys(a).length >= 15, `${Object.keys(a).length} tables compared`);
    for (const table of Object.keys(a)) assert.deepEqual(b[table], a[table], `table ${table}`);
    t.diagnostic(`${Object.keys(a).length} tables, ${Object.values(a).reduce((n, x) => n + x.columns.length, 0)} columns compared`);
  } finally {
    await lite.close();
    await pg.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});
