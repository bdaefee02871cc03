// integrations.mjs — data access for integrations and their connection templates.
import { keysetQueries } from './keyset.mjs';

export function integrationStore(db) {
  // isActivated is per user: the integrations list is always read for one end user.
  const listing = keysetQueries(db, {
    select: `i.id, i.name, i.image_url, i.description, i.is_deployed,
      EXISTS (SELECT 1 FROM activations a WHERE a.user_id = @user AND a.integration_id = i.id) AS is_activated`,
    from: 'integrations i',
    where: 'i.hub_id = @hub AND (@deployed IS NULL OR i.is_deployed = @deployed)',
    name: 'i.name',
    id: 'i.id',
  });
  const q = {
    connected: db.prepare('SELECT count(*) AS n FROM activations WHERE user_id = ? AND hub_id = ?'),
    one: db.prepare(`SELECT i.*,
        EXISTS (SELECT 1 FROM activations a WHERE a.user_id = ? AND a.integration_id = i.id) AS is_activated
      FROM integrations i WHERE i.hub_id = ? AND i.id = ?`),
    templates: db.prepare(`SELECT t.id, t.name, t.position, t.writes, c.id AS connector_id, c.name AS connector_name,
        c.image_url, c.authentication_method
      FROM connection_templates t JOIN connectors c ON c.id = t.connector_id
      WHERE t.integration_id = ? ORDER BY t.position`),
    template: db.prepare('SELECT * FROM connection_templates WHERE id = ?'),
    insert: db.prepare(`INSERT INTO integrations (id, hub_id, name, description, image_url, is_deployed, variables_schema, created_at, updated_at)
      VALUES (@id, @hub_id, @name, @description, @image_url, @is_deployed, @variables_schema, @created_at, @updated_at)`),
    insertTemplate: db.prepare(`INSERT INTO connection_templates (id, integration_id, connector_id, name, position, writes)
      VALUES (@id, @integration_id, @connector_id, @name, @position, @writes)`),
    remove: db.prepare('DELETE FROM integrations WHERE id = ?'),
    count: db.prepare('SELECT count(*) AS n FROM integrations WHERE hub_id = ?'),
    searchable: db.prepare('SELECT id, name, description, is_deployed FROM integrations WHERE hub_id = ? ORDER BY name, id'),
  };
  return {
    /** The keyset source of hub `hub`'s integrations as user `user` sees them; deployed: 0, 1 or null. */
    listing: ({ hub, user, deployed = null }) => ({
      rows: (window) => listing.rows({ hub, user, deployed }, window),
      count: () => listing.count({ hub, user, deployed }),
    }),
    /** How many integrations of the hub the user has activated (totalConnected). */
    connected: (hubId, userId) => q.connected.get(userId, hubId).n,
    /** The integration `id` of hub `hubId` as seen by user `userId`, or undefined. */
    one: (hubId, userId, id) => q.one.get(userId, hubId, id),
    templates: (integrationId) => q.templates.all(integrationId),
    template: (id) => q.template.get(id),
    insert: (row) => q.insert.run(row),
    insertTemplate: (row) => q.insertTemplate.run(row),
    remove: (id) => q.remove.run(id).changes,
    count: (hubId) => q.count.get(hubId).n,
    /** Every integration of the hub, just what a search reads (id, name, description, is_deployed). */
    searchable: (hubId) => q.searchable.all(hubId),
  };
}
