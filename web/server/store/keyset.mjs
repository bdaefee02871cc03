// keyset.mjs — keyset-paged SQL in (name, id) order, the order the core's cursors carry.
// Names and ids compare byte-wise on both engines (SQLite's BINARY collation; on PostgreSQL every
// TEXT column is COLLATE "C"), exactly as the core orders them.

/**
 * Queries over `from` filtered by `where` (named parameters) on engine `db`. `name` and `id`
 * are the key columns. rows() resolves up to `limit` rows strictly after / before `position`
 * {name, id} (or from the start), always in ascending order; count() the rows matching the filter.
 */
export function keysetQueries(db, { select, from, where, name = 'name', id = 'id' }) {
  const base = `SELECT ${select} FROM ${from} WHERE ${where}`;
  const q = {
    first: `${base} ORDER BY ${name}, ${id} LIMIT @limit`,
    after: `${base} AND (${name} > @name OR (${name} = @name AND ${id} > @id)) ORDER BY ${name}, ${id} LIMIT @limit`,
    before: `${base} AND (${name} < @name OR (${name} = @name AND ${id} < @id)) ORDER BY ${name} DESC, ${id} DESC LIMIT @limit`,
    count: `SELECT count(*) AS n FROM ${from} WHERE ${where}`,
  };
  return {
    async rows(params, { position, direction, limit }) {
      if (!position) return db.all(q.first, { ...params, limit });
      const rows = await db.all(q[direction], { ...params, limit, name: position.name, id: position.id });
      return direction === 'before' ? rows.reverse() : rows;
    },
    count: async (params) => (await db.get(q.count, params)).n,
  };
}
