// integrations.mjs — data access for integrations and their connection templates.
import { keysetQueries } from './keyset.mjs';

// isActivated is per user: the integrations list is always read for one end user.
const IS_ACTIVATED = (user) => `CASE WHEN EXISTS (SELECT 1 FROM activations a WHERE a.user_id = ${user} AND a.integration_id = i.id) THEN 1 ELSE 0 END AS is_activated`;

export function integrationStore(db) {
  const listing = keysetQueries(db, {
    select: `i.id, i.name, i.image_url, i.description, i.is_deployed, ${IS_ACTIVATED('@user')}`,
    from: 'integrations i',
    where: 'i.hub_id = @hub AND (CAST(@deployed AS BIGINT) IS NULL OR i.is_deployed = CAST(@deployed AS BIGINT))',
    name: 'i.name',
    id: 'i.id',
  });
  return {
    /** The keyset source of hub `hub`'s integrations as user `user` sees them; deployed: 0, 1 or null. */
    listing: ({ hub, user, deployed = null }) => ({
      rows: (window) => listing.rows({ hub, user, deployed }, window),
      count: () => listing.count({ hub, user, deployed }),
    }),
    /** How many integrations of the hub the user has activated (totalConnected). */
    connected: async (hubId, userId) =>
      (await db.get('SELECT count(*) AS n FROM activations WHERE user_id = ? AND hub_id = ?', [userId, hubId])).n,
    /** The integration `id` of hub `hubId` as seen by user `userId`, or undefined. */
    one: (hubId, userId, id) => db.get(`SELECT i.*, ${IS_ACTIVATED('@user')} FROM integrations i WHERE i.hub_id = @hub AND i.id = @id`,
      { user: userId, hub: hubId, id }),
    templates: (integrationId) => db.all(`SELECT t.id, t.name, t.position, t.writes, c.id AS connector_id, c.name AS connector_name,
        c.image_url, c.authentication_method
      FROM connection_templates t JOIN connectors c ON c.id = t.connector_id
      WHERE t.integration_id = ? ORDER BY t.position`, [integrationId]),
    template: (id) => db.get('SELECT * FROM connection_templates WHERE id = ?', [id]),
    /**
     * Integration `id` (its id) about to be deleted, locked (FOR UPDATE, PostgreSQL) to the
     * transaction's end: an activation of it being inserted meanwhile (its foreign key takes a
     * KEY SHARE lock) commits first or waits and then fails; undefined when there is none.
     */
    lock: (id) => db.get(`SELECT id FROM integrations WHERE id = ?${db.kind === 'postgres' ? ' FOR UPDATE' : ''}`, [id]),
    insert: (row) => db.run(`INSERT INTO integrations (id, hub_id, name, description, image_url, is_deployed, variables_schema, created_at, updated_at)
      VALUES (@id, @hub_id, @name, @description, @image_url, @is_deployed, @variables_schema, @created_at, @updated_at)`, row),
    insertTemplate: (row) => db.run(`INSERT INTO connection_templates (id, integration_id, connector_id, name, position, writes)
      VALUES (@id, @integration_id, @connector_id, @name, @position, @writes)`, row),
    remove: async (id) => (await db.run('DELETE FROM integrations WHERE id = ?', [id])).changes,
    count: async (hubId) => (await db.get('SELECT count(*) AS n FROM integrations WHERE hub_id = ?', [hubId])).n,
    /** Every integration of the hub, just what a search reads (id, name, description, is_deployed). */
    searchable: (hubId) => db.all('SELECT id, name, description, is_deployed FROM integrations WHERE hub_id = ? ORDER BY name, id', [hubId]),
  };
}
