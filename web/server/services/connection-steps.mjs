// connection-steps.mjs — what happens between `connecting` and the provider's verdict: the
// OAuth2 authorization (state, PKCE, the callback), fetching a client-credentials token, the
// connector's verify and post-install requests. A provider that cannot be reached (network,
// timeout, 5xx) is retried with backoff; only when the tries are spent does the connection
// end in validation_error / post_install_error. Every status change is the core's.
import { createHash } from 'node:crypto';
import { aadFor } from '../security/secrets.mjs';

const ORDER = ['exchange', 'token', 'verify', 'post_install'];
const hashOf = (state) => createHash('sha256').update(state).digest('base64url');
const stateAad = (hash) => aadFor('oauth_states', 'sealed', hash);
const retryAad = (id) => aadFor('connection_retries', 'payload', id);

/** A callback that changes nothing: {status, code, message} for the page. */
class Refused {
  constructor(status, code, message) {
    Object.assign(this, { status, code, message });
  }
}

/** Records a new authorization for connection `id`; resolves with the provider's URL. */
async function authorize(ctx, id, connector, { openerOrigin = null, returnUrl = null } = {}) {
  const { store, secrets, oauth, timing } = ctx;
  const { oauth2 } = ctx.settingsOf(connector);
  const redirectUri = ctx.callbackUrl();
  const request = await oauth.authorizationRequest(oauth2, redirectUri);
  const hash = hashOf(request.state);
  await store.tx(async () => {
    await store.connections.dropStatesOf(id);
    await store.connections.insertState({
      state_hash: hash,
      connection_id: id,
      sealed: secrets.seal(JSON.stringify({ verifier: request.verifier, nonce: request.nonce, returnUrl }), stateAad(hash)),
      redirect_uri: redirectUri,
      opener_origin: openerOrigin,
      expires_at: Date.now() + timing.stateTtlMs,
    });
  });
  return request.url;
}

// A step that could not reach the provider: try again later, or give up when the tries are spent.
async function retryOrFail(ctx, id, step, e, payload) {
  const { store, secrets, timing } = ctx;
  const previous = await store.connections.retry(id);
  const attempts = (previous?.step === step ? previous.attempts : 0) + 1;
  const event = step === 'post_install' ? 'post_install_failed' : 'validation_failed';
  if (e.transient && attempts <= timing.retryDelaysMs.length) {
    await store.connections.putRetry({
      connection_id: id, step, attempts, due_at: Date.now() + timing.retryDelaysMs[attempts - 1],
      payload: payload ? secrets.seal(JSON.stringify(payload), retryAad(id)) : null, last_error: e.message,
    });
    ctx.log.warn({ msg: 'provider unreachable, will retry', connectionId: id, step, attempts, error: e.message });
    return 'pending';
  }
  await store.connections.dropRetry(id);
  const message = e.transient ? `the provider could not be reached (${attempts} tries): ${e.message}` : e.message;
  await ctx.transition(id, event, message);
  return 'failed';
}

/**
 * Runs the steps from `from` on for a `connecting` connection: the token (exchange or client
 * credentials), verify, post-install, then `validated`. `payload` is the exchange's data.
 */
