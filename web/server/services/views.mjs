// views.mjs — database rows as the wire's objects (seed models), and back for the core.

/** An image path stored as '/icons/x.svg' is served by this server: make it absolute. */
export const absoluteUrl = (base, url) => (url.startsWith('/') ? `${base}${url}` : url);

/** EndUserIntegration summary (seed 001), as the core's page() and the wire carry it. */
export const integrationSummary = (row, base) => ({
  id: row.id,
  name: row.name,
  imageUrl: absoluteUrl(base, row.image_url),
  description: row.description,
  isDeployed: row.is_deployed === 1,
  isActivated: row.is_activated === 1,
});

/** EmbeddedIntegration: the summary with its variablesSchema and connection templates. */
export function embeddedIntegration(row, templates, base) {
  const out = integrationSummary(row, base);
  if (row.variables_schema !== null) out.variablesSchema = JSON.parse(row.variables_schema);
  out.connectionTemplates = templates.map((t) => ({
    id: t.id,
    name: t.name,
    connectorId: t.connector_id,
    connectorName: t.connector_name,
    imageUrl: absoluteUrl(base, t.image_url),
    authenticationMethod: t.authentication_method,
    writes: t.writes === 1,
  }));
  return out;
}

/** A connection row as the integrated account of seed 003 (the credential never leaves). */
export const connection = (row) => ({
  id: row.id,
  tenant_id: row.user_id,
  environment_integration_id: row.connector_id,
  authentication_method: row.authentication_method,
  context: JSON.parse(row.context),
  created_at: row.created_at,
  updated_at: row.updated_at,
  is_sandbox: row.is_sandbox === 1,
  last_action_result: row.last_action_result === null ? null : JSON.parse(row.last_action_result),
  last_error: row.last_error,
  region: row.region,
  status: row.status,
  // The reference API's ConnectionSummary members (issue 12). Seed 003 has no name: the id is one.
  name: row.id,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The columns hub.applyEvent may have changed, from its answer. */
export const connectionChanges = (conn) => ({
  id: conn.id,
  status: conn.status,
  updated_at: conn.updated_at,
  last_error: conn.last_error ?? null,
  last_action_result: conn.last_action_result == null ? null : JSON.stringify(conn.last_action_result),
});

/** EndUser (seed 002's Activation.user). */
export const endUser = (row, primaryConnection) => ({
  id: row.id,
  externalId: row.external_id,
  displayName: row.display_name,
  hubId: row.hub_id,
  primaryConnection,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * Activation (seed 002), plus the template bindings a client needs for the tile state and the
 * saved settings record (integrationSettings, secrets masked) its settings screen shows.
 */
export const activation = (row, user, integration, bindings) => ({
  id: row.id,
  user,
  hubId: row.hub_id,
  integration,
  connections: bindings.map((b) => ({ templateId: b.template_id, connectionId: b.connection_id })),
  integrationSettings: maskedSettings(row),
  createdAt: row.created_at,
});

/** An activation row's integrationSettings with every secret value masked. */
const maskedSettings = (row) => JSON.parse(row.integration_settings).map((s) =>
  (s.configtype === 'secret' && s.configvalue !== null ? { ...s, configvalue: '********' } : s));

/** The stored UserIntegrationMap record (seed 000). Secrets in the settings are masked. */
export const userIntegrationMap = (row) => ({
  id: row.id,
  name: row.name,
  created_at: row.created_at,
  modified_at: row.modified_at,
  standardItem_id: row.integration_id,
  packageId: row.package_id,
  userId: row.user_id,
  siteId: row.hub_id,
  orgId: row.org_id,
  application_id: null,
  integrationSettings: maskedSettings(row),
});
