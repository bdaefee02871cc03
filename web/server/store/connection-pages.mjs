// connection-pages.mjs — a user's connections in keyset pages, (created_at, id) order: the
// connection list is paged like the other lists, and counted for the per-user cap.
import { keysetQueries } from './keyset.mjs';

export function connectionPageStore(db) {
  const postgres = db.kind === 'postgres';
  // The core's cursors carry a (name, id) position: for connections the "name" is created_at.
  // @connectors: the connector ids (the reference API's hub_connector_id), or NULL for all:
  // a JSON array on SQLite, a text[] on PostgreSQL.
  const listing = keysetQueries(db, {
    select: '*, created_at AS name', from: 'connections', name: 'created_at', id: 'id',
    where: postgres
      ? 'user_id = @user AND (@connectors::text[] IS NULL OR connector_id = ANY (@connectors::text[]))'
      : 'user_id = @user AND (@connectors IS NULL OR connector_id IN (SELECT value FROM json_each(@connectors)))',
  });
  return {
    /** The keyset source of user `userId`'s connections (only those of `connectorIds` if given). */
    listing: (userId, connectorIds) => {
      const ids = connectorIds ?? null;
      const params = { user: userId, connectors: postgres || ids === null ? ids : JSON.stringify(ids) };
      return { rows: (window) => listing.rows(params, window), count: () => listing.count(params) };
    },
    /** How many connections user `userId` has. */
    count: async (userId) => (await db.get('SELECT count(*) AS n FROM connections WHERE user_id = ?', [userId])).n,
    /**
     * Makes the database refuse a user's connection beyond `cap`, so concurrent creates cannot
     * pass it together. SQLite: a TEMP trigger on this server's connection, with its setting.
     * PostgreSQL: migration 005's trigger, reading the session setting db/open.mjs gives every
     * pooled connection. The refusal's message is connection_limit_reached (db/errors.mjs).
     */
    async enforceCap(cap) {
      if (!Number.isInteger(cap) || cap < 1) throw new RangeError('enforceCap: a positive integer');
      if (postgres) return;
      await db.exec(`DROP TRIGGER IF EXISTS temp.connections_cap;
        CREATE TEMP TRIGGER connections_cap BEFORE INSERT ON main.connections
        WHEN (SELECT count(*) FROM main.connections WHERE user_id = NEW.user_id) >= ${cap}
        BEGIN SELECT RAISE(ABORT, 'connection_limit_reached'); END;`);
    },
  };
}
