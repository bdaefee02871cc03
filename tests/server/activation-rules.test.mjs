// activation-rules.test.mjs — the core's activation rules as the server answers them: each
// rejected ActivationCreate is a 400 (409 when already activated) naming the offending field.
// The codes are the core's.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { errorBody, startServer } from './helpers.mjs';

let s, hubId, alice, it, conn;
before(async () => {
  s = await startServer();
  hubId = s.hubs['Acme CRM'].id;
  alice = await s.tokenFor('Acme CRM', 'alice@acme.test');
  const all = (await s.get(`/embed/${hubId}/users/alice@acme.test/integrations?first=100`, { token: alice.token })).body.integrations;
  it = {};
  for (const i of all) it[i.name] = (await s.get(`/embed/${hubId}/users/alice@acme.test/integrations/${i.id}`, { token: alice.token })).body;
  const make = async (name, apiKey, k = 0) => (await s.post(`/hubs/${hubId}/users/alice@acme.test/connections`, {
    token: alice.token, body: { templateId: it[name].connectionTemplates[k].id, apiKey },
  })).body;
  conn = {
    zendeskSandbox: (await s.post(`/hubs/${hubId}/users/alice@acme.test/connections`, {
      token: alice.token, body: { templateId: it.Zendesk.connectionTemplates[0].id, apiKey: 'zd-test', isSandbox: true },
    })).body,
    stripe: await make('Stripe', 'sk-live'),
    stripeBad: await make('Stripe', 'bad-key'),
    zendesk: await make('Zendesk', 'zd-live'),
    gitlab: await make('GitLab', 'gl-live'),
  };
});
after(() => s.close());

const STRIPE_VARS = { currency: 'EUR', salesAccount: '4000' };
const post = (body) => s.post('/activations', { token: alice.token, body });
const stripe = (extra = {}) => ({
  userId: 'alice@acme.test', integrationId: it.Stripe.id,
  connections: [{ templateId: it.Stripe.connectionTemplates[0].id, connectionId: conn.stripe.id }],
  dynamicVariables: STRIPE_VARS, ...extra,
});

/** Checks a rejection: its HTTP status, its code (one of `codes` when an array) and a field. */
function rejected(r, status, code, fieldPrefix) {
  assert.equal(r.status, status, r.text);
  const e = errorBody(r);
  if (Array.isArray(code)) assert.ok(code.includes(e.code), `${e.code} is not one of ${code}: ${r.text}`);
  else assert.equal(e.code, code, r.text);
  if (fieldPrefix) assert.ok(e.fields?.some((f) => f.field.startsWith(fieldPrefix)), `${fieldPrefix}: ${r.text}`);
  return e;
}

test('the body\'s shape: missing, mistyped and unknown members', async () => {
  // The body check and the core's ActivationCreate model both judge the shape; either may answer.
  rejected(await post({ integrationId: it.Stripe.id, connections: [] }), 400, ['body_invalid', 'payload_invalid'], 'userId');
  rejected(await post({ ...stripe(), connections: 'all' }), 400, 'payload_invalid', 'connections');
  rejected(await post({ ...stripe(), colour: 'red' }), 400, 'payload_invalid', 'colour');
  rejected(await post({ ...stripe(), userIdType: 'email' }), 400, 'payload_invalid', 'userIdType');
  rejected(await post([]), 400, ['body_invalid', 'payload_invalid']);
});

test('an integration that is not deployed cannot be activated', async () => {
  rejected(await post({
    userId: 'alice@acme.test', integrationId: it.GitLab.id,
    connections: [{ templateId: it.GitLab.connectionTemplates[0].id, connectionId: conn.gitlab.id }],
    dynamicVariables: { url: 'https://hooks.acme.test/gitlab', signingSecret: 'x'.repeat(24) },
  }), 400, 'integration_not_deployed', 'integrationId');
});

