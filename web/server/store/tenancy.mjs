// tenancy.mjs — data access for orgs, hubs, connectors and end users.

export function tenancyStore(db) {
  const userBy = {
    internal: 'SELECT * FROM users WHERE hub_id = ? AND id = ?',
    external: 'SELECT * FROM users WHERE hub_id = ? AND external_id = ?',
  };
  return {
    org: (id) => db.get('SELECT * FROM orgs WHERE id = ?', [id]),
    insertOrg: (row) => db.run('INSERT INTO orgs (id, name, created_at) VALUES (@id, @name, @created_at)', row),
    hub: (id) => db.get('SELECT * FROM hubs WHERE id = ?', [id]),
    hubs: () => db.all('SELECT * FROM hubs ORDER BY created_at, id'),
    insertHub: (row) => db.run('INSERT INTO hubs (id, org_id, name, created_at) VALUES (@id, @org_id, @name, @created_at)', row),
    connector: (id) => db.get('SELECT * FROM connectors WHERE id = ?', [id]),
    primaryConnector: (hubId) => db.get('SELECT * FROM connectors WHERE hub_id = ? AND is_primary = 1', [hubId]),
    insertConnector: (row) => db.run(`INSERT INTO connectors (id, hub_id, name, image_url, authentication_method, scopes, is_primary)
      VALUES (@id, @hub_id, @name, @image_url, @authentication_method, @scopes, @is_primary)`, { scopes: '', is_primary: 0, ...row }),
    /** Stores a connector's provider settings (JSON text or null) and sealed client secret (or null). */
    putConnectorSettings: (id, settings, clientSecret) =>
      db.run('UPDATE connectors SET settings = ?, client_secret = ? WHERE id = ?', [settings, clientSecret, id]),
    /** Connectors with provider settings (the demo's are picked out by the caller). */
    configuredConnectors: () => db.all('SELECT * FROM connectors WHERE settings IS NOT NULL ORDER BY id'),
    /** Non-primary connectors without provider settings (a demo seeded by version 1). */
    unconfiguredConnectors: () => db.all('SELECT * FROM connectors WHERE is_primary = 0 AND settings IS NULL ORDER BY id'),
    /** The user of `hubId` named by `userId`, read as an internal or an external id. */
    user: (hubId, userId, identifierType) => db.get(userBy[identifierType === 'internal' ? 'internal' : 'external'], [hubId, userId]),
    usersOfHub: (hubId) => db.all('SELECT * FROM users WHERE hub_id = ? ORDER BY created_at, id', [hubId]),
    insertUser: (row) => db.run(`INSERT INTO users (id, hub_id, external_id, display_name, created_at, updated_at)
      VALUES (@id, @hub_id, @external_id, @display_name, @created_at, @updated_at)`, row),
    renameUser: (id, displayName, now) => db.run('UPDATE users SET display_name = ?, updated_at = ? WHERE id = ?', [displayName, now, id]),
  };
}
