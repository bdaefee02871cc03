// activation-cache.test.mjs — validateActivation through WebAssembly with the core's cache of
// compiled variablesSchemas (src/schema_cache.c): a cached schema answers exactly as a fresh
// compile does, a repeated call leaks nothing, and many different schemas keep the heap bounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadHub } from './helpers.mjs';

const conn = (i, connector) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, tenant_id: 'u-1', environment_integration_id: connector,
  authentication_method: 'oauth2', context: {}, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
  is_sandbox: false, last_action_result: null, last_error: null, region: 'eu', status: 'active',
});
const connections = [conn(1, 'c-crm')];
const schema = (comment) => ({
  type: 'object', $comment: comment, required: ['retryCount'],
  properties: { retryCount: { type: 'integer', maximum: 10, default: 3 }, mode: { enum: ['fast', 'safe'], default: 'safe' } },
});
const integration = (vs) => ({
  id: 'int-1', name: 'ACME CRM', imageUrl: '/i.svg', description: '', isDeployed: true, isActivated: false, variablesSchema: vs,
  connectionTemplates: [{ id: 't-crm', name: 'ACME CRM', connectorId: 'c-crm', authenticationMethod: 'oauth2' }],
});
const payload = (vars) => ({ userId: 'ext-1', integrationId: 'int-1', dynamicVariables: vars, connections: [{ templateId: 't-crm', connectionId: connections[0].id }] });
const context = { user: { id: 'u-1', externalId: 'ext-1' } };

test('a cached variablesSchema answers as the first, compiled one did: valid, invalid, defaults', async () => {
  const hub = await loadHub();
  const integ = integration(schema('answers'));
  for (const vars of [{ retryCount: 4 }, { retryCount: 12, mode: 'slow' }, {}]) {
    const first = hub.validateActivation(payload(vars), integ, connections, context);
    const again = hub.validateActivation(payload(vars), integration(schema('answers')), connections, context);
    assert.deepEqual(again, first);
  }
  const ok = hub.validateActivation(payload({ retryCount: 4 }), integ, connections, context);
  assert.equal(ok.valid, true);
  assert.deepEqual(ok.normalized.dynamicVariables, { retryCount: 4, mode: 'safe' });
  const bad = hub.validateActivation(payload({ retryCount: 12, mode: 'slow' }), integ, connections, context);
  assert.equal(bad.valid, false);
  assert.deepEqual(bad.errors.map((e) => [e.code, e.field]).sort(), [['variables_invalid', 'dynamicVariables.mode'], ['variables_invalid', 'dynamicVariables.retryCount']]);
});

test('an invalid variablesSchema is never cached: each call says so', async () => {
  const hub = await loadHub();
  const broken = integration({ type: 'object', properties: { a: { type: 'nope' } } });
  for (let i = 0; i < 3; i++) {
    const r = hub.validateActivation(payload({}), broken, connections, context);
    assert.equal(r.valid, false);
    assert.equal(r.errors[0].code, 'variables_schema_invalid');
  }
});

test('the same schema again and again: the heap does not grow', async () => {
  const hub = await loadHub();
  const integ = integration(schema('same'));
  for (let i = 0; i < 10; i++) hub.validateActivation(payload({ retryCount: 1 }), integ, connections, context);
  const before = hub.heapUsed();
  for (let i = 0; i < 2000; i++) hub.validateActivation(payload({ retryCount: 1 }), integ, connections, context);
  assert.equal(hub.heapUsed(), before);
});

test('many different schemas: the cache keeps a bounded number, the heap stays flat', async () => {
  const hub = await loadHub();
  const run = (from, to) => { for (let i = from; i < to; i++) hub.validateActivation(payload({ retryCount: 1 }), integration(schema(`s${i}`)), connections, context); };
  run(0, 100);
  const before = hub.heapUsed();
  run(100, 600);
  assert.ok(hub.heapUsed() <= before + 4096, `heap ${before} -> ${hub.heapUsed()} after 500 more distinct schemas`);
});