async function run(ctx, id, from, payload) {
  const { store, oauth, timing } = ctx;
  const conn = await store.connections.byId(id);
  if (!conn || conn.status !== 'connecting') {
    await store.connections.dropRetry(id);
    return 'skipped';
  }
  const connector = await store.tenancy.connector(conn.connector_id);
  const settings = ctx.settingsOf(connector);
  for (const step of ORDER.slice(ORDER.indexOf(from))) {
    if (step === 'exchange' && !payload) continue;
    if (step === 'token' && conn.authentication_method !== 'oauth2_client_credentials') continue;
    const request = step === 'verify' ? settings.verify : settings.postInstall;
    if ((step === 'verify' || step === 'post_install') && !request) continue;
    const presented = step === 'verify' || step === 'post_install' ? await ctx.tokens.vault.presented(id) : null;
    // Only the provider's answer is classified; what the hub does with it is not a verdict.
    let tokens = null;
    try {
      if (step === 'exchange') tokens = await oauth.exchangeCode(settings.oauth2, new URL(payload.callbackUrl), payload);
      else if (step === 'token') tokens = await oauth.clientCredentials(settings.oauth2);
      else await ctx.callStep(request, presented, { what: step === 'verify' ? 'verify' : 'post-install', timeoutMs: timing.stepTimeoutMs });
    } catch (err) {
      const e = ctx.providerError(err, step === 'exchange' || step === 'token' ? 'the token endpoint' : 'the provider');
      return retryOrFail(ctx, id, step, e, step === 'exchange' ? payload : null);
    }
    if (tokens) await ctx.tokens.vault.putTokens(id, tokens);
  }
  await store.connections.dropRetry(id);
  await ctx.transition(id, 'validated');
  if (settings.verify) await store.connections.setCheck(id, Date.now() + timing.healthCheckMs);
  return 'validated';
}

/**
 * The periodic health check of an active connection: its connector's `verify` with the current
 * credential. 401/403 is credentials_invalid → needs_reauth; anything transient (or another
 * answer) only schedules the next check.
 */
async function health(ctx, id) {
  const { store, timing } = ctx;
  const conn = await store.connections.byId(id);
  const connector = conn && await store.tenancy.connector(conn.connector_id);
  const settings = connector && ctx.settingsOf(connector);
  if (!conn || conn.status !== 'active' || !settings?.verify) {
    if (conn) await store.connections.setCheck(id, null);
    return 'skipped';
  }
  const next = () => store.connections.setCheck(id, Date.now() + timing.healthCheckMs);
  if (conn.authentication_method !== 'api_key') {
    // A token about to expire is refreshed first: the check is about the grant, not the clock.
    const r = await ctx.tokens.refresh(id, { minValidityMs: timing.credentialsMinValidityMs }).catch(() => 'transient');
    if (r === 'failed' || (await store.connections.byId(id)).status !== 'active') return 'failed';
  }
  try {
    await ctx.callStep(settings.verify, await ctx.tokens.vault.presented(id), { what: 'verify', timeoutMs: timing.stepTimeoutMs });
  } catch (err) {
    const e = ctx.providerError(err, 'the provider');
    await next();
    if (e.kind === 'final' && (e.status === 401 || e.status === 403)) {
      await ctx.transition(id, 'credentials_invalid', `a health check was refused: ${e.message}`);
      return 'invalid';
    }
    ctx.log.warn({ msg: 'health check inconclusive', connectionId: id, error: e.message });
    return 'inconclusive';
  }
  await next();
  return 'ok';
}

/** Resumes a step that waits for a retry (the scheduler calls this when it is due). */
async function resume(ctx, id, { claimed = false } = {}) {
  const { store, secrets, timing } = ctx;
  const r = await store.connections.retry(id);
  const now = Date.now();
  // Claimed first (by the scheduler's claimDueRetries, or here), so two server processes never
  // run one retry twice.
  if (!r || (!claimed && !await store.connections.claimRetry(id, now, now + 2 * timing.stepTimeoutMs + 1000))) return 'skipped';
  const payload = r.payload ? JSON.parse(secrets.open(r.payload, retryAad(id))) : undefined;
  return run(ctx, id, r.step, payload);
}

/**
 * The provider's redirect to /oauth2/callback (`url`: the request URL with our public base).
 * Resolves {connection (row), openerOrigin, returnUrl} or a Refused when nothing changed.
 */
