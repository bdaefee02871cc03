// activations.test.mjs — POST /activations, GET/DELETE /activations/{id}, the activations list:
// the seed-002 Activation, the stored UserIntegrationMap, duplicates (409), concurrent
// activations (exactly one wins), and isolation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { errorBody, loadHub, startServer } from './helpers.mjs';
import { authorize } from './support/idp.mjs';

const hub = await loadHub();

let s, hubId, alice, bob, integrations;
before(async () => {
  s = await startServer();
  hubId = s.hubs['Acme CRM'].id;
  alice = await s.tokenFor('Acme CRM', 'alice@acme.test');
  bob = await s.tokenFor('Acme CRM', 'bob@acme.test');
  const all = (await s.get(`/embed/${hubId}/users/alice@acme.test/integrations?first=100`, { token: alice.token })).body.integrations;
  integrations = {};
  for (const it of all) integrations[it.name] = (await s.get(`/embed/${hubId}/users/alice@acme.test/integrations/${it.id}`, { token: alice.token })).body;
});
after(() => s.close());

/** An active connection of `who` for each template of `name`: the bindings of an ActivationCreate. */
async function bind(name, who = alice) {
  const user = who.user.externalId;
  const out = [];
  for (const t of integrations[name].connectionTemplates) {
    const path = `/hubs/${hubId}/users/${encodeURIComponent(user)}/connections`;
    let c = (await s.post(path, { token: who.token, body: t.authenticationMethod === 'api_key' ? { templateId: t.id, apiKey: 'live-key' } : { templateId: t.id } })).body;
    if (c.authorizeUrl) {
      // The demo's authorization server: sign in, consent, then the hub's callback.
      await fetch(await authorize(c.authorizeUrl));
      c = (await s.get(`${path}/${c.id}`, { token: who.token })).body;
    }
    assert.equal(c.status, 'active');
    out.push({ templateId: t.id, connectionId: c.id });
  }
  return out;
}

const VARIABLES = {
  Zendesk: { subdomain: 'acme', escalation: { email: 'lead@acme.test', afterHours: 4 } },
  Freshdesk: { subdomain: 'acme-support' },
  Stripe: { currency: 'GBP', salesAccount: '4100', webhookSecret: 'whsec_0123456789abcdef' },
  Linear: undefined,
  Pipedrive: { direction: 'one-way', objects: ['contacts'], owner: { email: 'sales@acme.test' } },
};

async function activate(name, who = alice, extra = {}) {
  const body = { userId: who.user.externalId, integrationId: integrations[name].id, connections: await bind(name, who) };
  if (VARIABLES[name]) body.dynamicVariables = VARIABLES[name];
  return s.post('/activations', { token: who.token, body: { ...body, ...extra } });
}

