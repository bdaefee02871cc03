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

export function sealedStore(db) {
  return {
    /**
     * {columns: [{table, column, key, aad?}], unkeyed: [{table, column}]}: the TEXT columns that
     * may hold sealed values; `unkeyed` ones (no one-column primary key) cannot be re-sealed.
     */
    columns() {
      const listed = new Map(SEALED_COLUMNS.map((c) => [`${c.table}.${c.column}`, c]));
      const columns = [];
      const unkeyed = [];
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all();
      for (const table of tables) {
        const info = db.prepare(`PRAGMA table_info(${ident(table)})`).all();
        const keys = info.filter((c) => c.pk > 0);
        for (const col of info) {
          if (col.type !== 'TEXT' || col.pk > 0) continue;
          const entry = listed.get(`${table}.${col.name}`);
          if (entry) columns.push(entry);
          else if (keys.length === 1) columns.push({ table, column: col.name, key: keys[0].name });
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
      const page = db.prepare(`SELECT ${ident(key)} AS k, ${ident(column)} AS value FROM ${ident(table)}
        WHERE ${ident(key)} > @after AND ${ident(column)} LIKE 'v1.%' ORDER BY ${ident(key)} LIMIT @limit`);
      const put = db.prepare(`UPDATE ${ident(table)} SET ${ident(column)} = ? WHERE ${ident(key)} = ? AND ${ident(column)} = ?`);
      return {
        page: (after, limit) => page.all({ after, limit }),
        put: (k, old, sealed) => put.run(sealed, k, old).changes === 1,
      };
    },

    /** Every value of a column that looks sealed (for counting what a rotation left). */
    values: ({ table, column }) =>
      db.prepare(`SELECT ${ident(column)} FROM ${ident(table)} WHERE ${ident(column)} LIKE 'v1.%'`).pluck().all(),

    /** The key ids a column's values are sealed under. */
    keyIds: ({ table, column }) =>
      db.prepare(`SELECT DISTINCT substr(${ident(column)}, 4, 8) FROM ${ident(table)} WHERE ${ident(column)} GLOB 'v1.????????.*'`).pluck().all(),

    /** Runs `fn` in one IMMEDIATE transaction. */
    transaction: (fn) => db.transaction(fn).immediate(),
  };
}
