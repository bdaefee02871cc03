// embed-activation.test.mjs — <embed-hub>'s dialog in headless Chromium against the real hub
// server: OAuth2 in a popup and API keys, the settings form with live validation by the core,
// activation, reconnect after needs_reauth, disconnect, keyboard-only use and the focus trap.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TYPED_SECRETS } from './at-rest-scan.mjs';
import { ARTIFACTS, openEmbed, startEmbedEnv, stopEmbedEnv } from './browser.mjs';

let s, browser, hubId;
before(async () => ({ s, browser, hubId } = await startEmbedEnv()));
after(() => stopEmbedEnv({ s, browser }));

const events = (page) => page.evaluate(() => window.embedEvents);
const ready = (page) => page.waitForFunction(() => window.embedEvents?.some((e) => e.type === 'ready'), null, { timeout: 20_000 });

/** The embed for a fresh end user, searched down to integration `name`. */
async function embedAt(user, name, pageOptions) {
  const { token } = await s.tokenFor('Acme CRM', user);
  const opened = await openEmbed(browser, s.url, { hubId, userId: user, token }, pageOptions);
  await ready(opened.page);
  await opened.page.getByRole('searchbox').fill(name);
  // Until the search's own load is done, the first page (which may show the tile too) is stale.
  await opened.page.waitForFunction((q) => {
    const root = document.querySelector('embed-hub').shadowRoot;
    const names = [...root.querySelectorAll('li.tile h3')].map((x) => x.textContent.toLowerCase());
    return !root.querySelector('[aria-busy]') && root.querySelector('li.tile .badge') && names.length && names.every((x) => x.includes(q));
  }, name.toLowerCase());
  return { ...opened, token, tile: opened.page.locator('embed-hub li.tile', { has: opened.page.getByRole('heading', { name, exact: true }) }) };
}

const dialog = (page) => page.locator('embed-hub dialog[open]');
const fieldError = (page, label) => page.locator('embed-hub .field', { has: page.getByLabel(label) }).locator('.err');

/** On the demo's authorization server (oidc-provider): signs in as the demo account when it
 * asks, then answers its consent page with `decision` (Allow or Deny). */
async function authorize(p, decision = 'Allow') {
  const password = p.locator('#password');
  const answer = p.getByRole('button', { name: decision });
  await password.or(answer).first().waitFor();
  if (await password.isVisible()) {
    await password.fill('demo');
    await p.getByRole('button', { name: 'Sign in' }).click();
  }
  await answer.click();
}

/** Clicks `button` (which opens the provider's authorization page in a popup) and answers it. */
async function consent(page, button, decision = 'Allow') {
  const [popup] = await Promise.all([page.waitForEvent('popup'), button.click()]);
  await authorize(popup, decision);
  await popup.waitForEvent('close');
}

