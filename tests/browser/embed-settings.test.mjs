// embed-settings.test.mjs — changing the settings of an active integration in <embed-hub>
// (headless Chromium, real hub server): Manage → Edit settings shows the saved values with the
// secret masked, validates live, saves through PATCH /activations/{id}, tells the host
// (settings-changed, no secret in it), and a reload shows the new values with the secret kept.
// Also the accounts of the manage side: an unused account is removed from the wizard.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TYPED_SECRETS } from './at-rest-scan.mjs';
import { activateViaApi, ARTIFACTS, embedReady, openEmbed, startEmbedEnv, stopEmbedEnv } from './browser.mjs';

let s, browser, hubId;
before(async () => ({ s, browser, hubId } = await startEmbedEnv()));
after(() => stopEmbedEnv({ s, browser }));

const SECRET = TYPED_SECRETS.webhookSecret;
const dialog = (page) => page.locator('embed-hub dialog[open]');

async function openManage(page) {
  await embedReady(page);
  await page.getByRole('searchbox').fill('Stripe');
  const manage = page.getByRole('button', { name: 'Manage Stripe' });
  await manage.waitFor();
  await manage.click();
  await dialog(page).getByRole('button', { name: 'Edit settings' }).click();
  await dialog(page).getByRole('heading', { name: 'Stripe settings' }).waitFor();
  return dialog(page);
}

test('edit the settings of an active integration, then reload: the new values are kept, the secret too', async () => {
  const user = 'settings@acme.test';
  const { token } = await s.tokenFor('Acme CRM', user);
  const act = await activateViaApi(s, hubId, user, token, 'Stripe', { dynamicVariables: { currency: 'EUR', salesAccount: '4000', webhookSecret: SECRET } });
  const { page, problems } = await openEmbed(browser, s.url, { hubId, userId: user, token });
  let d = await openManage(page);
  assert.equal(await d.getByLabel('Base currency').inputValue(), '"EUR"');
  assert.equal(await d.getByLabel('Sales account code').inputValue(), '4000');
  const secret = d.getByLabel('Webhook signing secret');
  assert.equal(await secret.inputValue(), '', 'a saved secret is never shown');
  assert.equal(await secret.getAttribute('placeholder'), 'Saved. Leave empty to keep it.');
  assert.equal(await page.content().then((html) => html.includes(SECRET)), false);

  // Live validation, as in the activation dialog; Cancel changes nothing.
  const account = d.getByLabel('Sales account code');
  await account.fill('x1');
  await account.blur();
  await d.locator('[data-key=salesAccount] .err').getByText('This doesn’t have the expected format.').waitFor();
  await d.getByRole('button', { name: 'Cancel' }).click();
  await d.locator('.conns').waitFor();
  await d.getByRole('button', { name: 'Edit settings' }).click();
  await d.getByLabel('Sales account code').waitFor();
  assert.equal(await d.getByLabel('Sales account code').inputValue(), '4000', 'Cancel saved nothing');

  await d.getByLabel('Sales account code').fill('4100');
  await d.getByLabel('Base currency').selectOption({ label: 'GBP' });
  await d.getByRole('button', { name: 'Save' }).click();
  await d.getByText('Settings saved.').waitFor();
  const changed = (await page.evaluate(() => window.embedEvents)).find((e) => e.type === 'settings-changed');
  assert.equal(changed.detail.activation.id, act.id);
  assert.equal(JSON.stringify(changed.detail).includes(SECRET), false, 'no secret reaches the host');
  await page.screenshot({ path: new URL('embed-settings-saved.png', ARTIFACTS).pathname });

  await page.reload();
  d = await openManage(page);
  assert.equal(await d.getByLabel('Base currency').inputValue(), '"GBP"');
  assert.equal(await d.getByLabel('Sales account code').inputValue(), '4100');
  const stored = await s.admin('GET', `/admin/activations/${act.id}`);
  const byKey = Object.fromEntries(stored.body.integrationSettings.map((e) => [e.configkey, e.configvalue]));
  assert.deepEqual([byKey.currency, byKey.salesAccount, byKey.webhookSecret], ['GBP', '4100', '********'], 'the secret is kept (masked here)');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('a value the hub refuses is shown at its field', async () => {
  const user = 'settings-bad@acme.test';
  const { token } = await s.tokenFor('Acme CRM', user);
  await activateViaApi(s, hubId, user, token, 'Stripe', { dynamicVariables: { currency: 'EUR', salesAccount: '4000' } });
  const { page, problems } = await openEmbed(browser, s.url, { hubId, userId: user, token });
  const d = await openManage(page);
  // The browser's check passes; the hub answers 400 with the field (simulated here by a route).
  await page.route('**/activations/*', (route) => (route.request().method() === 'PATCH'
    ? route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ code: 'activation_invalid', message: 'invalid', fields: [{ field: 'dynamicVariables.salesAccount', message: 'already used by another integration' }] }) })
    : route.continue()));
  await d.getByRole('button', { name: 'Save' }).click();
  await d.locator('[data-key=salesAccount] .err').getByText('already used by another integration').waitFor();
  assert.equal(await d.locator('.df [role=status]').textContent(), 'Please fix the highlighted fields.');
  assert.equal((await page.evaluate(() => window.embedEvents)).find((e) => e.type === 'error').detail.action, 'save');
  assert.deepEqual(problems.filter((p) => !/status of 400/.test(p)), []);
  await page.context().close();
});

