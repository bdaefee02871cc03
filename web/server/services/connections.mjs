// connections.mjs — the connections service: creating and re-authorising connections. Every
// status change goes through the core's state machine (core.applyEvent), with the simulated
// provider answering.
import { randomUUID } from 'node:crypto';
import { ApiError } from '../http/errors.mjs';
import { GRANT_TTL_MS, authorizeUrl, opaque, verdictForKey } from './provider.mjs';
import { connection as view, connectionChanges } from './views.mjs';

export function createConnections({ core, store, baseUrl }) {
  const now = () => new Date().toISOString();

  const apply = (conn, event, error) =>
    core.applyEvent(conn, event, error === undefined ? { now: now() } : { now: now(), error });

  // A connection just moved to `connecting`: API keys are checked at once; OAuth2 waits for the
  // consent page. Returns {conn, credential, state?}; the caller stores the connection, then
  // grant() records the state (it refers to the stored row).
  function runProvider(conn, connector, apiKey) {
    if (connector.authentication_method === 'api_key') {
      const verdict = verdictForKey(apiKey, connector.name);
      return { conn: apply(conn, verdict.event, verdict.error), credential: apiKey };
    }
    return { conn, credential: null, state: opaque() };
  }

  // Records an OAuth2 grant in flight; the answer carries the consent page's URL.
  function grant(result, connector) {
    if (!result.state) return result.conn;
    store.connections.insertGrant(result.state, result.conn.id, new Date(Date.now() + GRANT_TTL_MS).toISOString());
    return { ...result.conn, authorizeUrl: authorizeUrl(baseUrl(), connector, result.state) };
  }

  function requireKeyFits(connector, apiKey) {
    if (connector.authentication_method === 'api_key' && apiKey === undefined) {
      throw new ApiError(400, 'body_invalid', `${connector.name} connects with an API key: apiKey is required`,
        { fields: [{ field: 'apiKey', message: 'required for an api_key connection template' }] });
    }
    if (connector.authentication_method !== 'api_key' && apiKey !== undefined) {
      throw new ApiError(400, 'body_invalid', `${connector.name} connects with OAuth2: apiKey is not accepted`,
        { fields: [{ field: 'apiKey', message: 'not accepted for an OAuth2 connection template' }] });
    }
  }

  // A connection (seed 003) of `user` to `connector` before its first event.
  const fresh = (user, connector, { isSandbox = false, region = 'eu', context = {} } = {}) => ({
    id: randomUUID(),
    tenant_id: user.id,
    environment_integration_id: connector.id,
    authentication_method: connector.authentication_method,
    context,
    is_sandbox: isSandbox,
    region,
    last_action_result: null,
    last_error: null,
  });

  const insert = (c, credential) => store.connections.insert({
    ...connectionChanges(c),
    user_id: c.tenant_id,
    connector_id: c.environment_integration_id,
    authentication_method: c.authentication_method,
    context: JSON.stringify(c.context),
    is_sandbox: c.is_sandbox ? 1 : 0,
    region: c.region,
    credential,
    created_at: c.created_at,
  });

  return {
    /** Creates user `user`'s connection to `connector` (new → connecting → provider's verdict). */
    create(user, connector, { apiKey, ...options }) {
      requireKeyFits(connector, apiKey);
      return store.transaction(() => {
        const result = runProvider(apply(fresh(user, connector, options), 'create'), connector, apiKey);
        insert(result.conn, result.credential);
        return grant(result, connector);
      });
    },

    /** The host product's own connection for a new user: created and validated at once. */
    createPrimary(user, connector) {
      insert(apply(apply(fresh(user, connector), 'create'), 'validated'), opaque('tok_'));
    },

    /**
     * `reauthorize` (new credentials) or `retry` (the same ones) on connection `row`: back to
     * connecting through the core, then through the provider again.
     */
    restart(row, event, { apiKey } = {}) {
      const connector = store.tenancy.connector(row.connector_id);
      if (event === 'reauthorize') requireKeyFits(connector, apiKey);
      else if (apiKey !== undefined) throw new ApiError(400, 'body_invalid', 'retry uses the stored credentials: send no apiKey');
      return store.transaction(() => {
        const current = store.connections.byId(row.id);
        store.connections.dropGrantsOf(row.id);
        const moved = apply(view(current), event);
        const result = runProvider(moved, connector, apiKey ?? current.credential);
        store.connections.update({ ...connectionChanges(result.conn), credential: result.credential ?? current.credential });
        return grant(result, connector);
      });
    },

    /** Applies `event` as the admin asks (e.g. credentials_invalid → needs_reauth). */
    push(row, event, error) {
      return store.transaction(() => {
        const current = store.connections.byId(row.id);
        const c = apply(view(current), event, error);
        store.connections.update({ ...connectionChanges(c), credential: current.credential });
        return c;
      });
    },

    /**
     * Ends the OAuth2 sign-ins nobody finished in time: their connections would otherwise stay
     * `connecting` for ever, and `connecting` accepts neither reauthorize nor retry.
     */
    expireGrants() {
      for (const g of store.connections.expired(now())) {
        store.transaction(() => {
          store.connections.dropGrant(g.state);
          const current = store.connections.byId(g.connection_id);
          if (current.status !== 'connecting') return;
          const c = apply(view(current), 'validation_failed', 'the sign-in was not completed in time');
          store.connections.update({ ...connectionChanges(c), credential: current.credential });
        });
      }
    },

    /** The provider's answer to a consent (allowed, or `denied`); ends the grant. */
    complete(grant, { denied }) {
      return store.transaction(() => {
        store.connections.dropGrant(grant.state);
        const current = store.connections.byId(grant.connection_id);
        const c = denied
          ? apply(view(current), 'validation_failed', 'the user denied access on the consent page')
          : apply(view(current), 'validated');
        store.connections.update({ ...connectionChanges(c), credential: denied ? current.credential : opaque('tok_') });
        return c;
      });
    },
  };
}
