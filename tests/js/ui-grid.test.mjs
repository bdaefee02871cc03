// ui-grid.test.mjs — the grid's page, query and cursor state (web/src/ui/grid.mjs GridState)
// and the user's states (ui/states.mjs) against an in-memory client.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GridState } from '../../web/src/ui/grid.mjs';
import { UserStates } from '../../web/src/ui/states.mjs';
import { FakeClient, integrationsNamed } from './ui-fake.mjs';
import { loadHub } from './helpers.mjs';

const names = (page) => page.integrations.map((i) => i.name);

test('pages follow the API cursors forward and back; the offset tracks the first tile', async () => {
  const client = new FakeClient({ integrations: integrationsNamed(12) });
  const grid = new GridState();
  grid.page = await grid.fetchPage(client, 5);
  assert.deepEqual(names(grid.page), ['App 1', 'App 2', 'App 3', 'App 4', 'App 5']);
  assert.equal(grid.offset, 0);
  grid.turn(1);
  grid.page = await grid.fetchPage(client, 5);
  assert.deepEqual(names(grid.page), ['App 6', 'App 7', 'App 8', 'App 9', 'App 10']);
  assert.equal(grid.offset, 5);
  assert.deepEqual(client.calls.at(-1), ['listIntegrations', { deployed: undefined, first: 5, after: '5', before: undefined, q: undefined }]);
  grid.turn(1);
  grid.page = await grid.fetchPage(client, 5);
  assert.deepEqual(names(grid.page), ['App 11', 'App 12']);
  assert.equal(grid.offset, 10);
  grid.turn(-1);
  grid.page = await grid.fetchPage(client, 5);
  assert.deepEqual(names(grid.page), ['App 6', 'App 7', 'App 8', 'App 9', 'App 10']);
  assert.equal(grid.offset, 5);
  assert.deepEqual(client.calls.at(-1)[1].before, '10');
});

test('a new filter or query starts again at the first page; the same query changes nothing', async () => {
  const client = new FakeClient({ integrations: integrationsNamed(8, 'App', (k) => ({ isDeployed: k % 2 === 0 })) });
  const grid = new GridState();
  grid.page = await grid.fetchPage(client, 3);
  grid.turn(1);
  grid.setDeployed(false);
  assert.deepEqual(grid.cursor, {});
  assert.equal(grid.offset, 0);
  grid.page = await grid.fetchPage(client, 3);
  assert.deepEqual(names(grid.page), ['App 2', 'App 4', 'App 6']);
  assert.equal(grid.setQuery('app'), true);
  assert.equal(grid.setQuery('app'), false);
  grid.reset();
  assert.equal(grid.query, '');
});

test('a search goes to the hub as q, and its pages follow the hub’s cursors', async () => {
  const list = integrationsNamed(30, 'Tool', (k) => ({ description: k % 3 === 0 ? 'Syncs your CRM' : 'Other' }));
  const client = new FakeClient({ integrations: list });
  const grid = new GridState();
  grid.setQuery('crm');
  grid.page = await grid.fetchPage(client, 4);
  assert.equal(grid.page.totalCount, 10);
  assert.deepEqual(names(grid.page), ['Tool 1', 'Tool 4', 'Tool 7', 'Tool 10']);
  assert.deepEqual(client.calls.at(-1), ['listIntegrations', { deployed: undefined, first: 4, after: undefined, before: undefined, q: 'crm' }]);
  grid.turn(1);
  grid.page = await grid.fetchPage(client, 4);
  assert.deepEqual(names(grid.page), ['Tool 13', 'Tool 16', 'Tool 19', 'Tool 22']);
  assert.deepEqual(client.calls.at(-1)[1], { deployed: undefined, first: 4, after: '4', before: undefined, q: 'crm' }, 'the hub’s cursor, with the same q');
  assert.equal(grid.offset, 4);
  assert.equal(client.calls.length, 2, 'one request per page: nothing is fetched to search locally');
  grid.setQuery('no such tool');
  grid.page = await grid.fetchPage(client, 4);
  assert.equal(grid.page.totalCount, 0);
  assert.deepEqual(grid.page.integrations, []);
  grid.setQuery('');
  await grid.fetchPage(client, 4);
  assert.equal(client.calls.at(-1)[1].q, undefined, 'no q without a query');
});

test('user states: every page of activations, bound connections, and the core’s tile state', async () => {
  const hub = await loadHub();
  const connections = [{ id: 'c1', status: 'needs_reauth', last_error: 'token revoked' }, { id: 'c2', status: 'active' }];
  const activations = Array.from({ length: 120 }, (_, k) => ({ id: `a${k}`, integration: { id: `i${k}` }, connections: [] }));
  activations[0].connections = [{ templateId: 't1', connectionId: 'c1' }, { templateId: 't2', connectionId: 'gone' }];
  activations[1].connections = [{ templateId: 't1', connectionId: 'c2' }];
  const states = new UserStates();
  assert.equal(states.stateOf(hub, { id: 'i0', isDeployed: true, isActivated: true }), null, 'no state before the load');
  await states.fetch(new FakeClient({ connections, activations }));
  assert.equal(states.acts.size, 120);
  assert.deepEqual(states.bound('i0').map((c) => c.id), ['c1']);
  assert.deepEqual(states.bound('nope'), []);
  assert.deepEqual(states.stateOf(hub, { id: 'i0', isDeployed: true, isActivated: true }), hub.tileState({ integration: { isDeployed: true, isActivated: true }, connections: [connections[0]] }));
  assert.equal(states.stateOf(hub, { id: 'i0', isDeployed: true, isActivated: true }).state, 'needs_reauth');
  assert.equal(states.stateOf(hub, { id: 'i1', isDeployed: true, isActivated: true }).state, 'connected');
  assert.equal(states.stateOf(null, { id: 'i1' }), null, 'no state without the core');
});
