// connection-tokens.mjs — a connection's credential: sealed at rest (app.secrets, the row id as
// AAD), refreshed before it expires (one refresh per connection at a time), and handed to the
// host product's backend by GET /admin/connections/{id}/credentials only.
import { ApiError, notFound } from '../http/errors.mjs';
import { ProviderError } from '../oauth/errors.mjs';
import { aadFor } from '../security/secrets.mjs';

const aad = (id) => aadFor('connection_credentials', 'sealed', id);

/** When the scheduler should refresh a token expiring at `expiresAt` (ms), or null. */
function refreshAtFor(timing, expiresAt) {
  if (!expiresAt) return null;
  const left = expiresAt - Date.now();
  return Math.floor(expiresAt - Math.min(timing.refreshLeadMs, Math.max(0, left / 2)));
}

/** A connection's sealed credential: {putTokens, putApiKey, read, presented}. */
function createVault({ store, secrets, timing }) {
  const vault = {
    async putTokens(id, tokens) {
      const { accessToken, refreshToken, tokenType, scopes } = tokens;
      await store.connections.putCredential({
        connection_id: id,
        kind: 'oauth2',
        sealed: secrets.seal(JSON.stringify({ accessToken, refreshToken, tokenType, scopes }), aad(id)),
        expires_at: tokens.expiresAt,
        refresh_at: refreshAtFor(timing, tokens.expiresAt),
        updated_at: new Date().toISOString(),
      });
    },
    async putApiKey(id, apiKey) {
      await store.connections.putCredential({
        connection_id: id, kind: 'api_key', sealed: secrets.seal(JSON.stringify({ apiKey }), aad(id)),
        expires_at: null, refresh_at: null, updated_at: new Date().toISOString(),
      });
    },
    /** {kind, expiresAt, refreshFailures, apiKey | accessToken, refreshToken, tokenType, scopes}, or null. */
    async read(id) {
      const row = await store.connections.credential(id);
      if (!row) return null;
      return { kind: row.kind, expiresAt: row.expires_at, refreshFailures: row.refresh_failures, ...JSON.parse(secrets.open(row.sealed, aad(id))) };
    },
    /** The secret a verify or post-install request presents. */
    async presented(id) {
      const c = await vault.read(id);
      return c && (c.kind === 'api_key' ? c.apiKey : c.accessToken);
    },
  };
  return vault;
}

const backoff = (timing, failures) => timing.retryDelaysMs[Math.min(failures, timing.retryDelaysMs.length - 1)];

