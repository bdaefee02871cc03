// ui-flows.test.mjs — the logic of the embed's dialog flows (web/src/ui/activate.mjs,
// connect.mjs, manage.mjs) against an in-memory client: which account is pre-selected, what
// is posted, how a sign-in is awaited and resumed, what a broken connection offers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountOptions, activationBody, firstStep, initialPicks } from '../../web/src/ui/activate.mjs';
import { RESUME, connectWithKey, saveResume, startSignIn, takeResume, waitForConnection } from '../../web/src/ui/connect.mjs';
import { deactivate, fixFor } from '../../web/src/ui/manage.mjs';
import { savedSettings, settingsBody } from '../../web/src/ui/settings.mjs';
import { UserStates } from '../../web/src/ui/states.mjs';
import { FakeClient } from './ui-fake.mjs';
import { fixture, loadHub, readJson } from './helpers.mjs';

const tplA = { id: 'tA', connectorId: 'crm', name: 'CRM', authenticationMethod: 'api_key' };
const tplB = { id: 'tB', connectorId: 'mail', name: 'Mail', authenticationMethod: 'oauth2' };
const conn = (id, connector, status = 'active', extra = {}) => ({ id, environment_integration_id: connector, status, created_at: '2026-01-01T00:00:00Z', ...extra });

test('activate: the core says which accounts may serve each template; a single one is pre-selected', async () => {
  const hub = await loadHub();
  // The core's own fixture: an active, a sandbox (the template writes), a needs_reauth and
  // another user's Salesforce account; two Slack accounts, one still connecting.
  const { input } = readJson(fixture('domain/binding.json')).cases[0];
  const conns = new Map(input.connections.filter((c) => c.tenant_id === 'u-1').map((c) => [c.id, c]));
  const options = accountOptions(hub, input.integration, conns);
  assert.deepEqual([...options].map(([tpl, o]) => [tpl, o.accounts.map((c) => c.id), o.sandbox]), [
    ['t-sf', ['11111111-1111-4111-8111-111111111111'], true],
    ['t-sl', ['44444444-4444-4444-8444-444444444444'], false],
  ]);
  const templates = input.integration.connectionTemplates;
  const picks = initialPicks(templates, options);
  assert.deepEqual([...picks], [['t-sf', '11111111-1111-4111-8111-111111111111'], ['t-sl', '44444444-4444-4444-8444-444444444444']]);
  assert.notEqual(picks.get('t-sf'), '22222222-2222-4222-8222-222222222222', 'never the sandbox account the activation would refuse');
  // Two eligible accounts: the user chooses; after a same-window sign-in the new one is chosen.
  const two = new Map([['t-sf', { accounts: [conns.get('11111111-1111-4111-8111-111111111111'), { id: 'new' }] }], ['t-sl', { accounts: [] }]]);
  assert.deepEqual([...initialPicks(templates, two)], []);
  const resumed = initialPicks(templates, two, 'new');
  assert.deepEqual([...resumed], [['t-sf', 'new']]);
  assert.equal(firstStep(templates, resumed, 'new', 3), 1, 'the first step still open');
  assert.equal(firstStep(templates, picks, 'new', 3), 2, 'all chosen: the last step');
  assert.equal(firstStep(templates, picks, undefined, 3), 0);
});

test('activate: the body binds every template and carries the settings only when there is a schema', () => {
  const picks = new Map([['tA', 'c1'], ['tB', 'c3']]);
  assert.deepEqual(activationBody({ id: 'i1', variablesSchema: { type: 'object' } }, [tplA, tplB], picks, { a: 1 }), {
    integrationId: 'i1', connections: [{ templateId: 'tA', connectionId: 'c1' }, { templateId: 'tB', connectionId: 'c3' }], dynamicVariables: { a: 1 },
  });
  assert.deepEqual(activationBody({ id: 'i1', variablesSchema: { type: 'object' } }, [], picks, undefined).dynamicVariables, {});
  assert.equal('dynamicVariables' in activationBody({ id: 'i1' }, [tplA], picks, { a: 1 }), false);
});

test('connect: a key creates a connection; reconnecting keeps the same id', async () => {
  const client = new FakeClient({ connections: [conn('c9', 'crm', 'needs_reauth')], connect: (body) => ({ status: body.apiKey?.startsWith('bad') ? 'validation_error' : 'active' }) });
  const made = await connectWithKey(client, tplA, null, 'good-key');
  assert.equal(made.status, 'active');
  assert.deepEqual(client.calls.at(-1), ['createConnection', { templateId: 'tA', apiKey: 'good-key' }]);
  const again = await connectWithKey(client, tplA, { id: 'c9' }, 'bad-key');
  assert.equal(again.id, 'c9');
  assert.equal(again.status, 'validation_error');
  const fixed = await connectWithKey(client, tplA, { id: 'c9' }, 'new-key');
  assert.deepEqual([fixed.id, fixed.status], ['c9', 'active']);
  assert.deepEqual(client.calls.at(-1), ['reauthorizeConnection', { id: 'c9', apiKey: 'new-key' }]);
  await startSignIn(client, tplB, { id: 'c9' });
  assert.deepEqual(client.calls.at(-1), ['reauthorizeConnection', { id: 'c9' }]);
  await startSignIn(client, tplB, null);
  assert.deepEqual(client.calls.at(-1), ['createConnection', { templateId: 'tB' }]);
});

