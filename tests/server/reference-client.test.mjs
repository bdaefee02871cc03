// reference-client.test.mjs — HubClient (profile 'reference', Bearer) against a stub that follows
// the reference API's OpenAPI exactly: list → activate → manage → deactivate, with every request
// and answer checked against the OpenAPI by the stub.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HubApiError, HubClient } from '../../web/src/client.mjs';
import { load as loadCore } from '../../web/src/node.mjs';
import { UNKNOWN_CONNECTOR, uuidOfUlid } from '../../web/src/reference.mjs';
import { startReferenceStub } from '../support/reference-stub.mjs';

describe('HubClient against an OpenAPI-exact reference server', () => {
  let stub, client;
  const byName = (name) => stub.integrations.find((i) => i.name === name);
  const client_ = (extra = {}) => new HubClient({ apiBase: stub.url, hubId: stub.hubId, userId: stub.user.externalId, token: stub.token, ...extra });

  before(async () => {
    stub = await startReferenceStub({ authScheme: 'Bearer' });
    client = client_({ authScheme: 'Bearer', profile: 'reference', retries: 0 });
  });
  after(() => stub?.close());

  test('the stub refuses what the OpenAPI does not declare, and the JWT scheme when it wants Bearer', async () => {
    const jwt = client_({ retries: 0 });
    await assert.rejects(jwt.listIntegrations(), (e) => e instanceof HubApiError && e.status === 401);
    const embedhub = client_({ authScheme: 'Bearer', retries: 0 });
    // Our own profile sends identifier_type on the activations list, which ListEndUserActivations lacks…
    await assert.rejects(embedhub.listActivations(), (e) => e.status === 400 && e.code === 'query_invalid' && e.fields[0].field === 'identifier_type');
    // …and our ConnectionCreate body, which CreateEndUserConnection does not take.
    const acme = byName('Acme CRM');
    await assert.rejects(embedhub.createConnection({ templateId: acme.templates[0].id, apiKey: 'k' }), (e) => e.status === 400 && e.code === 'body_invalid');
    // …and paths it does not have.
    await assert.rejects(embedhub.getConnection('01JBZ7Q0A80000000000000001'), (e) => e.status === 404 && /has no GET/.test(e.message));
    assert.deepEqual(stub.violations, []);
  });

  test('list: integrations (one page: the OpenAPI gives this list no paging), templates read from authSchemeConfig', async () => {
    const page = await client.listIntegrations({ deployed: true, first: 1 });
    assert.deepEqual(stub.requests.at(-1).query, { identifier_type: 'external', deployed: 'true' });
    assert.equal(page.totalCount, 2);
    assert.equal(page.integrations.length, 2);
    const all = [];
    for await (const i of client.integrations({ deployed: true, first: 1 })) all.push(i.name);
    assert.deepEqual(all, ['Acme CRM', 'Globex Mail']);
    // Activations and connections do page, with first/after.
    assert.equal((await client.listConnections({ first: 1 })).connections.length, 1);
    const acme = await client.getIntegration(byName('Acme CRM').id);
    assert.equal(acme.connectionTemplates[0].authenticationMethod, 'api_key');
    assert.equal(acme.connectionTemplates[0].connectorName, 'Acme');
    const globex = await client.getIntegration(byName('Globex Mail').id);
    assert.equal(globex.connectionTemplates[0].authenticationMethod, 'oauth2');
    assert.equal(stub.requests.at(-1).authorization, `Bearer ${stub.token}`);
  });

  test('activate: CreateEndUserConnection with the key, then ActivationCreate with variables', async () => {
    const acme = byName('Acme CRM');
    const tpl = acme.templates[0];
    assert.deepEqual((await client.listConnections({ hubConnectorId: tpl.connectorId })).connections, []);

    await assert.rejects(client.createConnection({ templateId: tpl.id, apiKey: 'bad-key' }), (e) => e.status === 400 && e.code === 'credentials_rejected');
    const conn = await client.createConnection({ templateId: tpl.id, apiKey: 'good-key', name: 'Acme (work)' });
    const sent = stub.requests.at(-1);
    assert.equal(sent.operationId, 'CreateEndUserConnection');
    assert.equal(sent.body.connectorId, tpl.connectorId);
    assert.deepEqual(sent.body.connection.credentials.action[0], { authSchemeConfig: tpl.authSchemeConfig, credential: { name: 'Acme (work)', type: 'string', data: { value: 'good-key' } } });
    assert.equal(conn.status, 'active');
    assert.equal(conn.environment_integration_id, tpl.connectorId);
    // A seed 003 Connection, as the core's rules take it: the server's ULID in UUID form.
    assert.match(conn.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.deepEqual([conn.tenant_id, conn.authentication_method, conn.is_sandbox], [stub.user.externalId, 'api_key', false]);
    const core = await loadCore();
    const full = await client.getIntegration(acme.id);
    assert.deepEqual(core.bindingOptions(full, [conn]).templates[0].eligible, [conn.id]);
    assert.equal(conn.name, 'Acme (work)');
    assert.equal(conn.created_at, conn.createdAt);

    // The picker's question: the user's connections for these connectors, each tagged with its own.
    const globexTpl = byName('Globex Mail').templates[0];
    const mine = await client.listConnections({ hubConnectorId: [tpl.connectorId, globexTpl.connectorId] });
    assert.deepEqual(mine.connections.map((c) => [c.id, c.environment_integration_id, c.status]), [[conn.id, tpl.connectorId, 'active']]);
    // Unfiltered, the summaries do not say their connector: the client remembers the ones it knows.
    const all = await client.listConnections();
    assert.equal(all.connections.length, 2);
    assert.equal(all.connections.find((c) => c.id === conn.id).environment_integration_id, tpl.connectorId);
    assert.equal(all.connections.find((c) => c.id !== conn.id).environment_integration_id, UNKNOWN_CONNECTOR);

    const activation = await client.createActivation({
      integrationId: acme.id, connections: [{ templateId: tpl.id, connectionId: conn.id }], dynamicVariables: { retryCount: 3, region: 'eu' },
    });
    const body = stub.requests.at(-1).body;
    // The connection goes back under the server's own id.
    assert.equal(uuidOfUlid(body.connections[0].connectionId), conn.id);
    assert.deepEqual(body, {
      userId: stub.user.externalId, integrationId: acme.id, connections: [{ templateId: tpl.id, connectionId: body.connections[0].connectionId }],
      variables: [{ name: 'retryCount', value: 3 }, { name: 'region', value: 'eu' }],
    });
    assert.equal(activation.integration.id, acme.id);
    assert.equal(activation.integration.isActivated, true);
    assert.deepEqual(activation.connections, []);
    await assert.rejects(client.createActivation({ integrationId: acme.id, connections: [{ templateId: tpl.id, connectionId: conn.id }] }), (e) => e.status === 409);
  });

  test('manage: activations without bindings; the operations the API lacks send nothing', async () => {
    const page = await client.listActivations();
    assert.equal(stub.requests.at(-1).operationId, 'ListEndUserActivations');
    assert.deepEqual(stub.requests.at(-1).query, {});
    assert.equal(page.activations.length, 1);
    assert.deepEqual(page.activations[0].connections, []);
    const [only] = page.activations;
    assert.equal((await client.getActivation(only.id)).id, only.id);
    const filtered = await client.listActivations({ integrationId: byName('Globex Mail').id });
    assert.equal(filtered.activations.length, 0);

    const sentBefore = stub.requests.length;
    for (const [method, call] of [
      ['getConnection', () => client.getConnection('01JBZ7Q0A80000000000000001')],
      ['reauthorizeConnection', () => client.reauthorizeConnection('01JBZ7Q0A80000000000000001', { apiKey: 'k' })],
      ['retryConnection', () => client.retryConnection('01JBZ7Q0A80000000000000001')],
    ]) {
      assert.equal(client.supports(method), false);
      await assert.rejects(call(), (e) => e instanceof HubApiError && e.code === 'not_supported' && e.status === 0);
    }
    assert.equal(stub.requests.length, sentBefore);
    assert.equal(client.supports('createConnection'), true);
    assert.equal(client_().supports('retryConnection'), true);
  });

  test('deactivate: DeleteActivation, and the tile is no longer activated', async () => {
    const [act] = (await client.listActivations()).activations;
    assert.equal(await client.deleteActivation(act.id), undefined);
    assert.equal((await client.listActivations()).totalCount, 0);
    const page = await client.listIntegrations({ deployed: true });
    assert.ok(page.integrations.every((i) => !i.isActivated));
    await assert.rejects(client.getActivation(act.id), (e) => e.status === 404 && e.code === 'not_found');
  });

  test('every answer the stub gave was valid against the OpenAPI', () => {
    assert.ok(stub.requests.length > 10);
    assert.deepEqual(stub.violations, []);
  });

  test('options are checked: authScheme and profile', () => {
    assert.throws(() => client_({ authScheme: 'Basic' }), /authScheme/);
    assert.throws(() => client_({ profile: 'versori' }), /profile/);
    assert.equal(client.profile, 'reference');
  });
});