test('every template bound exactly once, to a known template', async () => {
  rejected(await post(stripe({ connections: [] })), 400, 'template_unbound', 'connections');
  const b = stripe().connections[0];
  rejected(await post(stripe({ connections: [b, b] })), 400, 'template_bound_twice', 'connections[1]');
  rejected(await post(stripe({ connections: [{ ...b, templateId: it.Zendesk.connectionTemplates[0].id }] })), 400, 'template_unknown', 'connections[0]');
  const both = it['Stripe to QuickBooks'].connectionTemplates;
  rejected(await post({
    userId: 'alice@acme.test', integrationId: it['Stripe to QuickBooks'].id,
    connections: [{ templateId: both[0].id, connectionId: conn.stripe.id }], dynamicVariables: STRIPE_VARS,
  }), 400, 'template_unbound', 'connections');
});

test('each connection is the user\'s, matches its template, and is active', async () => {
  const t = it.Stripe.connectionTemplates[0].id;
  rejected(await post(stripe({ connections: [{ templateId: t, connectionId: '00000000-0000-4000-8000-000000000000' }] })), 400,
    'connection_not_found', 'connections[0]');
  rejected(await post(stripe({ connections: [{ templateId: t, connectionId: conn.zendesk.id }] })), 400, 'connector_mismatch', 'connections[0]');
  const e = rejected(await post(stripe({ connections: [{ templateId: t, connectionId: conn.stripeBad.id }] })), 400,
    'connection_not_active', 'connections[0]');
  assert.match(e.message, /validation/, 'says which state the connection is in');
  assert.match(e.message, /retry|reconnect|fix/, 'and what the user should do');
});

test('a sandbox connection cannot serve a template the integration writes through', async () => {
  assert.equal(it.Zendesk.connectionTemplates[0].writes, true, 'the seed marks Zendesk as written to');
  assert.equal(conn.zendeskSandbox.is_sandbox, true);
  const e = rejected(await post({
    userId: 'alice@acme.test', integrationId: it.Zendesk.id,
    connections: [{ templateId: it.Zendesk.connectionTemplates[0].id, connectionId: conn.zendeskSandbox.id }],
    dynamicVariables: { subdomain: 'acme', defaultPriority: 'high' },
  }), 400, 'sandbox_write', 'connections[0]');
  assert.match(e.message, /sandbox/);
});

test('dynamicVariables are checked against the variablesSchema, with paths inside them', async () => {
  // A required member without a default (defaults would fill one in).
  rejected(await post({
    userId: 'alice@acme.test', integrationId: it.Zendesk.id,
    connections: [{ templateId: it.Zendesk.connectionTemplates[0].id, connectionId: conn.zendesk.id }],
    dynamicVariables: { defaultPriority: 'high' },
  }), 400, 'variables_invalid', 'dynamicVariables.subdomain');
  rejected(await post(stripe({ dynamicVariables: { ...STRIPE_VARS, currency: 'DOGE' } })), 400, 'variables_invalid', 'dynamicVariables.currency');
  rejected(await post(stripe({ dynamicVariables: { ...STRIPE_VARS, salesAccount: 'abc' } })), 400, 'variables_invalid',
    'dynamicVariables.salesAccount');
  // if/then: prices without tax need a tax rate.
  rejected(await post(stripe({ dynamicVariables: { ...STRIPE_VARS, taxInclusive: false } })), 400, 'variables_invalid', 'dynamicVariables.taxRate');
  rejected(await post(stripe({ dynamicVariables: { ...STRIPE_VARS, surprise: 1 } })), 400, 'variables_invalid', 'dynamicVariables.surprise');
});

test('the reference spelling `variables: [{name, value}]` is accepted; both spellings at once are not', async () => {
  const variables = Object.entries(STRIPE_VARS).map(([name, value]) => ({ name, value }));
  rejected(await post({ ...stripe(), variables }), 400, 'variables_conflict', 'variables');
  const { dynamicVariables, ...rest } = stripe();
  assert.ok(dynamicVariables);
  const r = await post({ ...rest, variables });
  assert.equal(r.status, 200, r.text);
  const m = (await s.admin('GET', `/admin/activations/${r.body.id}`)).body;
  assert.equal(m.integrationSettings.find((e) => e.configkey.endsWith('currency')).configvalue, 'EUR');
  rejected(await post(stripe()), 409, 'already_activated', 'integrationId');
});
