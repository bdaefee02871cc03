// connections.mjs — the connections service: creating, re-authorising and deleting
// connections against the connector's real provider (OAuth2 code + PKCE, client credentials,
// API keys with verify and post-install), the credentials the host product's backend reads,
// and the scheduler that refreshes tokens and retries unreachable providers. Every status
// change goes through the core's state machine (core.applyEvent), driven by what the
// provider answered.
import { randomUUID } from 'node:crypto';
import { ApiError } from '../http/errors.mjs';
import { classify } from '../oauth/errors.mjs';
import { createContext, eventEmitter } from './connection-context.mjs';
import { createScheduler } from './connection-scheduler.mjs';
import { createSteps } from './connection-steps.mjs';
import { createTokens } from './connection-tokens.mjs';
import { connectorSettingsOf, createConnectorSettings } from './connector-settings.mjs';
import { recordEvent as outbox } from './events.mjs';
import { connection as view, connectionChanges } from './views.mjs';

/** The defaults of `timing` (tests shorten them through config.connectionTiming). */
export const TIMING = Object.freeze({
  retryDelaysMs: [5_000, 10_000, 20_000], // a provider that cannot be reached: 4 tries over 35 s
  refreshLeadMs: 5 * 60_000, // refresh this long before expiry (at most half the token's life)
  credentialsMinValidityMs: 60_000, // GET …/credentials refreshes a token with less left
  stateTtlMs: 10 * 60_000, // an authorization (state) expires after 10 minutes
  stepTimeoutMs: 10_000, // one request to a provider
  tickMs: 5_000, // the scheduler's period
  healthCheckMs: 6 * 3600_000, // how often an active connection's verify request runs again
  batch: 500, // due items one tick takes at most
  concurrency: 8, // provider requests one tick runs at once
});

const OAUTH_KINDS = new Set(['oauth2', 'oauth2_client_credentials']);

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

const insert = (store, c) => store.connections.insert({
  ...connectionChanges(c),
  user_id: c.tenant_id,
  connector_id: c.environment_integration_id,
  authentication_method: c.authentication_method,
  context: JSON.stringify(c.context),
  is_sandbox: c.is_sandbox ? 1 : 0,
  region: c.region,
  created_at: c.created_at,
});

const at = () => ({ now: new Date().toISOString() });

// The step that checks a credential in place: a client-credentials token, else the verify request.
const firstStep = (connector) => (connector.authentication_method === 'oauth2_client_credentials' ? 'token' : 'verify');

// A new authorization for connection `id`: the wire connection + the provider's authorizeUrl.
async function authorization({ store }, steps, id, connector, flow) {
  const authorizeUrl = await steps.authorize(id, connector, flow);
  return { ...view(await store.connections.byId(id)), authorizeUrl };
}

// A connection now `connecting` with a credential in place (or an authorization to start):
// runs the provider's steps. Resolves with the wire connection (+ authorizeUrl for OAuth2).
async function proceed(ctx, steps, id, connector, { apiKey, flow }) {
  if (connector.authentication_method === 'oauth2') return authorization(ctx, steps, id, connector, flow);
  if (apiKey !== undefined) await ctx.tokens.vault.putApiKey(id, apiKey);
  await ctx.serial(id, () => steps.run(id, firstStep(connector)));
  return view(await ctx.store.connections.byId(id));
}

// Before anything is stored: the connector's settings resolve and, for OAuth2, its provider's
// endpoints are known (discovery, cached), so a provider that cannot be reached refuses the
// request (503) instead of leaving a connection that can never finish.
async function reachable(ctx, connector) {
  if (!OAUTH_KINDS.has(connector.authentication_method) && !connector.settings) return;
  const settings = ctx.settingsOf(connector);
  if (!settings.oauth2) return;
  try {
    await ctx.oauth.configOf(settings.oauth2);
  } catch (err) {
    const e = classify(err, 'the provider');
    throw new ApiError(e.transient ? 503 : 502, 'provider_unavailable', `${connector.name}'s authorization server cannot be used: ${e.message}`);
  }
}

/** See createConnections().create. */
async function create({ core, ctx, steps, emit }, user, connector, { apiKey, returnUrl, ...options }, flow = {}) {
  requireKeyFits(connector, apiKey);
  await reachable(ctx, connector);
  const conn = core.applyEvent(fresh(user, connector, options), 'create', at());
  await ctx.store.tx(async () => {
    await insert(ctx.store, conn);
    await emit('connection.created', conn, { connectionId: conn.id, userId: user.id, from: null, to: conn.status, lastError: null });
  });
  return proceed(ctx, steps, conn.id, connector, { apiKey, flow: { ...flow, returnUrl: returnUrl ?? null } });
}

/** See createConnections().restart. */
async function restart({ ctx, steps }, row, event, { apiKey, returnUrl } = {}, flow = {}) {
  const { store } = ctx;
  const connector = await store.tenancy.connector(row.connector_id);
  if (event === 'reauthorize') requireKeyFits(connector, apiKey);
  else if (apiKey !== undefined) throw new ApiError(400, 'body_invalid', 'retry uses the stored credentials: send no apiKey');
  await reachable(ctx, connector);
  return ctx.serial(row.id, async () => {
    await store.tx(async () => {
      await store.connections.dropStatesOf(row.id);
      await store.connections.dropRetry(row.id);
      await ctx.transition(row.id, event);
    });
    // A retry of an OAuth2 connection that never got a token signs in again.
    const hasToken = await store.connections.credential(row.id) !== undefined;
    if (connector.authentication_method === 'oauth2' && (event === 'reauthorize' || !hasToken)) {
      return authorization(ctx, steps, row.id, connector, { ...flow, returnUrl: returnUrl ?? null });
    }
    if (apiKey !== undefined) await ctx.tokens.vault.putApiKey(row.id, apiKey);
    await steps.run(row.id, firstStep(connector));
    return view(await store.connections.byId(row.id));
  });
}