const message = (origin, data) => Object.assign(new Event('message'), { origin, data });

test('connect: a sign-in is awaited on the callback’s message from the hub’s origin only', async () => {
  const client = new FakeClient({ connections: [conn('c1', 'mail', 'connecting')] });
  const target = new EventTarget();
  const ctl = new AbortController();
  const popup = { closed: false };
  const done = waitForConnection(client, 'c1', { popup, signal: ctl.signal, origin: 'https://hub.test', target, interval: 60_000 });
  client.connections[0].status = 'active';
  target.dispatchEvent(message('https://evil.test', { type: 'embedhub:connection', connectionId: 'c1' }));
  target.dispatchEvent(message('https://hub.test', { type: 'embedhub:connection', connectionId: 'other' }));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(client.calls.filter(([n]) => n === 'getConnection').length, 0, 'foreign messages prompt no check');
  target.dispatchEvent(message('https://hub.test', { type: 'embedhub:connection', connectionId: 'c1', status: 'active' }));
  assert.equal((await done).status, 'active');
});

test('connect: a closed popup ends the wait with the connection as it is; abort rejects', async () => {
  const client = new FakeClient({ connections: [conn('c1', 'mail', 'connecting')] });
  const popup = { closed: true };
  const c = await waitForConnection(client, 'c1', { popup, signal: new AbortController().signal, origin: 'x', target: new EventTarget(), interval: 5 });
  assert.equal(c.status, 'connecting');
  const ctl = new AbortController();
  const waiting = waitForConnection(client, 'c1', { popup: { closed: false }, signal: ctl.signal, origin: 'x', target: new EventTarget(), interval: 5 });
  ctl.abort(new Error('dialog closed'));
  await assert.rejects(waiting, /dialog closed/);
});

test('connect: the same-window sign-in is resumed once, for the same hub and user only', () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v), removeItem: (k) => store.delete(k) };
  assert.equal(saveResume(storage, { hub: 'h', user: 'u', integration: 'i1', connection: 'c1' }), true);
  assert.equal(takeResume(storage, 'h', 'someone else'), null);
  assert.ok(store.has(RESUME), 'another user’s embed leaves it');
  assert.deepEqual(takeResume(storage, 'h', 'u'), { hub: 'h', user: 'u', integration: 'i1', connection: 'c1' });
  assert.equal(takeResume(storage, 'h', 'u'), null, 'only once');
  const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
  assert.equal(saveResume(broken, {}), false);
  assert.equal(takeResume(broken, 'h', 'u'), null);
});

test('manage: what each connection status offers is the core’s table (actionFor); disconnecting deletes the activation', async () => {
  const hub = await loadHub();
  assert.deepEqual(['active', 'connecting', 'needs_reauth', 'validation_error', 'post_install_error', undefined].map((s) => fixFor(hub, s)),
    [null, null, 'reconnect', 'retry', 'retry', null]);
  const client = new FakeClient({ activations: [{ id: 'a1' }, { id: 'a2' }] });
  await deactivate(client, { id: 'a1' });
  assert.deepEqual(client.activationList.map((a) => a.id), ['a2']);
});

test('settings: the saved record is the hub’s when it sends one, else the core’s with secrets masked', async () => {
  const hub = await loadHub();
  const schema = { type: 'object', properties: { region: { enum: ['eu', 'us'], default: 'eu' }, token: { type: 'string', writeOnly: true } } };
  const fromHub = [{ configkey: 'region', configvalue: 'us' }];
  assert.equal(savedSettings(hub, schema, { integrationSettings: fromHub }), fromHub);
  const built = savedSettings(hub, schema, { dynamicVariables: { region: 'us', token: 'tok-secret' } });
  assert.deepEqual(built.map((e) => [e.configkey, e.configvalue]), [['region', 'us'], ['token', '********']]);
  assert.equal(JSON.stringify(built).includes('tok-secret'), false);
  assert.deepEqual(settingsBody({ region: 'eu' }), { dynamicVariables: { region: 'eu' } });
});

test('accounts: which ones activations use, and forgetting a removed one', async () => {
  const states = new UserStates();
  await states.fetch(new FakeClient({
    connections: [{ id: 'c1', status: 'active' }, { id: 'c2', status: 'active' }, { id: 'c3', status: 'active' }],
    activations: [{ id: 'a1', integration: { id: 'i1' }, connections: [{ templateId: 't', connectionId: 'c1' }] }, { id: 'a2', integration: { id: 'i2' }, connections: [{ templateId: 't', connectionId: 'c3' }] }],
  }));
  assert.deepEqual([...states.used()].sort(), ['c1', 'c3']);
  states.forget('c2');
  assert.deepEqual([...states.conns.keys()], ['c1', 'c3']);
  states.remember({ id: 'c4', status: 'connecting', authorizeUrl: 'https://idp.test/authorize?state=s' });
  assert.deepEqual(states.conns.get('c4'), { id: 'c4', status: 'connecting' }, 'the one-time sign-in URL is not kept');
});
