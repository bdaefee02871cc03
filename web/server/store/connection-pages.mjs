// connection-pages.mjs — a user's connections in keyset pages, (created_at, id) order: the
// connection list is paged like the other lists, and counted for the per-user cap.
import { keysetQueries } from './keyset.mjs';

export function connectionPageStore(db) {
  // The core's cursors carry a (name, id) position: for connections the "name" is created_at.
  // @connectors: a JSON array of connector ids (the reference API's hub_connector_id), or NULL.
  const listing = keysetQueries(db, {
    select: '*, created_at AS name', from: 'connections', name: 'created_at', id: 'id',
    where: 'user_id = @user AND (@connectors IS NULL OR connector_id IN (SELECT value FROM json_each(@connectors)))',
  });
  const count = db.prepare('SELECT count(*) FROM connections WHERE user_id = ?').pluck();
  return {
    /** The keyset source of user `userId`'s connections (only those of `connectorIds` if given). */
    listing: (userId, connectorIds) => {
      const params = { user: userId, connectors: connectorIds ? JSON.stringify(connectorIds) : null };
      return { rows: (window) => listing.rows(params, window), count: () => listing.count(params) };
    },
    /** How many connections user `userId` has. */
    count: (userId) => count.get(userId),
    /**
     * Makes this database connection refuse a user's connection beyond `cap` (a TEMP trigger:
     * per connection, with this server's setting), so concurrent creates cannot pass the cap
     * together. The refusal is SQLITE_CONSTRAINT_TRIGGER with the message connection_limit_reached.
     */
    enforceCap(cap) {
      if (!Number.isInteger(cap) || cap < 1) throw new RangeError('enforceCap: a positive integer');
      db.exec(`DROP TRIGGER IF EXISTS temp.connections_cap;
        CREATE TEMP TRIGGER connections_cap BEFORE INSERT ON main.connections
        WHEN (SELECT count(*) FROM main.connections WHERE user_id = NEW.user_id) >= ${cap}
        BEGIN SELECT RAISE(ABORT, 'connection_limit_reached'); END;`);
    },
  };
}
