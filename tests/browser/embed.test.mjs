// embed.test.mjs — <embed-hub>'s grid in headless Chromium against the real hub server: tiles as
// the API pages them, states from the core, search, paging, filter, empty/error states, hostile
// data, the strict CSP, theming, and screenshots of the grid and dialog for review.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HubClient } from '../../web/src/client.mjs';
import { activateViaApi, ARTIFACTS, openEmbed, startEmbedEnv, stopEmbedEnv, STRICT_CSP } from './browser.mjs';

let s, browser, hubId;
before(async () => ({ s, browser, hubId } = await startEmbedEnv()));
after(() => stopEmbedEnv({ s, browser }));

/** The embed for a fresh end user, once its first page is interactive. */
async function embedFor(user, options = {}, pageOptions = {}) {
  const { token } = await s.tokenFor('Acme CRM', user);
  const opened = await openEmbed(browser, s.url, { hubId, userId: user, token, ...options }, pageOptions);
  await ready(opened.page);
  const client = new HubClient({ apiBase: s.url, hubId, userId: user, token });
  return { ...opened, token, client };
}

const ready = (page) => page.waitForFunction(() => window.embedEvents?.some((e) => e.type === 'ready'), null, { timeout: 20_000 });
const tiles = (page) => page.locator('embed-hub li.tile');
const names = (page) => tiles(page).locator('h3').allTextContents();

