// sealed.mjs — the data access rotate-key and the start-up key check need: which columns may hold
// sealed values (security/secrets.mjs), their values in key order, compare-and-set updates, and
// the key ids in use.
//
// By convention a value in table T, column C, row with primary key k is sealed with
// aadFor(T, C, k): every TEXT column of a table with a one-column primary key is looked at. Store
// modules whose values do not follow it export SEALED_COLUMNS: [{table, column, key, aad?(row)}].
import * as activations from './activations.mjs';
import * as connections from './connections.mjs';
import * as integrations from './integrations.mjs';
import * as tenancy from './tenancy.mjs';

export const SEALED_COLUMNS = [activations, connections, integrations, tenancy].flatMap((m) => m.SEALED_COLUMNS ?? []);

const ident = (name) => `"${name.replace(/"/g, '""')}"`;

// The tables and their columns: [{table, columns: [{name, type ('TEXT' | …), pk}]}].
async function tablesOf(db) {
  if (db.kind === 'postgres') {
    const rows = await db.all(`SELECT c.table_name AS t, c.column_name AS name, upper(c.data_type) AS type,
        EXISTS (SELECT 1 FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage k
          ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema AND k.table_name = tc.table_name
          WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = c.table_schema AND tc.table_name = c.table_name
            AND k.column_name = c.column_name) AS pk
      FROM information_schema.columns c JOIN information_schema.tables t
        ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema() ORDER BY c.table_name, c.ordinal_position`);
    const tables = new Map();
    for (const r of rows) {
      if (!tables.has(r.t)) tables.set(r.t, []);
      tables.get(r.t).push({ name: r.name, type: r.type, pk: r.pk });
    }
    return [...tables].map(([table, columns]) => ({ table, columns }));
  }
  const names = (await db.all("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")).map((r) => r.name);
  const out = [];
  for (const table of names) {
    const info = await db.all(`PRAGMA table_info(${ident(table)})`);
    out.push({ table, columns: info.map((c) => ({ name: c.name, type: c.type, pk: c.pk > 0 })) });
  }
  return out;
}

/** Sealed-value access on engine `db` (db/sqlite.mjs, db/postgres.mjs); every function resolves. */
export function sealedStore(db) {
  // A value that looks sealed under some key: 'v1.' then an 8-character key id and a dot.
  const keyed = db.kind === 'postgres' ? "~ '^v1\\.[^.]{8}\\.'" : "GLOB 'v1.????????.*'";
  return {
    /**
     * {columns: [{table, column, key, aad?}], unkeyed: [{table, column}]}: the TEXT columns that
     * may hold sealed values; `unkeyed` ones (no one-column primary key) cannot be re-sealed.
     */
    async columns() {
      const listed = new Map(SEALED_COLUMNS.map((c) => [`${c.table}.${c.column}`, c]));
      const columns = [];
      const unkeyed = [];
      for (const { table, columns: info } of await tablesOf(db)) {
        const keys = info.filter((c) => c.pk);
        for (const col of info) {
          if (col.type !== 'TEXT' || col.pk) continue;
          const entry = listed.get(`${table}.${col.name}`);
          if (entry) columns.push(entry);
          // (a key that is not text, such as a sequence number, is treated as none: none is sealed)
          else if (keys.length === 1 && keys[0].type === 'TEXT') columns.push({ table, column: col.name, key: keys[0].name });
          else unkeyed.push({ table, column: col.name });
        }
      }
      return { columns, unkeyed };
    },

    /**
     * One column's candidate values in key order: page(after, limit) → [{k, value}] with key >
     * `after`; put(k, old, sealed) replaces a value only if it is still `old` (compare-and-set).
     */
    column({ table, column, key }) {
      const page = `SELECT ${ident(key)} AS k, ${ident(column)} AS value FROM ${ident(table)}
        WHERE ${ident(key)} > @after AND ${ident(column)} LIKE 'v1.%' ORDER BY ${ident(key)} LIMIT @limit`;
      const put = `UPDATE ${ident(table)} SET ${ident(column)} = ? WHERE ${ident(key)} = ? AND ${ident(column)} = ?`;
      return {
        page: (after, limit) => db.all(page, { after, limit }),
        put: async (k, old, sealed) => (await db.run(put, [sealed, k, old])).changes === 1,
      };
    },

    /** Every value of a column that looks sealed (for counting what a rotation left). */
    values: async ({ table, column }) =>
      (await db.all(`SELECT ${ident(column)} AS v FROM ${ident(table)} WHERE ${ident(column)} LIKE 'v1.%'`)).map((r) => r.v),

    /** The key ids a column's values are sealed under. */
    keyIds: async ({ table, column }) =>
      (await db.all(`SELECT DISTINCT substr(${ident(column)}, 4, 8) AS kid FROM ${ident(table)} WHERE ${ident(column)} ${keyed}`)).map((r) => r.kid),

    /** Runs `fn` in one transaction. */
    transaction: (fn) => db.tx(fn),
  };
}
