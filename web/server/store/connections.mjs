// connections.mjs — data access for connections (integrated accounts) and OAuth2 grants.

export function connectionStore(db) {
  const q = {
    ofUser: db.prepare('SELECT * FROM connections WHERE user_id = ? ORDER BY created_at, id'),
    one: db.prepare('SELECT * FROM connections WHERE user_id = ? AND id = ?'),
    byId: db.prepare('SELECT * FROM connections WHERE id = ?'),
    primaryOf: db.prepare(`SELECT c.* FROM connections c JOIN connectors k ON k.id = c.connector_id
      WHERE c.user_id = ? AND k.is_primary = 1 ORDER BY c.created_at, c.id LIMIT 1`),
    insert: db.prepare(`INSERT INTO connections (id, user_id, connector_id, authentication_method, status, context, is_sandbox,
        region, last_action_result, last_error, credential, created_at, updated_at)
      VALUES (@id, @user_id, @connector_id, @authentication_method, @status, @context, @is_sandbox,
        @region, @last_action_result, @last_error, @credential, @created_at, @updated_at)`),
    update: db.prepare(`UPDATE connections SET status = @status, last_action_result = @last_action_result,
        last_error = @last_error, credential = @credential, updated_at = @updated_at WHERE id = @id`),
    insertGrant: db.prepare('INSERT INTO oauth_grants (state, connection_id, expires_at) VALUES (?, ?, ?)'),
    grant: db.prepare('SELECT * FROM oauth_grants WHERE state = ?'),
    setCode: db.prepare('UPDATE oauth_grants SET code = ? WHERE state = ? AND code IS NULL'),
    dropGrant: db.prepare('DELETE FROM oauth_grants WHERE state = ?'),
    dropGrantsOf: db.prepare('DELETE FROM oauth_grants WHERE connection_id = ?'),
    expired: db.prepare('SELECT * FROM oauth_grants WHERE expires_at < ?'),
  };
  return {
    ofUser: (userId) => q.ofUser.all(userId),
    /** Connection `id` if it belongs to user `userId`, else undefined. */
    one: (userId, id) => q.one.get(userId, id),
    byId: (id) => q.byId.get(id),
    /** The user's connection to the hub's primary connector (the host product), or undefined. */
    primaryOf: (userId) => q.primaryOf.get(userId),
    insert: (row) => q.insert.run(row),
    update: (row) => q.update.run(row),
    insertGrant: (state, connectionId, expiresAt) => q.insertGrant.run(state, connectionId, expiresAt),
    grant: (state) => q.grant.get(state),
    /** Records the code of a consent; false when the grant was already consented to. */
    setCode: (state, code) => q.setCode.run(code, state).changes === 1,
    dropGrant: (state) => q.dropGrant.run(state),
    dropGrantsOf: (connectionId) => q.dropGrantsOf.run(connectionId),
    /** Grants whose consent window has passed. */
    expired: (now) => q.expired.all(now),
  };
}