test('the tiles are the API page: names, descriptions, icons, and badges and actions from the core', async () => {
  const { page, problems, client } = await embedFor('grid@acme.test');
  const api = await client.listIntegrations({ first: 12 });
  assert.deepEqual(await names(page), api.integrations.map((i) => i.name));
  assert.deepEqual(await tiles(page).locator('.desc').allTextContents(), api.integrations.map((i) => i.description));
  const srcs = await tiles(page).locator('img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src')));
  assert.deepEqual(srcs, api.integrations.map((i) => i.imageUrl));
  for (const [n, i] of api.integrations.entries()) {
    const tile = tiles(page).nth(n);
    const state = i.isDeployed ? 'available' : 'unavailable';
    assert.equal(await tile.getAttribute('data-state'), state, i.name);
    assert.equal(await tile.locator('.badge').textContent(), i.isDeployed ? 'Not connected' : 'Coming soon');
    assert.equal(await tile.getByRole('button', { name: `Connect ${i.name}` }).count(), i.isDeployed ? 1 : 0);
  }
  assert.equal(await page.locator('embed-hub [part=count]').textContent(), `${api.totalConnected} connected`);
  assert.equal(await page.locator('embed-hub [part=pager] span').textContent(), `1–12 of ${api.totalCount}`);
  const readyEvent = await page.evaluate(() => window.embedEvents.find((e) => e.type === 'ready').detail);
  assert.deepEqual(readyEvent, { totalCount: api.totalCount, totalConnected: api.totalConnected });
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('paging follows next and prev; the deployed filter and search narrow the tiles', async () => {
  const { page, problems, client } = await embedFor('paging@acme.test', { pageSize: 5 });
  const first = await client.listIntegrations({ first: 5 });
  const second = await client.listIntegrations({ first: 5, after: first.next });
  await page.getByRole('button', { name: 'Next' }).click();
  await page.locator('embed-hub [part=pager] span', { hasText: '6–10' }).waitFor();
  assert.deepEqual(await names(page), second.integrations.map((i) => i.name));
  await page.getByRole('button', { name: 'Previous' }).click();
  await page.locator('embed-hub [part=pager] span', { hasText: '1–5' }).waitFor();
  assert.deepEqual(await names(page), first.integrations.map((i) => i.name));
  assert.equal(await page.getByRole('button', { name: 'Previous' }).isDisabled(), true);

  const soon = await client.listIntegrations({ deployed: false, first: 5 });
  await page.getByRole('button', { name: 'Coming soon' }).click();
  await page.locator('embed-hub [part=pager] span', { hasText: `of ${soon.totalCount}` }).waitFor();
  assert.deepEqual(await names(page), soon.integrations.map((i) => i.name));
  assert.deepEqual(new Set(await tiles(page).evaluateAll((ts) => ts.map((t) => t.dataset.state))), new Set(['unavailable']));
  assert.equal(await page.getByRole('button', { name: 'Coming soon' }).getAttribute('aria-pressed'), 'true');

  await page.getByRole('button', { name: 'All', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Search integrations' }).fill('crm');
  await page.locator('embed-hub li.tile h3', { hasText: 'Zoho CRM' }).waitFor();
  assert.deepEqual(await names(page), ['HubSpot', 'Zoho CRM']);
  await page.getByRole('searchbox').fill('no such thing');
  await page.getByText('No integrations found').waitFor();
  assert.equal(await page.locator('embed-hub [part=empty] p').textContent(), 'Nothing matches “no such thing”. Try another name.');
  await page.getByRole('button', { name: 'Clear search' }).click();
  await page.locator('embed-hub [part=pager] span', { hasText: '1–5' }).waitFor();
  assert.equal(await tiles(page).count(), 5);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('loading shows skeletons; a failed load shows the error state, and Try again recovers', async () => {
  let fail = true;
  const { token } = await s.tokenFor('Acme CRM', 'flaky@acme.test');
  const { page, problems } = await openEmbed(browser, s.url, { hubId, userId: 'flaky@acme.test', token }, {
    before: (p) => p.route('**/integrations?*', async (route) => {
      await new Promise((r) => setTimeout(r, 300));
      if (fail) return route.fulfill({ status: 500, contentType: 'application/json', body: '{"code":"internal","message":"the database is on fire"}' });
      return route.continue();
    }),
  });
  await page.locator('embed-hub li.tile.skeleton').first().waitFor();
  await page.locator('embed-hub [part=error-state]').waitFor();
  assert.match(await page.locator('embed-hub [part=error-state]').textContent(), /couldn’t load the integrations.*the database is on fire/);
  const err = await page.evaluate(() => window.embedEvents.find((e) => e.type === 'error').detail);
  assert.deepEqual(err, { error: { name: 'HubApiError', message: 'the database is on fire', status: 500, code: 'internal' }, action: 'load' });
  fail = false;
  await page.getByRole('button', { name: 'Try again' }).click();
  await ready(page);
  assert.equal(await tiles(page).count(), 12);
  // The failed request is the only console error Chromium reports.
  assert.deepEqual(problems.filter((p) => !/status of 500/.test(p)), []);
  await page.context().close();
});

test('a core that fails to load is an error state too, and Try again loads it', async () => {
  let fail = true;
  const { token } = await s.tokenFor('Acme CRM', 'nowasm@acme.test');
  const { page, problems } = await openEmbed(browser, s.url, { hubId, userId: 'nowasm@acme.test', token }, {
    before: (p) => p.route('**/dist/embedhub-core.wasm', (route) => (fail ? route.fulfill({ status: 404, body: 'gone' }) : route.continue())),
  });
  await page.locator('embed-hub [part=error-state]').waitFor();
  assert.match(await page.locator('embed-hub [part=error-state] p').textContent(), /cannot load the WebAssembly core.*HTTP 404/);
  fail = false;
  await page.getByRole('button', { name: 'Try again' }).click();
  await ready(page);
  assert.equal(await tiles(page).locator('.badge').count(), 12);
  assert.deepEqual(problems.filter((p) => !/status of 404/.test(p)), []);
  await page.context().close();
});

test('hostile integration data stays text: script in a name, HTML in a description, javascript: icon', async () => {
  const hostile = {
    name: '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>Evil',
    description: '<b>bold</b> <a href="javascript:window.pwned=3">click</a> <style>*{display:none}</style>',
  };
  const made = await s.admin('POST', `/admin/hubs/${hubId}/integrations`, { ...hostile, isDeployed: true, connectionTemplates: [] });
  assert.equal(made.status, 201, made.text);
  const { token } = await s.tokenFor('Acme CRM', 'victim@acme.test');
  // The server only stores http(s) icons, so the wire is rewritten to carry hostile URLs too.
  const { page, problems } = await openEmbed(browser, s.url, { hubId, userId: 'victim@acme.test', token }, {
    before: (p) => p.route('**/integrations?*', async (route) => {
      const res = await route.fetch();
      const body = await res.json();
      for (const i of body.integrations) {
        if (i.id === made.body.id) i.imageUrl = 'javascript:window.pwned=4';
        else if (i.name === 'Airtable') i.imageUrl = 'data:text/html,<script>window.pwned=5</script>';
      }
      route.fulfill({ response: res, json: body });
    }),
  });
  await ready(page);
  const tile = page.locator('embed-hub li.tile', { has: page.getByRole('heading', { name: hostile.name }) });
  assert.equal(await tile.locator('h3').textContent(), hostile.name);
  assert.equal(await tile.locator('.desc').textContent(), hostile.description);
  assert.equal(await tile.locator('img').count(), 0, 'the javascript: icon is not an <img>');
  assert.equal(await tile.locator('.ph').textContent(), '<');
  assert.equal(await page.locator('embed-hub li.tile', { hasText: 'Airtable' }).locator('img').count(), 0);
  const found = await page.evaluate(() => {
    const root = document.querySelector('embed-hub').shadowRoot;
    return { elements: root.querySelectorAll('script, style, a, b, [onerror]').length, styled: root.querySelectorAll('[style]').length, pwned: window.pwned };
  });
  assert.deepEqual(found, { elements: 0, styled: 0, pwned: undefined });
  await tile.getByRole('button', { name: /^Connect / }).click();
  await page.locator('dialog[open] h2', { hasText: hostile.name }).waitFor();
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(problems, []);
  await page.context().close();
  assert.equal((await s.admin('DELETE', `/admin/integrations/${made.body.id}`)).status, 204);
});

test('the embed runs under the strict CSP with no inline style, and themes by attribute and media', async () => {
  const { page, problems, response } = await embedFor('csp@acme.test');
  assert.equal(response.headers()['content-security-policy'], STRICT_CSP);
  const look = await page.evaluate(() => {
    const el = document.querySelector('embed-hub');
    const bg = () => getComputedStyle(el).backgroundColor;
    const light = bg();
    el.setAttribute('theme', 'dark');
    const dark = bg();
    return { light, dark, sheets: el.shadowRoot.adoptedStyleSheets.length, styleTags: el.shadowRoot.querySelectorAll('style, [style]').length };
  });
  assert.deepEqual(look, { light: 'rgb(255, 255, 255)', dark: 'rgb(17, 17, 20)', sheets: 1, styleTags: 0 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.evaluate(() => document.querySelector('embed-hub').removeAttribute('theme'));
  assert.equal(await page.locator('embed-hub').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(17, 17, 20)');
  await page.evaluate(() => { document.querySelector('embed-hub').style.setProperty('--embedhub-bg', 'rgb(1, 2, 3)'); });
  assert.equal(await page.locator('embed-hub').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(1, 2, 3)');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('strings come from the messages option', async () => {
  const { page, problems } = await embedFor('i18n@acme.test', { locale: 'de', messages: { title: 'Integrationen', action_activate: 'Verbinden', connectedCount: '{count} verbunden' } });
  assert.equal(await page.locator('embed-hub [part=title]').textContent(), 'Integrationen');
  assert.equal(await page.locator('embed-hub [part=count]').textContent(), '0 verbunden');
  assert.equal(await tiles(page).first().getByRole('button').textContent(), 'Verbinden');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('screenshots: the grid and the activation dialog, light and dark', async () => {
  // Two integrations activated through the API, one of them needing a new sign-in, so the
  // grid shows its states side by side.
  const user = 'shots@acme.test';
  const { token } = await s.tokenFor('Acme CRM', user);
  await activateViaApi(s, hubId, user, token, 'Airtable');
  const freshdesk = await activateViaApi(s, hubId, user, token, 'Freshdesk', { dynamicVariables: { subdomain: 'acme' } });
  const pushed = await s.admin('POST', `/admin/connections/${freshdesk.connections[0].connectionId}/events`, { event: 'credentials_invalid' });
  assert.equal(pushed.status, 200, pushed.text);
  for (const colorScheme of ['light', 'dark']) {
    const { page, problems } = await openEmbed(browser, s.url, { hubId, userId: user, token }, { colorScheme, viewport: { width: 1080, height: 760 } });
    await ready(page);
    assert.equal(await page.locator('embed-hub [part=count]').textContent(), '2 connected');
    await page.screenshot({ path: new URL(`embed-grid-${colorScheme}.png`, ARTIFACTS).pathname, fullPage: true });
    await page.getByRole('searchbox').fill('salesforce');
    await page.getByRole('button', { name: 'Connect Salesforce' }).click();
    await page.locator('dialog[open] .db').waitFor();
    await page.screenshot({ path: new URL(`embed-dialog-${colorScheme}.png`, ARTIFACTS).pathname });
    assert.deepEqual(problems, []);
    await page.context().close();
  }
});
