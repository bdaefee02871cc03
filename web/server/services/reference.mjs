// reference.mjs — the reference API's shapes (its OpenAPI, ../shared/reference) next to the
// seeds': templates' AuthSchemeConfig, CreateEndUserConnection's body, the connection list's
// hub_connector_id filter (issue 12).
import { ApiError } from '../http/errors.mjs';

const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

const settingsOf = (connector) => {
  try {
    return connector?.settings ? JSON.parse(connector.settings) : {};
  } catch {
    return {};
  }
};

/**
 * A template's AuthSchemeConfig: how its connector takes a credential. Its id is the
 * template's (unique in the array, as the OpenAPI asks); OAuth2 endpoints come from the
 * connector's settings, else this server's own consent page.
 */
export function authSchemeConfig(template, connector, base) {
  const id = template.id;
  if (template.authentication_method === 'api_key') {
    return { id, description: `${template.connector_name} API key`, schemeType: 'api-key', name: 'Authorization', in: 'header' };
  }
  const oauth2 = settingsOf(connector).oauth2 ?? {};
  const scopes = oauth2.scopes ?? (connector?.scopes ? connector.scopes.split(/\s+/).filter(Boolean) : []);
  return {
    id, description: `${template.connector_name} OAuth 2.0`, schemeType: 'oauth2',
    authorizeUrl: oauth2.authorizationUrl ?? `${base}/oauth2/authorize`,
    tokenUrl: oauth2.tokenUrl ?? `${base}/oauth2/token`,
    scopes: scopes.map((name) => ({ name })), defaultScopes: scopes,
    grant: { grantType: template.authentication_method === 'oauth2_client_credentials' ? 'client_credentials' : 'authorization_code' },
  };
}

/** EmbeddedIntegration's templates with the OpenAPI's authSchemeConfig, isUsed and isPrimary. */
export function withTemplateConfigs(integration, templates, connectorOf, base) {
  integration.connectionTemplates = integration.connectionTemplates.map((t, n) => {
    const connector = connectorOf(templates[n].connector_id);
    return { ...t, authSchemeConfig: authSchemeConfig(templates[n], connector, base), isUsed: true, isPrimary: connector?.is_primary === 1 };
  });
  return integration;
}

const bad = (field, message) => new ApiError(400, 'body_invalid', `body is not valid: ${field} ${message}`, { fields: [{ field, message }] });

// A ConnectionCreate (OpenAPI) at field path `at`: {name, credentials: {action: [{authSchemeConfig,
// credential: {type, data}}]}, variables}, plus the members `also` allows. Its API key, if any: an
// API key is a `string` credential; an OAuth2 connector takes none (its sign-in starts later).
function apiKeyOf(c, at, also = []) {
  if (c === null || typeof c !== 'object' || Array.isArray(c)) throw bad(at, 'must be an object');
  const extra = Object.keys(c).find((k) => !['name', 'credentials', 'variables', ...also].includes(k));
  if (extra) throw bad(`${at}.${extra}`, 'is not a member of ConnectionCreate');
  for (const k of ['name', 'credentials', 'variables']) if (c[k] === undefined) throw bad(`${at}.${k}`, 'is required');
  if (typeof c.name !== 'string' || !c.name) throw bad(`${at}.name`, 'must be a non-empty string');
  if (!Array.isArray(c.variables) || c.variables.length) throw bad(`${at}.variables`, 'connection variables are not supported: send []');
  if (c.credentials === null || typeof c.credentials !== 'object' || Array.isArray(c.credentials)) throw bad(`${at}.credentials`, 'must be an object');
  const action = c.credentials.action ?? [];
  const trigger = c.credentials.trigger ?? [];
  if (!Array.isArray(action) || action.length > 1 || !Array.isArray(trigger) || trigger.length) {
    throw bad(`${at}.credentials`, 'one action credential at most');
  }
  const cred = action[0]?.credential;
  if (!cred) return undefined;
  if (cred.type !== 'string' || typeof cred.data?.value !== 'string' || !cred.data.value || cred.data.value.length > 512) {
    throw bad(`${at}.credentials.action[0].credential`, 'must be a string credential {type: "string", data: {value}} (an API key)');
  }
  return cred.data.value;
}

/**
 * CreateEndUserConnection's body `{connectorId, connection}` as our ConnectionCreate options:
 * `{connectorId, apiKey?}`.
 */
export function connectionCreate(body) {
  if (typeof body?.connectorId !== 'string' || !ULID.test(body.connectorId)) throw bad('connectorId', 'must be a connector id (a ULID)');
  const extra = Object.keys(body).find((k) => k !== 'connectorId' && k !== 'connection');
  if (extra) throw bad(extra, 'is not a member of CreateEndUserConnection');
  return { connectorId: body.connectorId, apiKey: apiKeyOf(body.connection, 'connection') };
}

/** Whether an ActivationCreate binding is the OpenAPI's ActivationConnectionCreateNew. */
export const isNewConnection = (b) => b !== null && typeof b === 'object' && !Array.isArray(b) && b.connectionId === undefined && 'credentials' in b;

/** An ActivationConnectionCreateNew at connections[n]: {apiKey?} for the connection to make. */
export const newConnection = (b, n) => ({ apiKey: apiKeyOf(b, `connections[${n}]`, ['templateId']) });

/**
 * Checks InitialiseOAuth2EmbeddedConnection's body ({credential: {id, organisationId},
 * authorizeUrl, clientId, scopes?, disableOfflineAccess?, prompt?, additionalParams?}). The
 * OAuth2 client is the connector's own (its settings), so these say nothing the hub uses.
 */
export function checkOAuth2Initialise(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw bad('body', 'must be an object');
  const known = ['credential', 'authorizeUrl', 'clientId', 'scopes', 'disableOfflineAccess', 'prompt', 'additionalParams'];
  const extra = Object.keys(body).find((k) => !known.includes(k));
  if (extra) throw bad(extra, 'is not a member of InitialiseOAuth2ConnectionRequest');
  if (typeof body.credential?.id !== 'string' || typeof body.credential.organisationId !== 'string') throw bad('credential', 'must be {id, organisationId}');
  if (typeof body.authorizeUrl !== 'string' || !/^https?:\/\//.test(body.authorizeUrl)) throw bad('authorizeUrl', 'must be an http(s) URL');
  if (typeof body.clientId !== 'string') throw bad('clientId', 'is required');
  if (body.scopes !== undefined && !(Array.isArray(body.scopes) && body.scopes.every((x) => typeof x === 'string'))) throw bad('scopes', 'must be an array of strings');
}

/** hub_connector_id: connector ids separated by commas (the OpenAPI's explode: false). */
export function connectorFilter(raw) {
  if (raw === undefined) return undefined;
  const ids = raw.split(',');
  if (ids.some((id) => !ULID.test(id))) {
    throw new ApiError(400, 'query_invalid', 'hub_connector_id must be connector ids separated by commas', { fields: [{ field: 'hub_connector_id', message: 'must be ULIDs separated by commas' }] });
  }
  return ids;
}

/** Whether a POST …/connections body is CreateEndUserConnection's rather than ours. */
export const isReferenceCreate = (body) => body !== null && typeof body === 'object' && !Array.isArray(body) && ('connectorId' in body || 'connection' in body);

/** Our errors about `apiKey`, for a reference body, name where the key was sent (`at`). */
export function asReferenceError(err, at = 'connection') {
  if (!(err instanceof ApiError) || !err.fields) return err;
  err.fields = err.fields.map((f) => (f.field === 'apiKey' ? { ...f, field: `${at}.credentials` } : f));
  return err;
}
