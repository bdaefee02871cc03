// reference.mjs — answers of a server that follows the reference API's OpenAPI exactly, read as
// the wire models HubClient returns, and the request bodies that API takes (profile 'reference').

const SCHEME_METHOD = { 'api-key': 'api_key', 'basic-auth': 'basic_auth', none: 'none' };

/** The seed's authenticationMethod for an OpenAPI AuthSchemeConfig (undefined when none). */
export function authenticationMethodOf(config) {
  if (!config || typeof config !== 'object') return undefined;
  if (config.schemeType === 'oauth2') return config.grant?.grantType === 'client_credentials' ? 'oauth2_client_credentials' : 'oauth2';
  return SCHEME_METHOD[config.schemeType] ?? config.schemeType;
}

/** A connection template: `authenticationMethod` from `authSchemeConfig` when absent. */
export function template(t) {
  if (!t || typeof t !== 'object') return t;
  const out = { ...t };
  out.authenticationMethod ??= authenticationMethodOf(t.authSchemeConfig);
  out.connectorName ??= t.name;
  return out;
}

export function integration(i) {
  if (!i || !Array.isArray(i.connectionTemplates)) return i;
  return { ...i, connectionTemplates: i.connectionTemplates.map(template) };
}

/**
 * A connection: seed 003's members from an OpenAPI ConnectionSummary or Connection when absent.
 * The reference API has no connection status: a connection it lists is one it accepted, so it
 * reads as `active`. `connectorId` is the Hub Connector it was listed or created for.
 */
export function connection(c, connectorId) {
  if (!c || typeof c !== 'object') return c;
  const out = { ...c };
  out.created_at ??= c.createdAt;
  out.updated_at ??= c.updatedAt;
  out.status ??= 'active';
  if (connectorId !== undefined) out.environment_integration_id ??= connectorId;
  out.last_error ??= null;
  return out;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;

/** A ULID's 128 bits written as a UUID (any other id is returned as it is). */
export function uuidOfUlid(id) {
  if (typeof id !== 'string' || !ULID.test(id)) return id;
  let n = 0n;
  for (const ch of id.toUpperCase()) n = n * 32n + BigInt(CROCKFORD.indexOf(ch));
  const x = n.toString(16).padStart(32, '0');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The connector of a connection listed without hub_connector_id, when nothing says which. */
export const UNKNOWN_CONNECTOR = 'unknown';
const SEED_METHODS = new Set(['oauth2', 'api_key', 'oauth2_client_credentials', 'keka_oauth']);

/**
 * A reference connection as a seed 003 Connection (what the core's rules take): its ULID id in
 * UUID form, the members the reference API does not have filled in — `tenant_id` the client's
 * user, the connector and method of its template (UNKNOWN_CONNECTOR when not known), not a
 * sandbox, `active` (a connection it lists is one it accepted).
 */
export function seedConnection(c, { connectorId, method, tenantId }) {
  const out = connection(c, connectorId);
  out.id = uuidOfUlid(c.id);
  out.tenant_id ??= tenantId;
  out.environment_integration_id ??= UNKNOWN_CONNECTOR;
  out.authentication_method ??= SEED_METHODS.has(method) ? method : 'oauth2';
  out.is_sandbox ??= false;
  out.context ??= {};
  out.last_action_result ??= null;
  return out;
}

/** An activation: the reference API's carries no template bindings. */
export function activation(a) {
  if (!a || typeof a !== 'object') return a;
  return Array.isArray(a.connections) ? a : { ...a, connections: [] };
}

export function activationPage(p) {
  return p && Array.isArray(p.activations) ? { ...p, activations: p.activations.map(activation) } : p;
}

/** The seeds' dynamicVariables object as the OpenAPI's ActivationVariables array. */
export const variablesOf = (dynamicVariables = {}) => Object.entries(dynamicVariables).map(([name, value]) => ({ name, value }));

/**
 * CreateEndUserConnection's body for `request` ({templateId, connectorId?, authSchemeConfig?,
 * apiKey | username and password, name?}) and the template `tpl` it is for, as `{body}`; or
 * `{error: {code, message}}` when it cannot be made.
 */
export function connectionCreateFor(request, tpl = {}) {
  const connectorId = request.connectorId ?? tpl.connectorId;
  const authSchemeConfig = request.authSchemeConfig ?? tpl.authSchemeConfig;
  if (!connectorId || !authSchemeConfig) {
    return { error: { code: 'template_unknown', message: `template ${request.templateId} is unknown: call getIntegration() first, or pass connectorId and authSchemeConfig` } };
  }
  if (request.apiKey === undefined && request.password === undefined) {
    return { error: { code: 'not_supported', message: 'the reference API creates only API key and basic-auth connections this way' } };
  }
  const name = request.name ?? `${tpl.name ?? 'connection'} ${new Date().toISOString()}`;
  return { body: connectionCreate({ ...request, connectorId, authSchemeConfig, name }) };
}

/**
 * CreateEndUserConnection's body for an API key or a username and password, bound to the
 * template's AuthSchemeConfig (the API needs it to know how the credential is used).
 */
export function connectionCreate({ connectorId, authSchemeConfig, name, apiKey, username, password, variables = {} }) {
  const credential = apiKey !== undefined
    ? { name, type: 'string', data: { value: apiKey } }
    : { name, type: 'basic-auth', data: { username, password } };
  return {
    connectorId,
    connection: {
      name,
      credentials: { action: [{ authSchemeConfig, credential }] },
      variables: Object.entries(variables).map(([n, value]) => ({ name: n, value: String(value) })),
    },
  };
}