test('OAuth2 in a popup, then the settings form: enum, nested group, conditional field, live validation', async () => {
  const { page, problems, tile } = await embedAt('oauth@acme.test', 'Salesforce');
  await tile.getByRole('button', { name: 'Connect Salesforce' }).click();
  const d = dialog(page);
  await d.getByRole('heading', { name: 'Connect Salesforce' }).waitFor();
  // The loading screen has the same heading: the steps come with the integration.
  await d.locator('ol.steps li').first().waitFor();
  assert.deepEqual(await d.locator('ol.steps li').allTextContents(), ['Salesforce', 'Settings']);
  assert.equal(await d.locator('ol.steps li[aria-current=step]').textContent(), 'Salesforce');

  await d.getByRole('button', { name: 'Continue' }).click();
  assert.equal(await d.getByRole('status').textContent(), 'Choose an account or connect a new one.');
  await consent(page, d.getByRole('button', { name: 'Sign in with Salesforce' }));
  await d.getByText('Salesforce connected.').waitFor();
  assert.equal(await d.getByRole('radio', { name: /^Salesforce account · added/ }).isChecked(), true);
  await d.getByRole('button', { name: 'Continue' }).click();

  // The settings: defaults from the schema, the conditional field hidden until two-way.
  await d.getByLabel('Sync direction').waitFor();
  assert.equal(await d.getByLabel('Sync direction').inputValue(), '"one-way"');
  assert.deepEqual(await d.getByRole('group', { name: 'Records to sync' }).getByRole('checkbox', { checked: true }).evaluateAll((b) => b.map((x) => x.value)), ['contacts', 'companies']);
  assert.equal(await d.getByRole('group', { name: 'Record owner' }).isVisible(), true);
  assert.equal(await d.getByLabel('When both sides changed').isVisible(), false);

  // Live validation by the core: on blur, as the user types, and everything on submit.
  const email = d.getByLabel('Default owner email');
  await email.fill('not-an-email');
  assert.equal(await fieldError(page, 'Default owner email').textContent(), '', 'no error before the field is left');
  await email.press('Tab');
  await fieldError(page, 'Default owner email').getByText('Enter a valid email address.').waitFor();
  assert.equal(await email.getAttribute('aria-invalid'), 'true');
  await email.fill('owner@acme.test');
  await email.and(page.locator('[aria-invalid=false]')).waitFor();
  assert.equal(await fieldError(page, 'Default owner email').textContent(), '');

  await d.getByLabel('Sync direction').selectOption({ label: 'two-way' });
  await d.getByLabel('When both sides changed').waitFor();
  await d.getByRole('group', { name: 'Records to sync' }).getByRole('checkbox', { name: 'contacts' }).uncheck();
  await d.getByRole('group', { name: 'Records to sync' }).getByRole('checkbox', { name: 'companies' }).uncheck();
  await d.getByRole('button', { name: 'Activate' }).click();
  assert.equal(await fieldError(page, 'When both sides changed').textContent(), 'This field is required.');
  assert.equal(await d.getByRole('group', { name: 'Records to sync' }).locator('.err').textContent(), 'This field is required.');
  assert.equal(await d.locator('.df [role=status]').textContent(), 'Please fix the highlighted fields.');
  await page.screenshot({ path: new URL('embed-settings-errors-light.png', ARTIFACTS).pathname });
  assert.equal((await events(page)).some((e) => e.type === 'activated'), false);

  await d.getByLabel('When both sides changed').selectOption({ label: 'newest-wins' });
  await d.getByRole('group', { name: 'Records to sync' }).getByRole('checkbox', { name: 'deals' }).check();
  await d.getByLabel('Start on').fill('2030-01-31');
  await d.getByRole('button', { name: 'Activate' }).click();
  await d.waitFor({ state: 'detached' });
  await tile.locator('[data-state=connected]').first().waitFor();
  assert.equal(await tile.locator('.badge').textContent(), 'Connected');
  assert.equal(await page.locator('embed-hub [part=count]').textContent(), '1 connected');

  const activated = (await events(page)).find((e) => e.type === 'activated').detail;
  assert.equal(activated.integration.name, 'Salesforce');
  const stored = await s.admin('GET', `/admin/activations/${activated.activation.id}`);
  const settings = Object.fromEntries(stored.body.integrationSettings.map((x) => [x.configkey, x.configvalue]));
  assert.deepEqual(
    { direction: settings.direction, objects: settings.objects, conflictPolicy: settings.conflictPolicy, email: settings['owner.email'], start: settings['schedule.startDate'] },
    { direction: 'two-way', objects: ['deals'], conflictPolicy: 'newest-wins', email: 'owner@acme.test', start: '2030-01-31' });
  assert.deepEqual((await events(page)).map((e) => e.type), ['ready', 'activate', 'activated', 'close']);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('an api_key template and an OAuth2 template, then a secret setting; a rejected key is shown at its field', async () => {
  const { page, problems, tile } = await embedAt('keys@acme.test', 'Stripe to QuickBooks');
  await tile.getByRole('button', { name: 'Connect Stripe to QuickBooks' }).click();
  const d = dialog(page);
  const key = d.getByLabel('Stripe API key');
  await key.waitFor();
  assert.equal(await key.getAttribute('type'), 'password');
  await key.fill(TYPED_SECRETS.rejectedKey);
  await d.getByRole('button', { name: 'Connect', exact: true }).click();
  // The demo provider's verify endpoint refuses keys starting with "bad" (401).
  await d.getByText(/^Stripe was not connected: .*\b401\b/).waitFor();
  assert.equal(await key.getAttribute('aria-invalid'), 'true');
  await key.fill('sk-live-123');
  await key.press('Enter');
  await d.getByText('Stripe connected.').waitFor();
  await d.getByRole('button', { name: 'Continue' }).click();

  assert.equal(await d.locator('ol.steps li[aria-current=step]').textContent(), 'QuickBooks');
  await consent(page, d.getByRole('button', { name: 'Sign in with QuickBooks' }));
  await d.getByText('QuickBooks connected.').waitFor();
  await d.getByRole('button', { name: 'Continue' }).click();

  const secret = d.getByLabel('Webhook signing secret');
  assert.equal(await secret.getAttribute('type'), 'password');
  await secret.fill('short');
  await secret.blur();
  await fieldError(page, 'Webhook signing secret').getByText('Must be at least 16 characters.').waitFor();
  await d.getByRole('button', { name: 'Show' }).click();
  assert.equal(await secret.getAttribute('type'), 'text');
  await secret.fill(TYPED_SECRETS.signingSecret);
  await d.getByLabel('Prices include tax').uncheck();
  await d.getByLabel('Tax rate (%)').waitFor();
  await d.getByRole('button', { name: 'Activate' }).click();
  assert.equal(await fieldError(page, 'Tax rate (%)').textContent(), 'This field is required.');
  await d.getByLabel('Tax rate (%)').fill('99');
  await fieldError(page, 'Tax rate (%)').getByText('Must be at most 50.').waitFor();
  await d.getByLabel('Tax rate (%)').fill('19.5');
  await d.getByRole('button', { name: 'Activate' }).click();
  await d.waitFor({ state: 'detached' });
  await tile.locator('.badge', { hasText: 'Connected' }).waitFor();
  const { activation } = (await events(page)).find((e) => e.type === 'activated').detail;
  assert.equal(activation.connections.length, 2);
  const stored = await s.admin('GET', `/admin/activations/${activation.id}`);
  assert.equal(stored.body.integrationSettings.find((x) => x.configkey === 'webhookSecret').configvalue, '********');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('reconnect after the server marks the connection needs_reauth, then disconnect with confirmation', async () => {
  const { page, problems, tile } = await embedAt('reauth@acme.test', 'Slack');
  await tile.getByRole('button', { name: 'Connect Slack' }).click();
  const d = dialog(page);
  await consent(page, d.getByRole('button', { name: 'Sign in with Slack' }));
  await d.getByText('Slack connected.').waitFor();
  await d.getByRole('button', { name: 'Continue' }).click();
  await d.getByRole('button', { name: 'Activate' }).click();
  await d.waitFor({ state: 'detached' });
  const { activation } = (await events(page)).find((e) => e.type === 'activated').detail;

  const pushed = await s.admin('POST', `/admin/connections/${activation.connections[0].connectionId}/events`, { event: 'refresh_failed', error: 'Slack revoked the token' });
  assert.equal(pushed.body.status, 'needs_reauth');
  await page.locator('embed-hub').evaluate((el) => el.refresh());
  await tile.locator('.badge', { hasText: 'Needs attention' }).waitFor();
  assert.equal(await tile.locator('.problem').textContent(), 'Slack revoked the token');

  await tile.getByRole('button', { name: 'Reconnect Slack' }).click();
  await d.getByText('Sign-in expired').waitFor();
  await consent(page, d.getByRole('button', { name: 'Reconnect' }));
  await d.getByText('Slack connected.').waitFor();
  assert.equal(await d.locator('.conns .badge').textContent(), 'Connected');
  await tile.locator('.badge', { hasText: 'Connected' }).waitFor();
  // Reconnected in place: the same connection, active again, still bound to the activation.
  const again = await s.admin('GET', `/admin/connections/${activation.connections[0].connectionId}`);
  assert.equal(again.body.status, 'active');
  assert.deepEqual((await s.admin('GET', `/admin/activations/${activation.id}`)).status, 200);

  await d.getByRole('button', { name: 'Disconnect' }).click();
  await d.getByText('Disconnect Slack?').waitFor();
  await d.getByRole('button', { name: 'Cancel' }).click();
  await d.getByRole('button', { name: 'Disconnect' }).click();
  await d.getByRole('button', { name: 'Disconnect' }).click();
  await d.waitFor({ state: 'detached' });
  await tile.getByRole('button', { name: 'Connect Slack' }).waitFor();
  const deactivated = (await events(page)).find((e) => e.type === 'deactivated').detail;
  assert.equal(deactivated.activationId, activation.id);
  assert.equal((await s.admin('GET', `/admin/activations/${activation.id}`)).status, 404);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('a failed post-install check is retried from the manage dialog', async () => {
  const { page, problems, tile } = await embedAt('retry@acme.test', 'Linear');
  await tile.getByRole('button', { name: 'Connect Linear' }).click();
  const d = dialog(page);
  await d.getByLabel('Linear API key').fill('key-1');
  await d.getByRole('button', { name: 'Connect', exact: true }).click();
  await d.getByText('Linear connected.').waitFor();
  await d.getByRole('button', { name: 'Activate' }).click();
  await d.waitFor({ state: 'detached' });
  const { activation } = (await events(page)).find((e) => e.type === 'activated').detail;
  const id = activation.connections[0].connectionId;
  await s.admin('POST', `/admin/connections/${id}/events`, { event: 'credentials_invalid' });
  await s.admin('POST', `/admin/connections/${id}/events`, { event: 'reauthorize' });
  await s.admin('POST', `/admin/connections/${id}/events`, { event: 'post_install_failed', error: 'webhook registration failed (503)' });
  await page.locator('embed-hub').evaluate((el) => el.refresh());
  await tile.getByRole('button', { name: 'Fix Linear' }).click();
  await d.getByText('webhook registration failed (503)').waitFor();
  await d.getByRole('button', { name: 'Try again' }).click();
  await d.getByText('Linear connected.').waitFor();
  await tile.locator('.badge', { hasText: 'Connected' }).waitFor();
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('keyboard only: open, connect with an API key, activate; focus is trapped and returned', async () => {
  const { page, problems, tile } = await embedAt('keyboard@acme.test', 'Airtable');
  const focused = () => page.evaluate(() => {
    const a = document.querySelector('embed-hub').shadowRoot.activeElement;
    return a && (a.getAttribute('aria-label') || a.labels?.[0]?.textContent || a.textContent);
  });
  await page.getByRole('searchbox').focus();
  // Search box → the three filter buttons → the tile's button.
  for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
  assert.equal(await focused(), 'Connect Airtable');
  await page.keyboard.press('Enter');
  const d = dialog(page);
  await d.getByLabel('Airtable API key').waitFor();
  assert.equal(await focused(), 'Airtable API key');

  // Tab never leaves the dialog, either way round.
  const inside = () => page.evaluate(() => {
    const root = document.querySelector('embed-hub').shadowRoot;
    return root.querySelector('dialog').contains(root.activeElement);
  });
  for (let i = 0; i < 8; i++) { await page.keyboard.press('Tab'); assert.ok(await inside(), `Tab ${i}`); }
  for (let i = 0; i < 8; i++) { await page.keyboard.press('Shift+Tab'); assert.ok(await inside(), `Shift+Tab ${i}`); }

  // Escape closes and gives focus back to the tile's button.
  await page.keyboard.press('Escape');
  await d.waitFor({ state: 'detached' });
  assert.equal(await focused(), 'Connect Airtable');
  assert.deepEqual((await events(page)).at(-1), { type: 'close', detail: { integration: (await events(page)).find((e) => e.type === 'activate').detail.integration, reason: 'cancel' } });

  await page.keyboard.press('Enter');
  await d.getByLabel('Airtable API key').waitFor();
  await page.keyboard.type('at-key-42');
  await page.keyboard.press('Enter');
  await d.getByText('Airtable connected.').waitFor();
  assert.equal(await focused(), 'Activate');
  await page.keyboard.press('Enter');
  await d.waitFor({ state: 'detached' });
  // The badge already says Connected once the key is accepted; the button turns into Manage
  // when the activation is listed, and focus must follow it across that re-render.
  await tile.getByRole('button', { name: 'Manage Airtable' }).waitFor();
  assert.equal(await focused(), 'Manage Airtable');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('closing the sign-in window early says so, and Deny on the consent page is reported', async () => {
  const { page, problems, tile } = await embedAt('closer@acme.test', 'Gmail');
  await tile.getByRole('button', { name: 'Connect Gmail' }).click();
  const d = dialog(page);
  const [popup] = await Promise.all([page.waitForEvent('popup'), d.getByRole('button', { name: 'Sign in with Gmail' }).click()]);
  await popup.locator('#password').or(popup.getByRole('button', { name: 'Allow' })).first().waitFor();
  await popup.close();
  await d.getByText('The Gmail window was closed before sign-in finished. Try again when you’re ready.').waitFor();
  await consent(page, d.getByRole('button', { name: 'Sign in with Gmail' }), 'Deny');
  await d.getByText('Gmail was not connected: the user denied access at the provider').waitFor();
  assert.equal(await d.locator('.df [role=status]').getAttribute('data-kind'), 'error');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('with the popup blocked, sign-in happens in the same window and the dialog comes back', async () => {
  const { page, problems, tile } = await embedAt('nopopup@acme.test', 'Zoom', {
    before: (p) => p.addInitScript(() => { window.open = () => null; }),
  });
  const app = new URL(page.url());
  await tile.getByRole('button', { name: 'Connect Zoom' }).click();
  await dialog(page).getByRole('button', { name: 'Sign in with Zoom' }).click();
  await page.waitForURL((u) => u.origin !== app.origin || u.pathname !== app.pathname);
  await authorize(page);
  // The hub's callback page sends the window back to the app, which reopens the dialog.
  await page.waitForURL((u) => u.pathname === app.pathname);
  const d = dialog(page);
  await d.getByRole('heading', { name: 'Connect Zoom' }).waitFor();
  assert.equal(await d.getByRole('button', { name: 'Activate' }).isVisible(), true);
  await d.getByRole('button', { name: 'Activate' }).click();
  await d.waitFor({ state: 'detached' });
  await page.locator('embed-hub [part=count]', { hasText: '1 connected' }).waitFor();
  assert.equal((await events(page)).find((e) => e.type === 'activated').detail.integration.name, 'Zoom');
  assert.equal(new URL(page.url()).hash, '', 'the callback’s fragment is cleared');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('screenshots: the settings step, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, problems, tile } = await embedAt(`form-${colorScheme}@acme.test`, 'BambooHR', { colorScheme, viewport: { width: 1080, height: 900 } });
    await tile.getByRole('button', { name: 'Connect BambooHR' }).click();
    const d = dialog(page);
    await d.getByLabel('BambooHR API key').fill('hr-key');
    await d.getByRole('button', { name: 'Connect', exact: true }).click();
    await d.getByText('BambooHR connected.').waitFor();
    await d.getByRole('button', { name: 'Continue' }).click();
    await d.getByLabel('Nightly sync at').fill('2am');
    await d.getByLabel('Nightly sync at').blur();
    await fieldError(page, 'Nightly sync at').getByText(/Enter a valid time/).waitFor();
    await page.screenshot({ path: new URL(`embed-settings-${colorScheme}.png`, ARTIFACTS).pathname });
    assert.deepEqual(problems, []);
    await page.context().close();
  }
});
