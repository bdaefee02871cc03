// activations.mjs — data access for activations (UserIntegrationMap rows) and their bindings.
import { aadFor } from '../security/secrets.mjs';
import { keysetQueries } from './keyset.mjs';

// Sealed columns: their values are encrypted with the row id bound in (security/secrets.mjs).
const SEALED = ['dynamic_variables', 'secret_settings'];

/** Columns holding sealed values, for rotate-key (store/sealed.mjs): AAD aadFor(table, column, key). */
export const SEALED_COLUMNS = SEALED.map((column) => ({ table: 'activations', column, key: 'id' }));

export function activationStore(db, secrets) {
  const seal = (row) => ({ ...row, ...Object.fromEntries(SEALED.map((c) => [c, secrets.seal(row[c], aadFor('activations', c, row.id))])) });
  const q = {
    one: db.prepare('SELECT * FROM activations WHERE id = ?'),
    bindings: db.prepare(`SELECT template_id, connection_id FROM activation_connections
      WHERE activation_id = ? ORDER BY rowid`),
    insert: db.prepare(`INSERT INTO activations (id, name, user_id, hub_id, org_id, integration_id, package_id,
        integration_settings, dynamic_variables, secret_settings, created_at, modified_at)
      VALUES (@id, @name, @user_id, @hub_id, @org_id, @integration_id, @package_id,
        @integration_settings, @dynamic_variables, @secret_settings, @created_at, @modified_at)`),
    bind: db.prepare('INSERT INTO activation_connections (activation_id, template_id, connection_id) VALUES (?, ?, ?)'),
    remove: db.prepare('DELETE FROM activations WHERE id = ?'),
    ofIntegration: db.prepare('SELECT id, hub_id, user_id, integration_id FROM activations WHERE integration_id = ? ORDER BY id'),
    update: db.prepare(`UPDATE activations SET integration_settings = @integration_settings, dynamic_variables = @dynamic_variables,
        secret_settings = @secret_settings, modified_at = @modified_at WHERE id = @id`),
  };
  const listing = keysetQueries(db, {
    select: '*',
    from: 'activations',
    where: 'user_id = @user AND (@integration IS NULL OR integration_id = @integration)',
  });
  return {
    one: (id) => q.one.get(id),
    bindings: (id) => q.bindings.all(id),
    /**
     * Inserts an activation with its bindings; throws SQLITE_CONSTRAINT_UNIQUE for a second one.
     * `row.dynamic_variables` and `row.secret_settings` are plaintext JSON: they are stored sealed.
     */
    insert: db.transaction((row, bindings) => {
      q.insert.run(seal(row));
      for (const b of bindings) q.bind.run(row.id, b.templateId, b.connectionId);
    }),
    remove: (id) => q.remove.run(id).changes,
    /** The activations of integration `integrationId` (id, hub_id, user_id, integration_id). */
    ofIntegration: (integrationId) => q.ofIntegration.all(integrationId),
    /** New settings for activation `row.id` (plaintext JSON in, stored sealed as on insert). */
    update: (row) => q.update.run(seal(row)).changes,
    /** The activation's secret settings {configkey: value}, opened. */
    secretSettings(row) {
      return row.secret_settings === null ? {} : JSON.parse(secrets.open(row.secret_settings, aadFor('activations', 'secret_settings', row.id)));
    },
    /** The keyset source of user `user`'s activations, optionally of one integration. */
    listing: ({ user, integration = null }) => ({
      rows: (window) => listing.rows({ user, integration }, window),
      count: () => listing.count({ user, integration }),
    }),
  };
}
