// tenancy.mjs — data access for orgs, hubs, connectors and end users.

export function tenancyStore(db) {
  const q = {
    org: db.prepare('SELECT * FROM orgs WHERE id = ?'),
    insertOrg: db.prepare('INSERT INTO orgs (id, name, created_at) VALUES (@id, @name, @created_at)'),
    hub: db.prepare('SELECT * FROM hubs WHERE id = ?'),
    hubs: db.prepare('SELECT * FROM hubs ORDER BY created_at, id'),
    insertHub: db.prepare('INSERT INTO hubs (id, org_id, name, created_at) VALUES (@id, @org_id, @name, @created_at)'),
    connector: db.prepare('SELECT * FROM connectors WHERE id = ?'),
    primaryConnector: db.prepare('SELECT * FROM connectors WHERE hub_id = ? AND is_primary = 1'),
    insertConnector: db.prepare(`INSERT INTO connectors (id, hub_id, name, image_url, authentication_method, scopes, is_primary)
      VALUES (@id, @hub_id, @name, @image_url, @authentication_method, @scopes, @is_primary)`),
    userById: db.prepare('SELECT * FROM users WHERE hub_id = ? AND id = ?'),
    userByExternal: db.prepare('SELECT * FROM users WHERE hub_id = ? AND external_id = ?'),
    usersOfHub: db.prepare('SELECT * FROM users WHERE hub_id = ? ORDER BY created_at, id'),
    insertUser: db.prepare(`INSERT INTO users (id, hub_id, external_id, display_name, created_at, updated_at)
      VALUES (@id, @hub_id, @external_id, @display_name, @created_at, @updated_at)`),
    renameUser: db.prepare('UPDATE users SET display_name = ?, updated_at = ? WHERE id = ?'),
  };
  return {
    org: (id) => q.org.get(id),
    insertOrg: (row) => q.insertOrg.run(row),
    hub: (id) => q.hub.get(id),
    hubs: () => q.hubs.all(),
    insertHub: (row) => q.insertHub.run(row),
    connector: (id) => q.connector.get(id),
    primaryConnector: (hubId) => q.primaryConnector.get(hubId),
    insertConnector: (row) => q.insertConnector.run({ scopes: '', is_primary: 0, ...row }),
    /** The user of `hubId` named by `userId`, read as an internal or an external id. */
    user: (hubId, userId, identifierType) =>
      (identifierType === 'internal' ? q.userById : q.userByExternal).get(hubId, userId),
    usersOfHub: (hubId) => q.usersOfHub.all(hubId),
    insertUser: (row) => q.insertUser.run(row),
    renameUser: (id, displayName, now) => q.renameUser.run(displayName, now, id),
  };
}
