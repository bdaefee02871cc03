// reference-server.test.mjs — our hub server spoken to as the reference API's OpenAPI describes
// it (issue 12): its request shapes are accepted with their meaning, and every answer here, as in
// every server test (helpers.mjs), validates against the OpenAPI outside the listed differences.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HubClient } from '../../web/src/client.mjs';
import { conformance, errorBody, startServer } from './helpers.mjs';

describe('the hub server speaks the reference API', () => {
  let s, hubId, token, user, airtable, slack;
  const userPath = (rest) => `/hubs/${hubId}/users/${encodeURIComponent(user)}${rest}`;
  const embedPath = (rest) => `/embed/${hubId}/users/${encodeURIComponent(user)}${rest}`;

  before(async () => {
    s = await startServer();
    hubId = s.hubs['Acme CRM'].id;
    user = 'reference@acme.test';
    ({ token } = await s.tokenFor('Acme CRM', user));
    const { body } = await s.get(embedPath('/integrations?first=100'), { token });
    const byName = (name) => body.integrations.find((i) => i.name === name);
    airtable = (await s.get(embedPath(`/integrations/${byName('Airtable').id}`), { token })).body;
    slack = (await s.get(embedPath(`/integrations/${byName('Slack').id}`), { token })).body;
  });
  after(() => s?.close());

  test('templates carry authSchemeConfig, isUsed and isPrimary next to authenticationMethod', () => {
    const [key] = airtable.connectionTemplates;
    assert.equal(key.authenticationMethod, 'api_key');
    assert.deepEqual({ ...key.authSchemeConfig, description: undefined }, { id: key.id, description: undefined, schemeType: 'api-key', name: 'Authorization', in: 'header' });
    assert.equal(key.isUsed, true);
    assert.equal(key.isPrimary, false);
    const [oauth] = slack.connectionTemplates;
    assert.equal(oauth.authSchemeConfig.schemeType, 'oauth2');
    assert.equal(oauth.authSchemeConfig.grant.grantType, 'authorization_code');
    assert.ok(oauth.authSchemeConfig.defaultScopes.includes('chat:write'));
    assert.deepEqual(oauth.authSchemeConfig.scopes.map((x) => x.name), oauth.authSchemeConfig.defaultScopes);
    assert.match(oauth.authSchemeConfig.authorizeUrl, /^https?:\/\//);
  });

  test('CreateEndUserConnection: an API key as a string credential for the connector', async () => {
    const [tpl] = airtable.connectionTemplates;
    const body = (value) => ({
      connectorId: tpl.connectorId,
      connection: { name: 'Airtable (ops)', variables: [], credentials: { action: [{ authSchemeConfig: tpl.authSchemeConfig, credential: { name: 'key', type: 'string', data: { value } } }] } },
    });
    const r = await s.post(userPath('/connections'), { token, body: body('pat-good-123') });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.environment_integration_id, tpl.connectorId);
    assert.equal(r.body.status, 'active');
    assert.equal(r.body.createdAt, r.body.created_at);
    assert.equal(typeof r.body.name, 'string');
    assert.ok(!r.text.includes('pat-good-123'), 'the key never comes back');

    const wrong = await s.post(userPath('/connections'), { token, body: { ...body('k'), connectorId: slack.connectionTemplates[0].connectorId } });
    assert.equal(wrong.status, 400);
    // Our message, about where the key was sent in this body.
    assert.equal(errorBody(wrong).fields[0].field, 'connection.credentials');
    const foreign = await s.post(userPath('/connections'), { token, body: { ...body('k'), connectorId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' } });
    assert.equal(foreign.status, 404);
    const missing = await s.post(userPath('/connections'), { token, body: { connectorId: tpl.connectorId } });
    assert.equal(missing.status, 400);
    assert.equal(errorBody(missing).fields[0].field, 'connection');
  });

  test('ListEndUserConnections pages with first/after/before and filters by hub_connector_id', async () => {
    const [tpl] = airtable.connectionTemplates;
    await s.post(userPath('/connections'), { token, body: { templateId: tpl.id, apiKey: 'second-key' } });
    const all = await s.get(userPath('/connections'), { token });
    assert.ok(all.body.totalCount >= 3, 'the primary connection and two Airtable ones');
    const one = await s.get(userPath(`/connections?first=1&hub_connector_id=${tpl.connectorId}`), { token });
    assert.equal(one.status, 200, one.text);
    assert.equal(one.body.totalCount, 2);
    assert.equal(one.body.connections.length, 1);
    const next = await s.get(userPath(`/connections?first=1&after=${encodeURIComponent(one.body.next)}&hub_connector_id=${tpl.connectorId}`), { token });
    assert.equal(next.body.connections.length, 1);
    assert.notEqual(next.body.connections[0].id, one.body.connections[0].id);
    assert.equal(next.body.next, undefined);
    const back = await s.get(userPath(`/connections?first=1&before=${encodeURIComponent(next.body.prev)}&hub_connector_id=${tpl.connectorId}`), { token });
    assert.equal(back.body.connections[0].id, one.body.connections[0].id);
    for (const c of one.body.connections) assert.deepEqual([c.name, c.createdAt, c.updatedAt].map((x) => typeof x), ['string', 'string', 'string']);
    const bad = await s.get(userPath('/connections?hub_connector_id=nope'), { token });
    assert.equal(bad.status, 400);
    assert.equal(errorBody(bad).fields[0].field, 'hub_connector_id');
  });

  test('InitialiseOAuth2EmbeddedConnection starts the sign-in: {url}, and a connecting connection', async () => {
    const [tpl] = slack.connectionTemplates;
    const body = { credential: { id: '01ARZ3NDEKTSV4RRFFQ69G5FAV', organisationId: '01ARZ3NDEKTSV4RRFFQ69G5FAW' }, authorizeUrl: tpl.authSchemeConfig.authorizeUrl, clientId: 'any', scopes: ['chat:write'] };
    const r = await s.post(`/embed/${hubId}/connector/${tpl.connectorId}/oauth2/initialise`, { token, body });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.body), ['url']);
    const consent = new URL(r.body.url);
    assert.ok(consent.searchParams.get('state'));
    const listed = await s.get(userPath(`/connections?hub_connector_id=${tpl.connectorId}`), { token });
    assert.deepEqual(listed.body.connections.map((c) => c.status), ['connecting']);

    const key = await s.post(`/embed/${hubId}/connector/${airtable.connectionTemplates[0].connectorId}/oauth2/initialise`, { token, body });
    assert.equal(key.status, 400);
    assert.equal(errorBody(key).code, 'not_oauth2');
    const bad = await s.post(`/embed/${hubId}/connector/${tpl.connectorId}/oauth2/initialise`, { token, body: { clientId: 'x' } });
    assert.equal(bad.status, 400);
    assert.equal(errorBody(bad).fields[0].field, 'credential');
    const other = await s.post(`/embed/${hubId}/connector/01ARZ3NDEKTSV4RRFFQ69G5FAV/oauth2/initialise`, { token, body });
    assert.equal(other.status, 404);
  });

  test('ActivateIntegration with a new connection inline (an API key) and variables', async () => {
    const [tpl] = airtable.connectionTemplates;
    const inline = (value) => ({ templateId: tpl.id, name: 'Airtable (inline)', variables: [], credentials: { action: [{ authSchemeConfig: tpl.authSchemeConfig, credential: { name: 'key', type: 'string', data: { value } } }] } });
    const wrong = await s.post('/activations', { token, body: { userId: user, integrationId: airtable.id, connections: [{ ...inline('k'), templateId: slack.connectionTemplates[0].id }], variables: [] } });
    assert.equal(wrong.status, 404);
    assert.equal(errorBody(wrong).fields[0].field, 'connections[0].templateId');
    const r = await s.post('/activations', { token, body: { userId: user, integrationId: airtable.id, connections: [inline('pat-inline-1')], variables: [] } });
    assert.equal(r.status, 200, r.text);
    const [binding] = r.body.connections;
    assert.equal(binding.templateId, tpl.id);
    const made = await s.get(userPath(`/connections/${binding.connectionId}`), { token });
    assert.deepEqual([made.body.status, made.body.environment_integration_id], ['active', tpl.connectorId]);
    assert.equal((await s.del(`/activations/${r.body.id}`, { token })).status, 204);
  });

  test('a JSON syntax error: details is text, the position has its own member', async () => {
    const r = await s.post('/activations', { token, raw: '{\n  "userId": ,\n}', headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 400);
    const e = errorBody(r);
    assert.equal(typeof e.details, 'string');
    assert.match(e.details, /line 2, column \d+/);
    assert.equal(e.position.line, 2);
    assert.equal(typeof e.position.offset, 'number');
  });

  test('HubClient (profile reference, Bearer) runs list → activate → manage → deactivate against our server', async () => {
    // Its answers go through the same conformance check as every other answer here.
    const checked = async (url, init) => {
      const res = await fetch(url, init);
      const text = await res.clone().text();
      await conformance.check(init.method, new URL(url).pathname, res.status, text ? JSON.parse(text) : undefined);
      return res;
    };
    const client = new HubClient({ apiBase: s.url, hubId, userId: user, token, authScheme: 'Bearer', profile: 'reference', retries: 0, fetch: checked });
    const page = await client.listIntegrations({ deployed: true });
    const summary = page.integrations.find((i) => i.name === 'Airtable');
    const full = await client.getIntegration(summary.id);
    const [tpl] = full.connectionTemplates;
    const conn = await client.createConnection({ templateId: tpl.id, apiKey: 'pat-client-1', name: 'Airtable (client)' });
    assert.equal(conn.status, 'active');
    const mine = await client.listConnections({ hubConnectorId: tpl.connectorId });
    assert.ok(mine.connections.some((c) => c.id === conn.id));
    const act = await client.createActivation({ integrationId: full.id, connections: [{ templateId: tpl.id, connectionId: conn.id }], dynamicVariables: {} });
    assert.equal(act.integration.id, full.id);
    const acts = await client.listActivations();
    assert.ok(acts.activations.some((a) => a.id === act.id));
    assert.equal((await client.getActivation(act.id)).id, act.id);
    await client.deleteActivation(act.id);
    assert.ok(!(await client.listActivations()).activations.some((a) => a.id === act.id));
  });

  test('no answer in this file broke the OpenAPI outside the listed differences', () => {
    assert.ok(conformance.seen.get('GetEmbeddedIntegration') >= 2);
    assert.ok(conformance.seen.get('InitialiseOAuth2EmbeddedConnection') >= 4);
    assert.ok(conformance.seen.get('ListEndUserConnections') >= 3);
    assert.deepEqual(conformance.summary(), []);
  });
});
