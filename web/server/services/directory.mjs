// directory.mjs — the directory service: orgs, hubs, connectors, integrations and end users
// (admin API and seed), and the end user as the wire shows it.
import { iconPath } from '../icons.mjs';
import { ulid } from '../ulid.mjs';
import { connection, endUser } from './views.mjs';

const now = () => new Date().toISOString();

/** See createDirectory().createConnector. */
async function createConnector({ store, connections }, hubId, body, isPrimary = false, { demo = false } = {}) {
  const { name, authenticationMethod, imageUrl, scopes = '' } = body;
  const provider = connections.connectorSettingsOf(body, { demo });
  const row = {
    id: ulid(), hub_id: hubId, name, image_url: imageUrl ?? iconPath(name),
    authentication_method: authenticationMethod, scopes, is_primary: isPrimary ? 1 : 0,
  };
  await store.tx(async (t) => {
    await t.tenancy.insertConnector(row);
    await connections.settings.save(row.id, provider);
  });
  const { oauth2, verify, postInstall } = provider.settings ?? {};
  return { id: row.id, hubId, name, imageUrl: row.image_url, authenticationMethod, scopes, isPrimary, ...(oauth2 ? { oauth2 } : {}), ...(verify ? { verify } : {}), ...(postInstall ? { postInstall } : {}) };
}

/** See createDirectory().createIntegration. */
async function createIntegration({ core, store }, hubId, { name, description = '', imageUrl, isDeployed, variablesSchema, connectionTemplates }) {
  // A variablesSchema must compile and make a settings form before any end user is shown it.
  if (variablesSchema !== undefined) core.checkVariablesSchema(variablesSchema);
  return store.tx(async (t) => {
    const id = ulid();
    const at = now();
    await t.integrations.insert({
      id, hub_id: hubId, name, description, image_url: imageUrl, is_deployed: isDeployed ? 1 : 0,
      variables_schema: variablesSchema === undefined ? null : JSON.stringify(variablesSchema), created_at: at, updated_at: at,
    });
    for (const [position, tpl] of connectionTemplates.entries()) {
      const connector = await t.tenancy.connector(tpl.connectorId);
      await t.integrations.insertTemplate({
        id: ulid(), integration_id: id, connector_id: connector.id, name: tpl.name ?? connector.name, position, writes: tpl.writes ? 1 : 0,
      });
    }
    return id;
  });
}

/** See createDirectory().ensureUser. */
function ensureUser({ store, connections }, hubId, externalId, displayName) {
  return store.tx(async (t) => {
    const existing = await t.tenancy.user(hubId, externalId, 'external');
    if (existing) {
      if (displayName !== undefined && displayName !== existing.display_name) await t.tenancy.renameUser(existing.id, displayName, now());
      return t.tenancy.user(hubId, existing.id, 'internal');
    }
    const at = now();
    const row = { id: ulid(), hub_id: hubId, external_id: externalId, display_name: displayName ?? '', created_at: at, updated_at: at };
    await t.tenancy.insertUser(row);
    const primary = await t.tenancy.primaryConnector(hubId);
    if (primary) await connections.createPrimary(row, primary);
    return row;
  });
}

export function createDirectory(deps) {
  const { store } = deps;
  const directory = {
    /** EndUser (seed 002's Activation.user) for a user row. */
    async user(row) {
      const primary = await store.connections.primaryOf(row.id);
      // Users are created with a primary connection; one made outside the server may lack it.
      return endUser(row, primary ? connection(primary) : {});
    },

    async createOrg(name) {
      const row = { id: ulid(), name, created_at: now() };
      await store.tenancy.insertOrg(row);
      return { id: row.id, name, createdAt: row.created_at };
    },

    /** A hub and its primary connector: the host product, which every end user is connected to. */
    createHub(orgId, name) {
      return store.tx(async (t) => {
        const row = { id: ulid(), org_id: orgId, name, created_at: now() };
        await t.tenancy.insertHub(row);
        const primary = await directory.createConnector(row.id, { name, authenticationMethod: 'oauth2', scopes: 'profile' }, true);
        return { id: row.id, orgId, name, primaryConnectorId: primary.id, createdAt: row.created_at };
      });
    },

    /**
     * A connector; `body` may carry its provider (oauth2, verify, postInstall: see
     * connections.connectorSettingsOf). The client secret is sealed and never answered.
     */
    createConnector: (hubId, body, isPrimary, options) => createConnector(deps, hubId, body, isPrimary, options),

    /** Inserts an integration with its templates ([{connectorId, name?, writes?}]); returns its id. */
    createIntegration: (hubId, body) => createIntegration(deps, hubId, body),

    /** The hub's user with this external id, created (with its primary connection) if new. */
    ensureUser: (hubId, externalId, displayName) => ensureUser(deps, hubId, externalId, displayName),
  };
  return directory;
}