// Polls until connection `id`'s refresh lease is released or has run out.
async function waitForLease(store, id) {
  for (;;) {
    const row = await store.connections.credential(id);
    if (!row || !row.refreshing_until || row.refreshing_until <= Date.now()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Asks the provider for new tokens (a refresh grant, or client credentials again) and stores
// them; a refusal ends in refresh_failed, an unreachable provider is tried again later.
async function renew(ctx, vault, conn, cred) {
  const { store, oauth } = ctx;
  const id = conn.id;
  const connector = await store.tenancy.connector(conn.connector_id);
  let tokens;
  try {
    const { oauth2 } = ctx.settingsOf(connector);
    tokens = conn.authentication_method === 'oauth2_client_credentials'
      ? await oauth.clientCredentials(oauth2)
      : await oauth.refresh(oauth2, cred.refreshToken);
  } catch (err) {
    if (err instanceof ApiError) {
      await store.connections.releaseRefresh(id);
      throw err;
    }
    const e = ctx.providerError(err, 'the token endpoint');
    if (e.transient) {
      // Not the user's fault: the status stays, the scheduler tries again later.
      await store.connections.refreshLater(id, Date.now() + backoff(ctx.timing, cred.refreshFailures));
      ctx.log.warn({ msg: 'token refresh failed, will retry', connectionId: id, error: e.message });
      throw e;
    }
    await store.connections.stopRefresh(id);
    const said = e.error ? `${e.error}${e.description ? `: ${e.description}` : ''}` : e.message;
    await ctx.transition(id, 'refresh_failed', `the provider refused to refresh the token (${said})`);
    return 'failed';
  }
  // Only what the provider answered decides the status; storing it is ours (a failure here is a bug, not a verdict).
  await vault.putTokens(id, tokens);
  return 'refreshed';
}

// `claimed`: the scheduler took this refresh's lease already (claimDueRefreshes).
async function doRefresh(ctx, vault, id, { minValidityMs, claimed = false }, attempt = 0) {
  const { store, timing } = ctx;
  const conn = await store.connections.byId(id);
  const cred = conn && await vault.read(id);
  if (!conn || !cred || cred.kind !== 'oauth2' || conn.status !== 'active') {
    if (conn) await store.connections.stopRefresh(id);
    return 'skipped';
  }
  // Another refresh (this process's or another's) may have renewed it meanwhile.
  if (cred.expiresAt && cred.expiresAt - Date.now() > minValidityMs) {
    if (claimed) await store.connections.releaseRefresh(id);
    return 'fresh';
  }
  const canRefresh = conn.authentication_method === 'oauth2_client_credentials' || cred.refreshToken;
  if (!canRefresh) {
    await store.connections.stopRefresh(id);
    return 'skipped';
  }
  // One refresh across processes too: the row's lease. Whoever holds it refreshes; the others
  // wait for it to end and read what it stored.
  const now = Date.now();
  if (!claimed && !(await store.connections.claimRefresh(id, now, now + 2 * timing.stepTimeoutMs + 1000))) {
    if (attempt > 0) throw new ProviderError('transient', 'another server is refreshing this token and has not finished');
    await waitForLease(store, id);
    return doRefresh(ctx, vault, id, { minValidityMs }, attempt + 1);
  }
  return renew(ctx, vault, conn, cred);
}

/** The answer of GET /admin/connections/{id}/credentials; `refresh` is the tokens' refresh(). */
async function credentialsOf({ store, timing }, vault, refresh, id) {
  const notActive = (row) => new ApiError(409, 'connection_not_active', `the connection is ${row.status}, not active`,
    { details: { status: row.status, lastError: row.last_error } });
  let row = await store.connections.byId(id);
  if (!row) throw notFound('connection');
  if (row.status !== 'active') throw notActive(row);
  let cred = await vault.read(id);
  if (!cred) throw new ApiError(404, 'credentials_absent', 'this connection holds no credentials (the host product\'s own connection)');
  if (cred.kind === 'api_key') return { type: 'api_key', apiKey: cred.apiKey };
  const min = timing.credentialsMinValidityMs;
  if (cred.expiresAt && cred.expiresAt - Date.now() < min) {
    try {
      await refresh(id, { minValidityMs: min });
    } catch (err) {
      if (!(err?.kind === 'transient')) throw err;
      if (cred.expiresAt <= Date.now()) {
        throw new ApiError(503, 'provider_unavailable', `the token expired and the provider could not be reached to refresh it: ${err.message}`);
      }
    }
    row = await store.connections.byId(id);
    if (!row) throw notFound('connection');
    if (row.status !== 'active') throw notActive(row);
    cred = await vault.read(id);
  }
  return {
    type: 'oauth2',
    accessToken: cred.accessToken,
    tokenType: cred.tokenType,
    expiresAt: cred.expiresAt ? new Date(cred.expiresAt).toISOString() : null,
    scopes: cred.scopes ?? [],
  };
}

/**
 * `ctx`: {store, secrets, oauth, settingsOf(connector), transition(id, event, error), timing, log}.
 * timing: {refreshLeadMs, retryDelaysMs, credentialsMinValidityMs}.
 */
export function createTokens(ctx) {
  const vault = createVault(ctx);
  const inflight = new Map(); // connection id → the refresh under way

  /**
   * Refreshes connection `id` unless its token stays valid for `minValidityMs`; concurrent calls
   * share one refresh. Resolves 'refreshed' | 'fresh' | 'failed' | 'skipped'; rejects with a
   * transient ProviderError when the provider could not be reached.
   */
  function refresh(id, { minValidityMs = 0, claimed = false } = {}) {
    if (inflight.has(id)) {
      // This process refreshes it already: hand the scheduler's lease to that refresh.
      if (claimed) return ctx.store.connections.releaseRefresh(id).then(() => inflight.get(id));
      return inflight.get(id);
    }
    const p = ctx.serial(id, () => doRefresh(ctx, vault, id, { minValidityMs, claimed })).finally(() => inflight.delete(id));
    inflight.set(id, p);
    return p;
  }

  return { vault, refresh, credentialsOf: (id) => credentialsOf(ctx, vault, refresh, id) };
}
