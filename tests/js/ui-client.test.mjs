// ui-client.test.mjs — the HubClient calls the embed's new flows use: search with q, editing an
// activation's settings, deleting an unused connection, the same-window return URL; and that
// the reference profile refuses the operations its API lacks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HubClient } from '../../web/src/client.mjs';

function recording(answer = () => ({ status: 200, body: {} })) {
  const sent = [];
  const fetch = async (url, init) => {
    sent.push({ method: init.method, url: new URL(url), body: init.body === undefined ? undefined : JSON.parse(init.body) });
    const { status, body } = answer(sent.at(-1));
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { sent, fetch };
}

const clientWith = (fetch, extra) => new HubClient({ apiBase: 'https://hub.test/', hubId: 'h 1', userId: 'u@x', token: 't', fetch, retries: 0, ...extra });

test('listIntegrations sends q only when there is one', async () => {
  const { sent, fetch } = recording(() => ({ status: 200, body: { totalCount: 0, integrations: [] } }));
  const client = clientWith(fetch);
  await client.listIntegrations({ q: 'Crm é', first: 5, after: 'c1' });
  assert.equal(sent[0].url.pathname, '/embed/h%201/users/u%40x/integrations');
  assert.equal(sent[0].url.searchParams.get('q'), 'Crm é');
  assert.equal(sent[0].url.searchParams.get('after'), 'c1');
  await client.listIntegrations({ q: '' });
  assert.equal(sent[1].url.searchParams.has('q'), false);
});

test('updateActivation PATCHes the settings; its 400 carries the fields', async () => {
  const { sent, fetch } = recording((r) => (r.body.dynamicVariables.n > 3
    ? { status: 400, body: { code: 'activation_invalid', message: 'invalid', fields: [{ field: 'dynamicVariables.n', message: 'must be <= 3' }] } }
    : { status: 200, body: { id: 'a1', dynamicVariables: r.body.dynamicVariables } }));
  const client = clientWith(fetch);
  const updated = await client.updateActivation('a/1', { dynamicVariables: { n: 2 } });
  assert.deepEqual([sent[0].method, sent[0].url.pathname], ['PATCH', '/activations/a%2F1']);
  assert.deepEqual(updated.dynamicVariables, { n: 2 });
  await assert.rejects(client.updateActivation('a1', { dynamicVariables: { n: 9 } }), (e) => e.status === 400 && e.fields[0].field === 'dynamicVariables.n');
});

test('deleteConnection DELETEs the user’s connection; in use it is a 409 with the activations', async () => {
  const { sent, fetch } = recording((r) => (r.url.pathname.endsWith('/busy')
    ? { status: 409, body: { code: 'connection_in_use', message: 'in use', details: { activations: ['a1'] } } }
    : { status: 204 }));
  const client = clientWith(fetch);
  assert.equal(await client.deleteConnection('c1'), undefined);
  assert.deepEqual([sent[0].method, sent[0].url.pathname, sent[0].url.searchParams.get('identifier_type')], ['DELETE', '/hubs/h%201/users/u%40x/connections/c1', 'external']);
  await assert.rejects(client.deleteConnection('busy'), (e) => e.code === 'connection_in_use' && e.details.activations[0] === 'a1');
});

test('a same-window sign-in names its return URL; the reference profile lacks the new operations', async () => {
  const { sent, fetch } = recording(() => ({ status: 201, body: { id: 'c1', status: 'connecting', authorizeUrl: 'https://idp.test/a' } }));
  const client = clientWith(fetch);
  await client.createConnection({ templateId: 't1', returnUrl: 'https://app.test/page#x' });
  assert.deepEqual(sent[0].body, { templateId: 't1', returnUrl: 'https://app.test/page#x' });
  await client.reauthorizeConnection('c1', { returnUrl: 'https://app.test/page' });
  assert.deepEqual(sent[1].body, { returnUrl: 'https://app.test/page' });
  const reference = clientWith(fetch, { profile: 'reference' });
  assert.equal(reference.supports('updateActivation'), false);
  assert.equal(reference.supports('deleteConnection'), false);
  assert.equal(client.supports('updateActivation'), true);
  await assert.rejects(reference.deleteConnection('c1'), (e) => e.code === 'not_supported');
  assert.equal(sent.length, 2, 'nothing sent for an unsupported operation');
});
