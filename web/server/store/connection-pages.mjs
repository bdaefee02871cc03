// connection-pages.mjs — a user's connections in keyset pages, (created_at, id) order: the
// connection list is paged like the other lists, and counted for the per-user cap.
import { keysetQueries } from './keyset.mjs';

export function connectionPageStore(db) {
  // The core's cursors carry a (name, id) position: for connections the "name" is created_at.
  const listing = keysetQueries(db, { select: '*, created_at AS name', from: 'connections', where: 'user_id = @user', name: 'created_at', id: 'id' });
  const count = db.prepare('SELECT count(*) FROM connections WHERE user_id = ?').pluck();
  return {
    /** The keyset source of user `userId`'s connections. */
    listing: (userId) => ({
      rows: (window) => listing.rows({ user: userId }, window),
      count: () => listing.count({ user: userId }),
    }),
    /** How many connections user `userId` has. */
    count: (userId) => count.get(userId),
  };
}