test('POST /activations answers the seed-002 Activation', async () => {
  const r = await activate('Zendesk');
  assert.equal(r.status, 200, r.text);
  const a = r.body;
  assert.match(a.id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
  assert.equal(a.hubId, hubId);
  assert.deepEqual(Object.keys(a.user).sort(), ['createdAt', 'displayName', 'externalId', 'hubId', 'id', 'primaryConnection', 'updatedAt']);
  assert.equal(a.user.id, alice.user.id);
  assert.equal(a.user.externalId, 'alice@acme.test');
  assert.equal(a.user.primaryConnection.status, 'active');
  const { variablesSchema, connectionTemplates, ...summary } = integrations.Zendesk;
  assert.ok(variablesSchema && connectionTemplates);
  assert.deepEqual(a.integration, { ...summary, isActivated: true });
  assert.equal(a.connections.length, 1);
  assert.deepEqual((await s.get(`/activations/${a.id}`, { token: alice.token })).body, a);
});

test('the activation is stored as a UserIntegrationMap with integrationSettings from the settings form', async () => {
  const r = await activate('Stripe');
  assert.equal(r.status, 200, r.text);
  const m = (await s.admin('GET', `/admin/activations/${r.body.id}`)).body;
  assert.deepEqual(Object.keys(m).sort(), ['application_id', 'created_at', 'id', 'integrationSettings', 'modified_at', 'name', 'orgId',
    'packageId', 'siteId', 'standardItem_id', 'userId']);
  assert.equal(m.standardItem_id, integrations.Stripe.id);
  assert.equal(m.userId, alice.user.id);
  assert.equal(m.siteId, hubId);
  assert.equal(m.orgId, s.hubs['Acme CRM'].orgId);
  assert.equal(m.packageId, integrations.Stripe.connectionTemplates[0].connectorId);
  const form = hub.formFor(integrations.Stripe.variablesSchema);
  assert.deepEqual(m.integrationSettings.map((e) => e.configkey), form.fields.map((f) => f.configkey));
  for (const e of m.integrationSettings) {
    assert.deepEqual(Object.keys(e).sort(), ['alignment', 'configkey', 'configtype', 'configvalue', 'dependencyaction', 'group']);
  }
  const value = (key) => m.integrationSettings.find((e) => e.configkey.endsWith(key)).configvalue;
  assert.equal(value('currency'), 'GBP');
  assert.equal(value('salesAccount'), '4100');
  assert.equal(value('taxInclusive'), true, 'the default, not submitted');
  assert.equal(value('webhookSecret'), '********', 'secrets are never read back');
});

test('isActivated, totalConnected and the activations list follow activations', async () => {
  const before = (await s.get(`/embed/${hubId}/users/alice@acme.test/integrations?first=100`, { token: alice.token })).body;
  assert.equal((await activate('Linear')).status, 200);
  const after = (await s.get(`/embed/${hubId}/users/alice@acme.test/integrations?first=100`, { token: alice.token })).body;
  assert.equal(after.totalConnected, before.totalConnected + 1);
  assert.equal(after.integrations.find((i) => i.name === 'Linear').isActivated, true);
  const bobs = (await s.get(`/embed/${hubId}/users/bob@acme.test/integrations?first=100`, { token: bob.token })).body;
  assert.equal(bobs.integrations.find((i) => i.name === 'Linear').isActivated, false, 'per user');

  const list = (await s.get(`/embed/${hubId}/users/alice@acme.test/activations`, { token: alice.token })).body;
  assert.equal(list.totalCount, list.activations.length);
  assert.ok(list.totalCount >= 3);
  const names = list.activations.map((a) => a.integration.name);
  assert.deepEqual(names, [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
  const only = (await s.get(`/embed/${hubId}/users/alice@acme.test/activations?integration_id=${integrations.Linear.id}`, { token: alice.token })).body;
  assert.equal(only.totalCount, 1);
  assert.equal(only.activations[0].integration.name, 'Linear');
});

test('the activations list pages both ways with cursors', async () => {
  const path = `/embed/${hubId}/users/alice@acme.test/activations`;
  const all = (await s.get(`${path}?first=100`, { token: alice.token })).body.activations.map((a) => a.id);
  assert.ok(all.length >= 3);
  const seen = [];
  let r = (await s.get(`${path}?first=1`, { token: alice.token })).body;
  assert.equal(r.prev, undefined);
  seen.push(...r.activations.map((a) => a.id));
  while (r.next) {
    r = (await s.get(`${path}?first=1&after=${encodeURIComponent(r.next)}`, { token: alice.token })).body;
    seen.push(...r.activations.map((a) => a.id));
  }
  assert.deepEqual(seen, all);
  const back = (await s.get(`${path}?first=2&before=${encodeURIComponent(r.prev)}`, { token: alice.token })).body;
  assert.deepEqual(back.activations.map((a) => a.id), all.slice(-3, -1));
  const foreign = await s.get(`/embed/${hubId}/users/bob@acme.test/activations?after=${encodeURIComponent(back.next)}`, { token: bob.token });
  assert.equal(foreign.status, 400);
  assert.equal(errorBody(foreign).code, 'cursor_mismatch');
  for (const q of ['?integration_id=nope', '?first=0', '?sort=name', `?after=${encodeURIComponent(back.next)}x`]) {
    assert.equal((await s.get(`${path}${q}`, { token: alice.token })).status, 400, q);
  }
});

test('activating twice is a 409', async () => {
  const first = await activate('Freshdesk');
  assert.equal(first.status, 200, first.text);
  const again = await activate('Freshdesk');
  assert.equal(again.status, 409);
  assert.ok(errorBody(again).code);
});

test('concurrent activations of one integration by one user: exactly one wins', async () => {
  const connections = await bind('Pipedrive');
  const body = { userId: 'alice@acme.test', integrationId: integrations.Pipedrive.id, connections, dynamicVariables: VARIABLES.Pipedrive };
  const results = await Promise.all(Array.from({ length: 24 }, () => s.post('/activations', { token: alice.token, body })));
  const statuses = results.map((r) => r.status).sort();
  assert.equal(statuses.filter((x) => x === 200).length, 1, statuses.join(' '));
  assert.equal(statuses.filter((x) => x === 409).length, 23, statuses.join(' '));
  const list = (await s.get(`/embed/${hubId}/users/alice@acme.test/activations?integration_id=${integrations.Pipedrive.id}`, { token: alice.token })).body;
  assert.equal(list.totalCount, 1);
});

test('DELETE removes an activation; it can then be activated again', async () => {
  const a = (await activate('Jira')).body;
  assert.equal((await s.del(`/activations/${a.id}`, { token: bob.token })).status, 404, 'not bob\'s');
  const del = await s.del(`/activations/${a.id}`, { token: alice.token });
  assert.equal(del.status, 204);
  assert.equal(del.text, '');
  assert.equal((await s.get(`/activations/${a.id}`, { token: alice.token })).status, 404);
  assert.equal((await s.del(`/activations/${a.id}`, { token: alice.token })).status, 404);
  const listed = (await s.get(`/embed/${hubId}/users/alice@acme.test/integrations?first=100`, { token: alice.token })).body;
  assert.equal(listed.integrations.find((i) => i.name === 'Jira').isActivated, false);
  assert.equal((await activate('Jira')).status, 200);
});

test('nobody reads, deletes or makes another user\'s activations', async () => {
  const a = (await s.get(`/embed/${hubId}/users/alice@acme.test/activations?first=1`, { token: alice.token })).body.activations[0];
  assert.equal((await s.get(`/activations/${a.id}`, { token: bob.token })).status, 404);
  const carol = await s.tokenFor('Globex Portal', 'carol');
  assert.equal((await s.get(`/activations/${a.id}`, { token: carol.token })).status, 404);
  assert.equal((await s.get(`/embed/${hubId}/users/alice@acme.test/activations`, { token: bob.token })).status, 404);
  // Bob activating for Alice.
  const forAlice = await s.post('/activations', { token: bob.token, body: { userId: 'alice@acme.test', integrationId: integrations.Asana.id, connections: [] } });
  assert.equal(forAlice.status, 404);
  // Bob binding one of Alice's connections: to Bob it does not exist.
  const [binding] = await bind('Airtable');
  const stolen = await s.post('/activations', { token: bob.token, body: { userId: 'bob@acme.test', integrationId: integrations.Airtable.id, connections: [binding] } });
  assert.equal(stolen.status, 400);
  assert.ok(errorBody(stolen).fields.some((f) => f.field.startsWith('connections[0]')), stolen.text);
  // Internal ids work for one's own.
  const internal = await activate('Asana', alice, { userId: alice.user.id, userIdType: 'internal' });
  assert.equal(internal.status, 200, internal.text);
});
