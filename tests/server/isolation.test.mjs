// isolation.test.mjs — nobody reads or changes another user's, hub's or org's data: others' ids
// are answered exactly like ids that do not exist (404), never 403.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SignJWT } from 'jose';
import { SECRET, errorBody, startServer } from './helpers.mjs';

let s, crm, helpdesk, globex, alice, bob, aliceHd, carol, aliceConn, zendeskTemplate, globexIntegration;
before(async () => {
  s = await startServer();
  crm = s.hubs['Acme CRM'].id;
  helpdesk = s.hubs['Acme Helpdesk'].id;
  globex = s.hubs['Globex Portal'].id;
  alice = await s.tokenFor('Acme CRM', 'alice@acme.test');
  bob = await s.tokenFor('Acme CRM', 'bob@acme.test');
  aliceHd = await s.tokenFor('Acme Helpdesk', 'alice@acme.test');
  carol = await s.tokenFor('Globex Portal', 'carol');
  const all = (await s.get(`/embed/${crm}/users/alice@acme.test/integrations?first=100`, { token: alice.token })).body.integrations;
  const zd = all.find((i) => i.name === 'Zendesk');
  zendeskTemplate = (await s.get(`/embed/${crm}/users/alice@acme.test/integrations/${zd.id}`, { token: alice.token })).body.connectionTemplates[0];
  aliceConn = (await s.post(`/hubs/${crm}/users/alice@acme.test/connections`, { token: alice.token, body: { templateId: zendeskTemplate.id, apiKey: 'k-1' } })).body;
  globexIntegration = (await s.get(`/embed/${globex}/users/carol/integrations?first=1`, { token: carol.token })).body.integrations[0];
});
after(() => s.close());

const notFound = (r, what) => {
  assert.equal(r.status, 404, `${what}: ${r.status} ${r.text}`);
  assert.equal(errorBody(r).code, 'not_found', what);
};

// Every end-user endpoint under a user path, for `hub` and `user` as given.
const userPaths = (hub, user) => [
  ['GET', `/embed/${hub}/users/${user}/integrations`],
  ['GET', `/embed/${hub}/users/${user}/activations`],
  ['GET', `/hubs/${hub}/users/${user}/connections`],
  ['POST', `/hubs/${hub}/users/${user}/connections`, { templateId: zendeskTemplate.id, apiKey: 'k' }],
];

test('a user cannot reach another user of the same hub', async () => {
  for (const [method, path, body] of userPaths(crm, 'alice@acme.test')) {
    notFound(await s[method === 'GET' ? 'get' : 'post'](path, { token: bob.token, body }), `bob → ${method} ${path}`);
  }
  notFound(await s.get(`/embed/${crm}/users/${alice.user.id}/integrations?identifier_type=internal`, { token: bob.token }), 'internal id');
  notFound(await s.get(`/hubs/${crm}/users/alice@acme.test/connections/${aliceConn.id}`, { token: bob.token }), 'her connection');
  notFound(await s.get(`/hubs/${crm}/users/bob@acme.test/connections/${aliceConn.id}`, { token: bob.token }), 'her connection on his path');
  for (const action of ['reauthorize', 'retry']) {
    notFound(await s.post(`/hubs/${crm}/users/bob@acme.test/connections/${aliceConn.id}/${action}`, { token: bob.token }), action);
  }
  const still = (await s.get(`/hubs/${crm}/users/alice@acme.test/connections/${aliceConn.id}`, { token: alice.token })).body;
  assert.deepEqual(still, aliceConn, 'nothing changed');
});

test('the same external id in another hub is another user, with its own data', async () => {
  assert.notEqual(aliceHd.user.id, alice.user.id);
  for (const [method, path, body] of userPaths(helpdesk, 'alice@acme.test')) {
    notFound(await s[method === 'GET' ? 'get' : 'post'](path, { token: alice.token, body }), `CRM token → ${path}`);
  }
  const hd = await s.get(`/embed/${helpdesk}/users/alice@acme.test/integrations?first=100`, { token: aliceHd.token });
  assert.equal(hd.status, 200);
  assert.equal(hd.body.totalCount, 4);
  const conns = (await s.get(`/hubs/${helpdesk}/users/alice@acme.test/connections`, { token: aliceHd.token })).body.connections;
  assert.ok(!conns.some((c) => c.id === aliceConn.id));
  // A CRM integration id, asked for inside the Helpdesk hub.
  const crmOnly = (await s.get(`/embed/${crm}/users/alice@acme.test/integrations?first=100`, { token: alice.token })).body.integrations
    .find((i) => i.name === 'HubSpot');
  notFound(await s.get(`/embed/${helpdesk}/users/alice@acme.test/integrations/${crmOnly.id}`, { token: aliceHd.token }), 'CRM integration in Helpdesk');
  // A CRM connection template, used inside the Helpdesk hub.
  notFound(await s.post(`/hubs/${helpdesk}/users/alice@acme.test/connections`, { token: aliceHd.token, body: { templateId: zendeskTemplate.id, apiKey: 'k' } }), 'CRM template');
});

test('another org is out of reach, even with a token naming the right hub', async () => {
  for (const [method, path, body] of userPaths(crm, 'alice@acme.test')) {
    notFound(await s[method === 'GET' ? 'get' : 'post'](path, { token: carol.token, body }), `carol → ${path}`);
  }
  notFound(await s.get(`/embed/${crm}/users/alice@acme.test/integrations/${globexIntegration.id}`, { token: alice.token }), 'Globex integration');
  // A correctly signed token whose org is not the hub's org.
  const exp = Math.floor(Date.now() / 1000) + 300;
  const mixed = await new SignJWT({ hub: crm, org: s.hubs['Globex Portal'].orgId }).setProtectedHeader({ alg: 'HS256' })
    .setSubject(alice.user.id).setExpirationTime(exp).sign(Buffer.from(SECRET));
  notFound(await s.get(`/embed/${crm}/users/alice@acme.test/integrations`, { token: mixed }), 'org mismatch');
  // A token for a hub that does not exist.
  const ghost = await new SignJWT({ hub: '01ARZ3NDEKTSV4RRFFQ69G5FAV', org: s.hubs['Acme CRM'].orgId }).setProtectedHeader({ alg: 'HS256' })
    .setSubject(alice.user.id).setExpirationTime(exp).sign(Buffer.from(SECRET));
  notFound(await s.get(`/embed/01ARZ3NDEKTSV4RRFFQ69G5FAV/users/alice@acme.test/integrations`, { token: ghost }), 'ghost hub');
});

test('an id that exists elsewhere reads exactly like one that exists nowhere', async () => {
  const elsewhere = await s.get(`/hubs/${crm}/users/bob@acme.test/connections/${aliceConn.id}`, { token: bob.token });
  const nowhere = await s.get(`/hubs/${crm}/users/bob@acme.test/connections/00000000-0000-4000-8000-000000000000`, { token: bob.token });
  assert.deepEqual(elsewhere.body, nowhere.body);
  const otherHub = await s.get(`/embed/${globex}/users/carol/integrations`, { token: alice.token });
  const noHub = await s.get(`/embed/01ARZ3NDEKTSV4RRFFQ69G5FAV/users/carol/integrations`, { token: alice.token });
  assert.deepEqual(otherHub.body, noHub.body);
  const otherUser = await s.get(`/embed/${crm}/users/bob@acme.test/integrations`, { token: alice.token });
  const noUser = await s.get(`/embed/${crm}/users/nobody@acme.test/integrations`, { token: alice.token });
  assert.deepEqual(otherUser.body, noUser.body);
});
