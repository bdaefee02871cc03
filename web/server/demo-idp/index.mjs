// index.mjs — a real OAuth 2.0 / OpenID Connect authorization server (oidc-provider) on
// loopback, for the demo and the tests: a demo account, sign-in and consent pages, discovery,
// code + PKCE, refresh (rotating), client credentials, revocation and introspection.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import { memoryAdapterFactory } from './adapter.mjs';
import { demoPages } from './pages.mjs';

// oidc-provider warns on import that Node 20 is not its preferred runtime: keep that one notice
// out of the server's and the tests' output (every other warning still shows).
const { default: Provider } = await (async () => {
  const warn = console.warn;
  console.warn = (...args) => {
    if (!String(args[0]).includes('Unsupported runtime')) warn(...args);
  };
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = warn;
  }
})();

const withDefaults = (meta) => ({
  grant_types: ['authorization_code', 'refresh_token', 'client_credentials'], response_types: ['code'], ...meta,
});

export const DEMO_ACCOUNT = Object.freeze({ id: 'demo-user', login: 'demo@example.com', password: 'demo', name: 'Demo User' });

// An HTTP server on `host`:`port` that hands requests to `state.handler` unless `state.outage`
// says otherwise ('refuse': drop the connection; a number: that status).
async function listen(host, port) {
  const state = { handler: null, outage: null };
  const sockets = new Set();
  const server = createServer((req, res) => {
    if (state.outage === 'refuse') return req.socket.destroy();
    if (typeof state.outage === 'number') {
      res.writeHead(state.outage, { 'content-type': 'text/plain', connection: 'close' });
      return res.end('the provider is unavailable');
    }
    return state.handler(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return { server, sockets, state };
}

// The oidc-provider instance for `issuer`: accounts, clients, grants and token lifetimes.
async function createProvider(issuer, { Adapter, clients, accessTokenTtl, refreshTokenTtl, rotateRefreshToken, scopes, accounts }) {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: randomBytes(8).toString('hex') };
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return new Provider(issuer, {
    adapter: Adapter,
    clients: clients.map(withDefaults),
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    findAccount: (ctx, sub) => {
      const a = byId.get(sub);
      return a && { accountId: a.id, claims: () => ({ sub: a.id, name: a.name, email: a.login }) };
    },
    claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
    scopes: ['openid', 'offline_access', 'profile', 'email', ...scopes],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // A client may introspect and revoke its own tokens only.
      introspection: { enabled: true, allowedPolicy: async (ctx, client, token) => token.clientId === client.clientId },
      revocation: { enabled: true, allowedPolicy: async (ctx, client, token) => token.clientId === client.clientId },
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    // Every consent makes its own grant (see pages.mjs), never reused from the browser session.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => rotateRefreshToken,
    pkce: { required: () => false },
    ttl: {
      AccessToken: accessTokenTtl,
      ClientCredentials: accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: refreshTokenTtl,
      Grant: refreshTokenTtl,
      Interaction: 600,
      Session: 3600,
    },
  });
}

// {tokenRequests, refreshes, revocations}, counted as the provider answers.
function statsOf(provider) {
  const stats = { tokenRequests: 0, refreshes: 0, revocations: 0 };
  provider.on('grant.success', (ctx) => {
    stats.tokenRequests += 1;
    if (ctx.oidc.params.grant_type === 'refresh_token') stats.refreshes += 1;
  });
  provider.on('revocation.success', () => { stats.revocations += 1; });
  return stats;
}

// The demo's own pages first, then oidc-provider; a failure is a plain-text answer.
function requestHandler(provider, pages, issuer) {
  const callback = provider.callback();
  return async (req, res) => {
    try {
      const url = new URL(req.url, issuer);
      if (await pages(req, res, url)) return;
      callback(req, res);
    } catch (err) {
      if (res.headersSent) return res.destroy();
      const known = err?.statusCode && err.statusCode < 500;
      res.writeHead(known ? err.statusCode : 500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(known ? `${err.error ?? 'error'}: ${err.error_description ?? err.message}` : 'internal error');
    }
  };
}

/**
 * Starts an authorization server on `host`:`port` (0: any free port). Options:
 *   clients: [{client_id, client_secret, redirect_uris, grant_types?, client_name?}] (more with addClient),
 *   accessTokenTtl (s, default 3600), refreshTokenTtl (s, default 14 days), rotateRefreshToken (default true),
 *   scopes: extra scopes it knows (besides openid, offline_access, profile, email), title, accounts.
 * Resolves with {issuer, provider, addClient(meta), outage(mode), stats, close()}; `outage('refuse')`
 * drops every connection, `outage(503)` answers 503, `outage(null)` is back to normal.
 */
export async function startDemoIdp({
  host = '127.0.0.1', port = 0, clients = [], accessTokenTtl = 3600, refreshTokenTtl = 14 * 24 * 3600,
  rotateRefreshToken = true, scopes = [], title = 'Demo provider', accounts = [DEMO_ACCOUNT],
} = {}) {
  const { server, sockets, state } = await listen(host, port);
  const bound = server.address().port;
  const issuer = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;

  const Adapter = memoryAdapterFactory();
  const provider = await createProvider(issuer, { Adapter, clients, accessTokenTtl, refreshTokenTtl, rotateRefreshToken, scopes, accounts });
  provider.on('server_error', (ctx, err) => console.error('demo-idp server_error', err));
  const stats = statsOf(provider);
  state.handler = requestHandler(provider, demoPages({ provider, accounts, title }), issuer);

  const clientStore = new Adapter('Client');
  return {
    issuer,
    provider,
    stats,
    /** Registers one more client (metadata as in `clients`). */
    addClient: (meta) => clientStore.upsert(meta.client_id, withDefaults(meta)),
    outage(mode) {
      state.outage = mode;
      if (mode === 'refuse') for (const s of sockets) s.destroy();
    },
    async close() {
      await new Promise((resolve) => {
        server.close(resolve);
        for (const s of sockets) s.destroy();
      });
    },
  };
}
