// admin.mjs — the host app backend's endpoints, guarded by `Authorization: Admin <admin key>`:
// directory, orgs, hubs, connectors, integrations, end-user tokens. (Connection credentials and the
// events test hook are in connections.mjs.)
import { requireUlid, requireUuid } from '../services/access.mjs';
import { notFound } from '../http/errors.mjs';
import { connection, embeddedIntegration, userIntegrationMap } from '../services/views.mjs';
import { iconPath } from '../icons.mjs';
import { adminGuard, hubRowOf as hubRowOfStore } from './guard.mjs';

// Orgs, hubs and connectors: the directory.
function directoryRoutes({ store, directory }, admin) {
  const hubRowOf = (id) => hubRowOfStore(store, id);

  const listHubs = admin(null, async () => {
    const hubs = [];
    for (const hubRow of await store.tenancy.hubs()) {
      hubs.push({
        id: hubRow.id,
        name: hubRow.name,
        orgId: hubRow.org_id,
        users: (await store.tenancy.usersOfHub(hubRow.id)).map((u) => ({ id: u.id, externalId: u.external_id, displayName: u.display_name })),
        integrationCount: await store.integrations.count(hubRow.id),
      });
    }
    return { status: 200, body: { hubs } };
  });

  const createOrg = admin('AdminOrg', async (c, body) => ({ status: 201, body: await directory.createOrg(body.name) }));

  const createHub = admin('AdminHub', async (c, body) => {
    requireUlid(c.params.orgId, 'org_id');
    if (!await store.tenancy.org(c.params.orgId)) throw notFound('org');
    return { status: 201, body: await directory.createHub(c.params.orgId, body.name) };
  });

  const createConnector = admin('AdminConnector', async (c, body) => {
    const hubRow = await hubRowOf(c.params.hubId);
    return { status: 201, body: await directory.createConnector(hubRow.id, body) };
  });

  return [
    ['GET', '/admin/hubs', listHubs],
    ['POST', '/admin/orgs', createOrg],
    ['POST', '/admin/orgs/:orgId/hubs', createHub],
    ['POST', '/admin/hubs/:hubId/connectors', createConnector],
  ];
}

// A hub's integrations.
function integrationRoutes({ store, directory, activations, baseUrl }, admin) {
  const createIntegration = admin('AdminIntegration', async (c, body) => {
    const hubRow = await hubRowOfStore(store, c.params.hubId);
    for (const [i, t] of body.connectionTemplates.entries()) {
      const connector = await store.tenancy.connector(t.connectorId);
      if (!connector || connector.hub_id !== hubRow.id) throw notFound('connector', `connectionTemplates[${i}].connectorId`);
    }
    const id = await directory.createIntegration(hubRow.id, { ...body, imageUrl: body.imageUrl ?? iconPath(body.name) });
    // Read as no user ('' matches no activation): a new integration is activated for nobody.
    const row = await store.integrations.one(hubRow.id, '', id);
    return { status: 201, body: embeddedIntegration(row, await store.integrations.templates(id), baseUrl()) };
  });

  const deleteIntegration = admin(null, async (c) => {
    requireUlid(c.params.integrationId, 'integration_id');
    if (!await activations.removeIntegration(c.params.integrationId)) throw notFound('integration');
    return { status: 204 };
  });

  return [
    ['POST', '/admin/hubs/:hubId/integrations', createIntegration],
    ['DELETE', '/admin/integrations/:integrationId', deleteIntegration],
  ];
}

// End users' tokens, and the stored records of connections and activations.
function userRoutes({ store, auth, directory }, admin) {
  const hubRowOf = (id) => hubRowOfStore(store, id);

  // The host app's backend calls this when its user opens the page with the embed: the user is
  // created on first sight (with a connection to the host product), and gets a token.
  const mintToken = admin('AdminToken', async (c, body) => {
    const hubRow = await hubRowOf(body.hubId);
    const user = await directory.ensureUser(hubRow.id, body.externalId, body.displayName);
    const minted = await auth.mint({ sub: user.id, hub: hubRow.id, org: hubRow.org_id, ttlSeconds: body.ttlSeconds });
    return { status: 201, body: { ...minted, user: await directory.user(user) } };
  });

  const getActivation = admin(null, async (c) => {
    requireUlid(c.params.activationId, 'activation_id');
    const row = await store.activations.one(c.params.activationId);
    if (!row) throw notFound('activation');
    return { status: 200, body: userIntegrationMap(row) };
  });

  const getConnection = admin(null, async (c) => {
    requireUuid(c.params.connectionId, 'connection_id');
    const row = await store.connections.byId(c.params.connectionId);
    if (!row) throw notFound('connection');
    return { status: 200, body: connection(row) };
  });

  return [
    ['POST', '/admin/tokens', mintToken],
    ['GET', '/admin/connections/:connectionId', getConnection],
    ['GET', '/admin/activations/:activationId', getActivation],
  ];
}

export function adminRoutes(app) {
  const admin = adminGuard(app);
  return [...directoryRoutes(app, admin), ...integrationRoutes(app, admin), ...userRoutes(app, admin)];
}