// Revokes an OAuth2 credential's refresh and access tokens at the provider (RFC 7009). A
// provider that cannot be reached stops the deletion (503); a refusal is logged and passed over.
async function revokeTokens(ctx, connector, row, cred) {
  const { oauth2 } = ctx.settingsOf(connector);
  try {
    if (cred.refreshToken) await ctx.oauth.revoke(oauth2, cred.refreshToken, 'refresh_token');
    await ctx.oauth.revoke(oauth2, cred.accessToken, 'access_token');
  } catch (err) {
    const e = classify(err, 'the revocation endpoint');
    if (e.transient) throw new ApiError(503, 'provider_unavailable', `the tokens could not be revoked, nothing was deleted; try again: ${e.message}`);
    ctx.log.warn({ msg: 'the provider refused a revocation; deleting anyway', connectionId: row.id, error: e.message });
  }
}

/** See createConnections().remove. */
async function remove({ ctx, emit }, row) {
  const { store } = ctx;
  const using = await store.connections.activationsUsing(row.id);
  if (using.length) {
    throw new ApiError(409, 'connection_in_use', `${using.length} activation(s) use this connection: deactivate them first`,
      { details: { activations: using } });
  }
  const connector = await store.tenancy.connector(row.connector_id);
  if (connector.is_primary) throw new ApiError(409, 'connection_is_primary', 'the connection to the host product itself cannot be deleted');
  return ctx.serial(row.id, async () => {
    const cred = await ctx.tokens.vault.read(row.id);
    if (cred?.kind === 'oauth2') await revokeTokens(ctx, connector, row, cred);
    await store.tx(async () => {
      const again = await store.connections.activationsUsing(row.id);
      if (again.length) throw new ApiError(409, 'connection_in_use', 'an activation now uses this connection', { details: { activations: again } });
      const last = await store.connections.byId(row.id);
      await emit('connection.deleted', row, { connectionId: row.id, userId: row.user_id, from: last.status, to: null, lastError: last.last_error });
      await store.connections.remove(row.id);
    });
  });
}

/**
 * `deps`: {core, store, secrets, baseUrl, timing?, log?, recordEvent?(store, event) (default: the outbox),
 * demoProvider?() → issuer or null, oauth? (an OAuth client, for tests)}.
 */
export function createConnections({ core, store, secrets, baseUrl, timing: t = {}, log, recordEvent = outbox, demoProvider, oauth }) {
  const timing = { ...TIMING, ...t };
  const connectorSettings = createConnectorSettings({ store, secrets, demoProvider });
  const emit = eventEmitter(store, recordEvent);
  const ctx = createContext({ core, store, secrets, baseUrl, timing, log, oauth, connectorSettings, emit });
  ctx.tokens = createTokens(ctx);
  const steps = createSteps(ctx);
  const scheduler = createScheduler({ store, timing, steps, tokens: ctx.tokens, serial: ctx.serial, log: ctx.log });
  const deps = { core, ctx, steps, emit };

  return {
    timing,
    settings: connectorSettings,
    connectorSettingsOf,

    /**
     * Creates user `user`'s connection to `connector` (new → connecting → the provider's
     * verdict). `flow`: {openerOrigin, returnUrl} for the OAuth2 callback page.
     */
    create: (user, connector, body, flow) => create(deps, user, connector, body, flow),

    /** The host product's own connection for a new user: created and validated at once. */
    createPrimary(user, connector) {
      return insert(store, core.applyEvent(core.applyEvent(fresh(user, connector), 'create', at()), 'validated', at()));
    },

    /**
     * `reauthorize` (new credentials: a new authorization, or a new apiKey) or `retry` (the same
     * ones) on connection `row`, keeping its id: back to connecting through the core, then
     * through the provider again.
     */
    restart: (row, event, body, flow) => restart(deps, row, event, body, flow),

    /**
     * Deletes connection `row`: 409 `connection_in_use` while an activation uses it; otherwise
     * revokes its refresh and access tokens at the provider (RFC 7009), then forgets it.
     */
    remove: (row) => remove(deps, row),

    /** The provider's redirect to /oauth2/callback: see connection-steps.mjs callback(). */
    callback: (url) => steps.callback(url),
    Refused: steps.Refused,

    /** GET /admin/connections/{id}/credentials. */
    credentials: (id) => ctx.tokens.credentialsOf(id),

    /** Test hook (config.testHooks): applies `event` as the admin asks. */
    push(row, event, error) {
      return ctx.transition(row.id, event, error);
    },

    /** One scheduler pass (tests and the benchmark call it directly). */
    tick: () => scheduler.tick(),
    /** Starts the periodic scheduler; stop() ends it and waits for the pass under way. */
    start: () => scheduler.start(),
    stop: () => scheduler.stop(),
  };
}
