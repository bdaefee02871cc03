// activations.mjs — data access for activations (UserIntegrationMap rows) and their bindings.
import { aadFor } from '../security/secrets.mjs';
import { keysetQueries } from './keyset.mjs';

// Sealed columns: their values are encrypted with the row id bound in (security/secrets.mjs).
const SEALED = ['dynamic_variables', 'secret_settings'];

/** Columns holding sealed values, for rotate-key (store/sealed.mjs): AAD aadFor(table, column, key). */
export const SEALED_COLUMNS = SEALED.map((column) => ({ table: 'activations', column, key: 'id' }));

export function activationStore(db, secrets) {
  const seal = (row) => ({ ...row, ...Object.fromEntries(SEALED.map((c) => [c, secrets.seal(row[c], aadFor('activations', c, row.id))])) });
  const listing = keysetQueries(db, {
    select: '*',
    from: 'activations',
    where: 'user_id = @user AND (CAST(@integration AS TEXT) IS NULL OR integration_id = CAST(@integration AS TEXT))',
  });
  // Row locks for transactions that read in order to write (PostgreSQL; SQLite's one writer needs none).
  const locking = db.kind === 'postgres' ? (mode) => ` FOR ${mode}` : () => '';
  return {
    one: (id) => db.get('SELECT * FROM activations WHERE id = ?', [id]),
    /**
     * Activation `id` read to be changed, inside a transaction: its row stays locked (FOR NO KEY
     * UPDATE) to the transaction's end, so a concurrent change or deletion waits and its events
     * follow this one's in the outbox.
     */
    lock: (id) => db.get(`SELECT * FROM activations WHERE id = ?${locking('NO KEY UPDATE')}`, [id]),
    /** The activation's bindings in its templates' order. */
    bindings: (id) => db.all(`SELECT b.template_id, b.connection_id FROM activation_connections b
      JOIN connection_templates t ON t.id = b.template_id WHERE b.activation_id = ? ORDER BY t.position, b.template_id`, [id]),
    /**
     * Inserts an activation with its bindings (in a transaction: the caller's, or its own); a
     * second one of the user and integration fails as a unique violation (db/errors.mjs).
     * `row.dynamic_variables` and `row.secret_settings` are plaintext JSON: they are stored sealed.
     */
    insert: (row, bindings) => db.tx(async () => {
      await db.run(`INSERT INTO activations (id, name, user_id, hub_id, org_id, integration_id, package_id,
          integration_settings, dynamic_variables, secret_settings, created_at, modified_at)
        VALUES (@id, @name, @user_id, @hub_id, @org_id, @integration_id, @package_id,
          @integration_settings, @dynamic_variables, @secret_settings, @created_at, @modified_at)`, seal(row));
      for (const b of bindings) {
        await db.run('INSERT INTO activation_connections (activation_id, template_id, connection_id) VALUES (?, ?, ?)', [row.id, b.templateId, b.connectionId]);
      }
    }),
    remove: async (id) => (await db.run('DELETE FROM activations WHERE id = ?', [id])).changes,
    /**
     * The activations of integration `integrationId` (id, hub_id, user_id, integration_id), in id
     * order, each locked (FOR UPDATE: they are about to be deleted) to the transaction's end.
     */
    ofIntegration: (integrationId) => db.all(`SELECT id, hub_id, user_id, integration_id FROM activations
      WHERE integration_id = ? ORDER BY id${locking('UPDATE')}`, [integrationId]),
    /** New settings for activation `row.id` (plaintext JSON in, stored sealed as on insert). */
    update: async (row) => (await db.run(`UPDATE activations SET integration_settings = @integration_settings,
        dynamic_variables = @dynamic_variables, secret_settings = @secret_settings, modified_at = @modified_at WHERE id = @id`, seal(row))).changes,
    /** The activation's secret settings {configkey: value}, opened (no database access). */
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
