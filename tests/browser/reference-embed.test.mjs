// reference-embed.test.mjs — <embed-hub> in headless Chromium against a server that follows the
// reference API's OpenAPI exactly (tests/support/reference-stub.mjs), with HubClient's profile
// 'reference' and Bearer tokens: list → activate (an API key) → manage → deactivate.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { startReferenceStub } from '../support/reference-stub.mjs';
import { launch } from './browser.mjs';

const WEB = new URL('../../web/', import.meta.url);
const TYPES = { '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.css': 'text/css' };

const PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>reference</title></head>'
  + '<body><main id="host"></main><script type="module" src="/boot.mjs"></script></body></html>';
// The host product builds the client itself: profile and scheme are HubClient options.
const BOOT = `import { HubClient, mount } from '/src/element.mjs';
const o = JSON.parse(decodeURIComponent(location.hash.slice(1)));
window.embedEvents = [];
const client = new HubClient({ ...o, profile: 'reference', authScheme: 'Bearer' });
const el = mount(document.getElementById('host'), { ...o, client });
for (const type of ['ready', 'activated', 'deactivated', 'error']) {
  el.addEventListener(type, (e) => window.embedEvents.push({ type, message: e.detail?.error?.message }));
}`;

// The host product's page and the package, on another origin than the API (a real server: a
// page Chromium did not load from the network may not call a loopback address).
function startHost() {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://host').pathname;
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    if (path === '/boot.mjs') return res.writeHead(200, { 'content-type': TYPES['.mjs'] }).end(BOOT);
    const m = /^\/(src|dist)\/[\w/-]+(\.\w+)$/.exec(path);
    const body = m && await readFile(new URL(path.slice(1), WEB)).catch(() => null);
    if (!body) return res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': TYPES[m[2]] ?? 'application/octet-stream' }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let stub, browser, host, origin;
before(async () => {
  stub = await startReferenceStub({ authScheme: 'Bearer' });
  host = await startHost();
  origin = `http://127.0.0.1:${host.address().port}`;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await new Promise((resolve) => (host ? host.close(resolve) : resolve()));
  await stub?.close();
});

async function open() {
  const context = await browser.newContext({ viewport: { width: 1080, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // Icons are not part of the API: the browser gets them elsewhere.
  await context.route(`${stub.url}/icons/**`, (route) => route.fulfill({ contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>' }));
  const options = { apiBase: stub.url, hubId: stub.hubId, userId: stub.user.externalId, token: stub.token };
  await page.goto(`${origin}/#${encodeURIComponent(JSON.stringify(options))}`);
  await page.waitForFunction(() => window.embedEvents?.some((e) => e.type === 'ready'), null, { timeout: 20_000 });
  return { page, problems };
}

test('list → activate with an API key → manage → deactivate, against an OpenAPI-exact server', async () => {
  const { page, problems } = await open();
  const tile = (name) => page.locator('embed-hub li.tile', { has: page.getByRole('heading', { name, exact: true }) });
  await tile('Acme CRM').waitFor();
  await tile('Globex Mail').waitFor();

  await tile('Acme CRM').getByRole('button', { name: 'Connect Acme CRM' }).click();
  const d = page.locator('embed-hub dialog[open]');
  const key = d.getByLabel('Acme API key');
  await key.waitFor();
  await key.fill('bad-key');
  await d.getByRole('button', { name: 'Connect', exact: true }).click();
  await d.getByText('the provider refused the API key').waitFor();
  await key.fill('good-key');
  await key.press('Enter');
  await d.getByText('Acme connected.').waitFor();
  // DeleteConnection is not in the reference API: the new account has no Remove button.
  assert.equal(await d.getByRole('button', { name: /Remove/ }).count(), 0);
  await d.getByRole('button', { name: 'Activate' }).click();
  await d.waitFor({ state: 'detached' });
  await tile('Acme CRM').getByRole('button', { name: 'Manage Acme CRM' }).waitFor();

  const created = stub.requests.filter((r) => r.operationId === 'CreateEndUserConnection').at(-1);
  assert.equal(created.body.connection.credentials.action[0].credential.data.value, 'good-key');
  const activate = stub.requests.find((r) => r.operationId === 'ActivateIntegration');
  assert.deepEqual(activate.body.variables, []);
  assert.equal(activate.authorization, `Bearer ${stub.token}`);

  // Manage: the reference activation has no bindings, so no reconnect or retry is offered.
  await tile('Acme CRM').getByRole('button', { name: 'Manage Acme CRM' }).click();
  await d.getByRole('button', { name: 'Disconnect' }).waitFor();
  assert.doesNotMatch(await d.innerText(), /Active since/);
  assert.equal(await d.getByRole('button', { name: /Reconnect|Try again/ }).count(), 0);
  await d.getByRole('button', { name: 'Disconnect' }).click();
  await d.getByRole('button', { name: 'Disconnect' }).click();
  await d.waitFor({ state: 'detached' });
  await tile('Acme CRM').getByRole('button', { name: 'Connect Acme CRM' }).waitFor();
  assert.ok(stub.requests.some((r) => r.operationId === 'DeleteActivation'));

  const events = await page.evaluate(() => window.embedEvents.map((e) => e.type));
  assert.deepEqual(events.filter((t) => t !== 'error'), ['ready', 'activated', 'deactivated']);
  // The rejected key is the only failed call; nothing the stub refused as undeclared.
  assert.deepEqual(stub.requests.filter((r) => r.operationId === undefined), []);
  assert.deepEqual(stub.violations, []);
  assert.deepEqual(problems.filter((p) => !/status of 400/.test(p)), []);
  await page.context().close();
});
