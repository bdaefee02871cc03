// embed.mjs — the end user's integrations and activations: GET /embed/{hub_id}/users/{user_id}/…
import { requireUlid } from '../services/access.mjs';
import { notFound } from '../http/errors.mjs';
import { readQuery } from '../http/io.mjs';
import { withTemplateConfigs } from '../services/reference.mjs';
import { embeddedIntegration, integrationSummary } from '../services/views.mjs';

export function embedRoutes({ core, store, auth, access, activations, baseUrl }) {
  async function listIntegrations({ req, url, params }) {
    const claims = await auth.user(req);
    const q = readQuery(url, ['identifier_type', 'deployed', 'first', 'after', 'before', 'q']);
    const identifierType = access.identifierType(q.identifier_type);
    const { hubRow, user } = await access.user(claims, params.hubId, params.userId, identifierType);
    const query = { first: q.first, after: q.after, before: q.before, deployed: q.deployed, q: q.q, identifierType, userId: user.id, hubId: hubRow.id };
    const base = baseUrl();
    let page;
    if (q.q !== undefined) {
      // A search: the core folds and matches (Unicode case folding, accents dropped) and pages.
      // It reads only what it matches on; the page's rows are then read in full.
      const light = (await store.integrations.searchable(hubRow.id)).map((r) => ({
        id: r.id, name: r.name, description: r.description, imageUrl: '', isDeployed: r.is_deployed === 1, isActivated: false,
      }));
      const found = core.pageItems(light, query);
      const integrations = [];
      for (const i of found.integrations) integrations.push(integrationSummary(await store.integrations.one(hubRow.id, user.id, i.id), base));
      page = { ...found, integrations };
    } else {
      const found = await core.page(query, ({ deployed }) =>
        store.integrations.listing({ hub: hubRow.id, user: user.id, deployed: deployed === undefined ? null : Number(deployed) }));
      page = found.page;
      page.integrations = found.rows.map((row) => integrationSummary(row, base));
    }
    page.totalConnected = await store.integrations.connected(hubRow.id, user.id);
    return { status: 200, body: page };
  }

  async function getIntegration({ req, url, params }) {
    const claims = await auth.user(req);
    const q = readQuery(url, ['identifier_type']);
    const { hubRow, user } = await access.user(claims, params.hubId, params.userId, access.identifierType(q.identifier_type));
    requireUlid(params.integrationId, 'integration_id');
    const row = await store.integrations.one(hubRow.id, user.id, params.integrationId);
    if (!row) throw notFound('integration');
    const templates = await store.integrations.templates(row.id);
    const connectors = new Map();
    for (const t of templates) if (!connectors.has(t.connector_id)) connectors.set(t.connector_id, await store.tenancy.connector(t.connector_id));
    const base = baseUrl();
    // The reference API's authSchemeConfig, isUsed and isPrimary next to the seed's members.
    return { status: 200, body: withTemplateConfigs(embeddedIntegration(row, templates, base), templates, (id) => connectors.get(id), base) };
  }

  async function listActivations({ req, url, params }) {
    const claims = await auth.user(req);
    const q = readQuery(url, ['identifier_type', 'integration_id', 'first', 'after', 'before']);
    const identifierType = access.identifierType(q.identifier_type);
    const { hubRow, user } = await access.user(claims, params.hubId, params.userId, identifierType);
    if (q.integration_id !== undefined) requireUlid(q.integration_id, 'integration_id');
    const query = { first: q.first, after: q.after, before: q.before, identifierType, userId: user.id, hubId: hubRow.id };
    const { page, rows } = await core.page(query, () => store.activations.listing({ user: user.id, integration: q.integration_id }));
    page.activations = [];
    for (const row of rows) page.activations.push(await activations.present(row, user));
    return { status: 200, body: page };
  }

  return [
    ['GET', '/embed/:hubId/users/:userId/integrations', listIntegrations],
    ['GET', '/embed/:hubId/users/:userId/integrations/:integrationId', getIntegration],
    ['GET', '/embed/:hubId/users/:userId/activations', listActivations],
  ];
}
