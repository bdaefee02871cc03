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

export function connectionPage(p, connectorId) {
  return p && Array.isArray(p.connections) ? { ...p, connections: p.connections.map((c) => connection(c, connectorId)) } : p;
}

/** Tags a page's connections with the connector `memory` (id → connector id) knows, and learns
 * the ones the page says. */
export function tagConnections(page, memory) {
  for (const c of page?.connections ?? []) {
    if (c?.environment_integration_id !== undefined) memory.set(c.id, c.environment_integration_id);
    else if (memory.has(c?.id)) c.environment_integration_id = memory.get(c.id);
  }
  return page;
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
