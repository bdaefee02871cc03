// connections.mjs — a hub server (no demo seed) wired to a real authorization server for the
// connection tests: org, hub, connectors of every kind, one integration per connector, a user.
import { SECRET, startServer } from '../helpers.mjs';
import { authorize, startIdp } from './idp.mjs';

export const CLIENT = { id: 'embedhub', secret: 'embedhub-client-secret-0123456789' };

/** Fast retries and ticks so the tests wait milliseconds, not the 35 s of the defaults. */
export const FAST = { retryDelaysMs: [100, 200, 300], tickMs: 100, stepTimeoutMs: 1000, refreshLeadMs: 5 * 60_000 };

/**
 * Starts an authorization server (`idpOptions`) and a hub server (`timing` over FAST), and
 * creates connectors: Asana (oauth2, discovery, verify with the token), Reports
 * (oauth2_client_credentials, explicit URLs), Stripe (api_key, verify + postInstall). Returns
 * {s, idp, hubId, token, user, templates: {Asana, Reports, Stripe}, connectors, close()} and
 * helpers: connect(name, body?), signIn(authorizeUrl, options) → the callback answer.
 */
export async function connectionWorld({ idpOptions = {}, timing = {}, config = {}, log = false, logStream } = {}) {
  const idp = await startIdp({ scopes: ['tasks:read', 'reports'], ...idpOptions });
  // A server that cannot start must not leave the provider listening (the test file would hang).
  const s = await startServer({ config: { seed: 'none', connectionTiming: { ...FAST, ...timing }, ...config }, log, logStream })
    .catch(async (err) => {
      await idp.close();
      throw err;
    });
  await idp.addClient({ client_id: CLIENT.id, client_secret: CLIENT.secret, redirect_uris: [`${s.url}/oauth2/callback`], client_name: 'Embedhub test' });
  const must = async (p, what) => {
    const r = await p;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
    return r.body;
  };
  const org = await must(s.admin('POST', '/admin/orgs', { name: 'Test org' }), 'org');
  const hub = await must(s.admin('POST', `/admin/orgs/${org.id}/hubs`, { name: 'Test hub' }), 'hub');
  const oauth2 = { clientId: CLIENT.id, clientSecret: CLIENT.secret };
  const bodies = {
    Asana: {
      name: 'Asana', authenticationMethod: 'oauth2',
      oauth2: { issuer: idp.issuer, ...oauth2, scopes: ['openid', 'tasks:read'] },
      verify: { url: `${idp.issuer}/api/me`, auth: 'bearer' },
    },
    Reports: {
      name: 'Reports', authenticationMethod: 'oauth2_client_credentials',
      oauth2: { tokenUrl: `${idp.issuer}/token`, revocationUrl: `${idp.issuer}/token/revocation`, ...oauth2, scopes: ['reports'] },
      verify: { url: `${idp.issuer}/api/me`, auth: 'bearer' },
    },
    Stripe: {
      name: 'Stripe', authenticationMethod: 'api_key',
      verify: { url: `${idp.issuer}/api/me`, auth: 'header:X-Api-Key' },
      postInstall: { url: `${idp.issuer}/api/webhooks`, method: 'POST', auth: 'header:X-Api-Key' },
    },
  };
  const connectors = {};
  const templates = {};
  const integrations = {};
  for (const [name, body] of Object.entries(bodies)) {
    connectors[name] = await must(s.admin('POST', `/admin/hubs/${hub.id}/connectors`, body), `connector ${name}`);
    const integration = await must(s.admin('POST', `/admin/hubs/${hub.id}/integrations`, {
      name: `${name} sync`, isDeployed: true, connectionTemplates: [{ connectorId: connectors[name].id }],
    }), `integration ${name}`);
    integrations[name] = integration;
    templates[name] = integration.connectionTemplates[0].id;
  }
  const minted = await must(s.admin('POST', '/admin/tokens', { hubId: hub.id, externalId: 'ada@test' }), 'token');
  const path = `/hubs/${hub.id}/users/ada@test/connections`;
  const w = {
    s, idp, hubId: hub.id, token: minted.token, user: minted.user, templates, connectors, integrations, path,
    /** POST …/connections for connector `name`. */
    connect: (name, extra = {}) => s.post(path, { token: minted.token, body: { templateId: templates[name], ...extra } }),
    get: (id) => s.get(`${path}/${id}`, { token: minted.token }),
    credentials: (id) => s.admin('GET', `/admin/connections/${id}/credentials`),
    /** Signs in and consents at the provider, then opens the callback on the hub: {status, text, url}. */
    async signIn(authorizeUrl, options) {
      const back = await authorize(authorizeUrl, options);
      const res = await fetch(back, { headers: { accept: 'text/html' }, redirect: 'manual' });
      return { status: res.status, text: await res.text(), url: back };
    },
    async close() {
      await s.close();
      await idp.close();
    },
  };
  return w;
}

/** Polls `fn` until it returns a truthy value (or throws after `ms`). */
export async function eventually(fn, { ms = 5000, every = 25 } = {}) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, every));
  }
}

export { SECRET };