test('an account no activation uses can be removed from the wizard; one in use cannot', async () => {
  const user = 'remove@acme.test';
  const { token } = await s.tokenFor('Acme CRM', user);
  const act = await activateViaApi(s, hubId, user, token, 'Stripe', { dynamicVariables: { currency: 'EUR', salesAccount: '4000' } });
  const inUse = act.connections[0].connectionId;
  const spare = await s.post(`/hubs/${hubId}/users/${user}/connections`, { token, body: { templateId: act.connections[0].templateId, apiKey: 'key-456' } });
  assert.equal(spare.body.status, 'active', spare.text);
  const { page, problems } = await openEmbed(browser, s.url, { hubId, userId: user, token });
  await embedReady(page);
  await page.getByRole('searchbox').fill('Stripe to QuickBooks');
  await page.getByRole('button', { name: 'Connect Stripe to QuickBooks' }).click();
  const d = dialog(page);
  await d.getByRole('radio', { name: /^Stripe account · added/ }).first().waitFor();
  assert.equal(await d.getByRole('radio', { name: /^Stripe account · added/ }).count(), 2);
  const remove = d.getByRole('button', { name: /^Remove the Stripe account added/ });
  assert.equal(await remove.count(), 1, 'only the unused account offers Remove');
  assert.equal(await d.locator('.account', { has: page.locator(`input[value="${spare.body.id}"]`) }).getByRole('button').count(), 1);
  await remove.click();
  await d.getByText('The Stripe account was removed.').waitFor();
  assert.equal(await d.getByRole('radio', { name: /^Stripe account · added/ }).count(), 1);
  assert.equal(await d.locator(`input[value="${inUse}"]`).count(), 1, 'the account in use stays');
  assert.equal((await s.get(`/hubs/${hubId}/users/${user}/connections/${spare.body.id}`, { token })).status, 404);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('a sandbox account is not offered where the integration writes, and the wizard says why', async () => {
  const user = 'sandbox@acme.test';
  const { token } = await s.tokenFor('Acme CRM', user);
  const all = (await s.get(`/embed/${hubId}/users/${user}/integrations?first=100`, { token })).body.integrations;
  const zendesk = (await s.get(`/embed/${hubId}/users/${user}/integrations/${all.find((i) => i.name === 'Zendesk').id}`, { token })).body;
  assert.equal(zendesk.connectionTemplates[0].writes, true);
  const sandbox = await s.post(`/hubs/${hubId}/users/${user}/connections`, { token, body: { templateId: zendesk.connectionTemplates[0].id, apiKey: 'key-789', isSandbox: true } });
  assert.equal(sandbox.body.status, 'active', sandbox.text);
  const { page, problems } = await openEmbed(browser, s.url, { hubId, userId: user, token });
  await embedReady(page);
  await page.getByRole('searchbox').fill('Zendesk');
  await page.getByRole('button', { name: 'Connect Zendesk' }).click();
  const d = dialog(page);
  await d.getByText('Sandbox accounts can’t be used here: this integration writes data.').waitFor();
  assert.equal(await d.getByRole('radio').count(), 0, 'the sandbox account is neither offered nor chosen');
  assert.equal(await d.getByLabel('Zendesk API key').isVisible(), true, 'connecting another account is');
  assert.deepEqual(problems, []);
  await page.context().close();
});
