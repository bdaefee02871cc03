// connector-settings.mjs — how a connector reaches its real provider: OAuth2 endpoints (by
// discovery or given), the client id and secret, and the optional verify and post-install
// requests. The client secret is sealed (app.secrets) and never leaves the server.
import { ApiError } from '../http/errors.mjs';
import { checkEndpointUrl } from '../oauth/client.mjs';
import { aadFor } from '../security/secrets.mjs';

const OAUTH_KINDS = new Set(['oauth2', 'oauth2_client_credentials']);
const secretAad = (connectorId) => aadFor('connectors', 'client_secret', connectorId);

const bad = (field, message) => new ApiError(400, 'body_invalid', `${field} ${message}`, { fields: [{ field, message }] });

/** Checks a URL the server will call; demo connectors may give a path on the demo provider. */
function checkUrl(value, field, demo) {
  if (demo && typeof value === 'string' && value.startsWith('/')) return;
  const problem = checkEndpointUrl(value, field);
  if (problem) throw bad(field, problem.slice(field.length + 1));
}

function checkStep(step, field, demo) {
  if (step === undefined) return;
  checkUrl(step.url, `${field}.url`, demo);
}

/**
 * Throws a 400 unless the admin body's provider settings fit its authenticationMethod (the
 * body's shape is already checked by its JSON Schema). Returns {settings, clientSecret}:
 * what is stored in the clear, and the secret to seal.
 */
export function connectorSettingsOf(body, { demo = false } = {}) {
  const { authenticationMethod: method, oauth2, verify, postInstall } = body;
  if (oauth2 !== undefined && !OAUTH_KINDS.has(method)) throw bad('oauth2', `is only for oauth2 and oauth2_client_credentials connectors, not ${method}`);
  if (oauth2) {
    if (oauth2.issuer !== undefined) {
      if (!demo) checkUrl(oauth2.issuer, 'oauth2.issuer', false);
    } else {
      if (oauth2.tokenUrl === undefined) throw bad('oauth2.tokenUrl', 'is required without oauth2.issuer');
      if (method === 'oauth2' && oauth2.authorizationUrl === undefined) throw bad('oauth2.authorizationUrl', 'is required without oauth2.issuer');
    }
    for (const k of ['authorizationUrl', 'tokenUrl', 'revocationUrl']) if (oauth2[k] !== undefined) checkUrl(oauth2[k], `oauth2.${k}`, demo);
  }
  checkStep(verify, 'verify', demo);
  checkStep(postInstall, 'postInstall', demo);
  if (!oauth2 && !verify && !postInstall && !demo) return { settings: null, clientSecret: null };
  const { clientSecret, ...clear } = oauth2 ?? {};
  const settings = { ...(demo ? { demo: true } : {}), ...(oauth2 ? { oauth2: clear } : {}), ...(verify ? { verify } : {}), ...(postInstall ? { postInstall } : {}) };
  return { settings, clientSecret: clientSecret ?? null };
}

/**
 * Reading and writing connector settings. `demoProvider()` answers the running demo
 * authorization server's issuer (or null): demo connectors are stored relative to it, so a
 * restart on another port keeps them working.
 */
export function createConnectorSettings({ store, secrets, demoProvider = () => null }) {
  return {
    /** Stores connector `id`'s settings (from connectorSettingsOf), sealing the client secret. */
    save(id, { settings, clientSecret }) {
      return store.tenancy.putConnectorSettings(id, settings === null ? null : JSON.stringify(settings),
        clientSecret === null ? null : secrets.seal(clientSecret, secretAad(id)));
    },

    /**
     * The connector's settings for use: {oauth2 (with clientSecret), verify, postInstall}, demo
     * paths resolved. Throws a 409 `connector_unconfigured` for an OAuth2 connector without
     * settings and a 503 when the demo provider it needs is not running.
     */
    resolve(connector) {
      const raw = connector.settings ? JSON.parse(connector.settings) : {};
      let base = null;
      if (raw.demo) {
        base = demoProvider();
        if (!base) throw new ApiError(503, 'provider_unavailable', `${connector.name} is a demo connector and the demo provider is not running`);
      }
      const at = (url) => (base && url.startsWith('/') ? `${base}${url}` : url);
      const out = {};
      if (raw.oauth2) {
        out.oauth2 = {
          ...raw.oauth2,
          clientSecret: connector.client_secret ? secrets.open(connector.client_secret, secretAad(connector.id)) : undefined,
        };
        if (raw.demo) out.oauth2.issuer = base;
        for (const k of ['authorizationUrl', 'tokenUrl', 'revocationUrl']) if (out.oauth2[k]) out.oauth2[k] = at(out.oauth2[k]);
      }
      if (raw.verify) out.verify = { ...raw.verify, url: at(raw.verify.url) };
      if (raw.postInstall) out.postInstall = { ...raw.postInstall, url: at(raw.postInstall.url) };
      if (OAUTH_KINDS.has(connector.authentication_method) && !out.oauth2) {
        throw new ApiError(409, 'connector_unconfigured', `${connector.name} has no OAuth2 settings: the hub's admin must give its oauth2 endpoints and client`);
      }
      return out;
    },

    /** The demo connectors' OAuth2 clients, for registering at the demo provider. */
    async demoClients() {
      const rows = (await store.tenancy.configuredConnectors()).filter((c) => JSON.parse(c.settings).demo === true);
      return rows.filter((c) => OAUTH_KINDS.has(c.authentication_method)).map((c) => {
        const s = JSON.parse(c.settings);
        return { client_id: s.oauth2.clientId, client_secret: secrets.open(c.client_secret, secretAad(c.id)), client_name: c.name, scopes: s.oauth2.scopes ?? [] };
      });
    },
  };
}
