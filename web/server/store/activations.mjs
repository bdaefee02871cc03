// activations.mjs — data access for activations (UserIntegrationMap rows) and their bindings.
import { keysetQueries } from './keyset.mjs';

export function activationStore(db) {
  const q = {
    one: db.prepare('SELECT * FROM activations WHERE id = ?'),
    bindings: db.prepare(`SELECT template_id, connection_id FROM activation_connections
      WHERE activation_id = ? ORDER BY rowid`),
    insert: db.prepare(`INSERT INTO activations (id, name, user_id, hub_id, org_id, integration_id, package_id,
        integration_settings, dynamic_variables, created_at, modified_at)
      VALUES (@id, @name, @user_id, @hub_id, @org_id, @integration_id, @package_id,
        @integration_settings, @dynamic_variables, @created_at, @modified_at)`),
    bind: db.prepare('INSERT INTO activation_connections (activation_id, template_id, connection_id) VALUES (?, ?, ?)'),
    remove: db.prepare('DELETE FROM activations WHERE id = ?'),
  };
  const listing = keysetQueries(db, {
    select: '*',
    from: 'activations',
    where: 'user_id = @user AND (@integration IS NULL OR integration_id = @integration)',
  });
  return {
    one: (id) => q.one.get(id),
    bindings: (id) => q.bindings.all(id),
    /** Inserts an activation with its bindings; throws SQLITE_CONSTRAINT_UNIQUE for a second one. */
    insert: db.transaction((row, bindings) => {
      q.insert.run(row);
      for (const b of bindings) q.bind.run(row.id, b.templateId, b.connectionId);
    }),
    remove: (id) => q.remove.run(id).changes,
    /** The keyset source of user `user`'s activations, optionally of one integration. */
    listing: ({ user, integration = null }) => ({
      rows: (window) => listing.rows({ user, integration }, window),
      count: () => listing.count({ user, integration }),
    }),
  };
}