async function callback(ctx, url) {
  const { store, secrets, oauth } = ctx;
  const state = url.searchParams.get('state');
  if (!state || state.length > 512) return new Refused(400, 'state_invalid', 'This sign-in link is not valid. Start connecting again.');
  const hash = hashOf(state);
  const row = await store.connections.state(hash);
  if (!row) return new Refused(400, 'state_invalid', 'This sign-in is unknown or was replaced by a newer one. Start connecting again.');
  if (row.used_at !== null) return new Refused(400, 'state_used', 'This sign-in was already completed.');
  if (row.expires_at <= Date.now()) return new Refused(400, 'state_expired', 'This sign-in expired. Start connecting again.');
  const conn = await store.connections.byId(row.connection_id);
  if (!conn || conn.status !== 'connecting') return new Refused(409, 'connection_not_connecting', 'This connection is no longer waiting for a sign-in.');
  // Single use: whoever marks it first goes on; a concurrent replay stops here.
  if (!await store.connections.useState(hash, Date.now())) return new Refused(400, 'state_used', 'This sign-in was already completed.');
  const sealed = JSON.parse(secrets.open(row.sealed, stateAad(hash)));
  const done = { openerOrigin: row.opener_origin, returnUrl: sealed.returnUrl ?? null };
  const error = url.searchParams.get('error');
  if (error !== null) {
    const description = url.searchParams.get('error_description');
    const said = error === 'access_denied' ? 'the user denied access at the provider' : `the provider refused the authorization (${error})`;
    await ctx.transition(conn.id, 'validation_failed', description ? `${said}: ${description.slice(0, 300)}` : said);
    return { ...done, connection: await store.connections.byId(conn.id) };
  }
  const payload = { callbackUrl: url.href, state, verifier: sealed.verifier, nonce: sealed.nonce, redirectUri: row.redirect_uri };
  const connector = await store.tenancy.connector(conn.connector_id);
  const settings = ctx.settingsOf(connector);
  let tokens;
  try {
    tokens = await oauth.exchangeCode(settings.oauth2, url, payload);
  } catch (err) {
    const e = ctx.providerError(err, 'the token endpoint');
    if (!e.transient && (e.error === 'invalid_grant' || !e.status)) {
      // A code that is not this request's (another state's, replayed, or altered): the
      // connection stays as it was and its sign-in stays open for the genuine answer.
      await store.connections.releaseState(hash);
      return new Refused(400, 'code_invalid', `The provider did not accept this sign-in's code: ${e.message}`);
    }
    await retryOrFail(ctx, conn.id, 'exchange', e, payload);
    return { ...done, connection: await store.connections.byId(conn.id) };
  }
  await ctx.tokens.vault.putTokens(conn.id, tokens);
  await ctx.serial(conn.id, () => run(ctx, conn.id, 'verify'));
  return { ...done, connection: await store.connections.byId(conn.id) };
}

/** OAuth2 sign-ins nobody finished in time end in validation_error (their state expires). */
async function expireStates(ctx) {
  const { store } = ctx;
  const now = Date.now();
  for (const s of await store.connections.expiredStates(now)) {
    await store.tx(async () => {
      await store.connections.dropState(s.state_hash);
      const conn = await store.connections.byId(s.connection_id);
      if (!conn || conn.status !== 'connecting' || await store.connections.retry(conn.id)) return;
      await ctx.transition(conn.id, 'validation_failed', 'the sign-in was not completed in time');
    });
  }
  await store.connections.dropOldStates(now - 24 * 3600_000);
}

/** `ctx` as in connection-tokens.mjs, plus `tokens` (its vault) and `callbackUrl()`. */
export function createSteps(ctx) {
  return {
    authorize: (id, connector, flow) => authorize(ctx, id, connector, flow),
    run: (id, from, payload) => run(ctx, id, from, payload),
    resume: (id, options) => resume(ctx, id, options),
    health: (id) => health(ctx, id),
    callback: (url) => callback(ctx, url),
    expireStates: () => expireStates(ctx),
    Refused,
  };
}

export { Refused };
