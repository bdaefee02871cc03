// keyset.mjs — keyset-paged SQL in (name, id) order, the order the core's cursors carry.
// SQLite compares TEXT byte-wise (BINARY collation), exactly as the core orders names and ids.

/**
 * Prepared queries over `from` filtered by `where` (named parameters). `name` and `id` are the
 * key columns. rows() returns up to `limit` rows strictly after / before `position` {name, id}
 * (or from the start), always in ascending order; count() the rows matching the filter.
 */
export function keysetQueries(db, { select, from, where, name = 'name', id = 'id' }) {
  const base = `SELECT ${select} FROM ${from} WHERE ${where}`;
  const q = {
    first: db.prepare(`${base} ORDER BY ${name}, ${id} LIMIT @limit`),
    after: db.prepare(`${base} AND (${name} > @name OR (${name} = @name AND ${id} > @id)) ORDER BY ${name}, ${id} LIMIT @limit`),
    before: db.prepare(`${base} AND (${name} < @name OR (${name} = @name AND ${id} < @id)) ORDER BY ${name} DESC, ${id} DESC LIMIT @limit`),
    count: db.prepare(`SELECT count(*) AS n FROM ${from} WHERE ${where}`),
  };
  return {
    rows(params, { position, direction, limit }) {
      if (!position) return q.first.all({ ...params, limit });
      const rows = q[direction].all({ ...params, limit, name: position.name, id: position.id });
      return direction === 'before' ? rows.reverse() : rows;
    },
    count: (params) => q.count.get(params).n,
  };
}
