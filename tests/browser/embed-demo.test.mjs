// embed-demo.test.mjs — the page `npm start` serves: the hub server's /demo/ mounts <embed-hub>
// for the end user in the URL fragment's token, under the server's own CSP, with no errors; its
// JSON panel runs the core in the page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer } from '../server/helpers.mjs';
import { launch, openPage, stopEmbedEnv } from './browser.mjs';

let s, browser;
before(async () => {
  s = await startServer();
  browser = await launch();
});
after(() => stopEmbedEnv({ s, browser }));

test('the demo page shows the embed for the token in its URL', async () => {
  const { token } = await s.tokenFor('Acme CRM', 'alice@acme.test');
  const { page, problems } = await openPage(browser);
  const res = await page.goto(`${s.url}/demo/#token=${token}`);
  assert.match(res.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'; style-src 'self'/);
  await page.locator('embed-hub li.tile .badge').first().waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('embed-hub li.tile').count(), 12);
  assert.equal(await page.locator('embed-hub [part=count]').textContent(), '0 connected');
  assert.equal(new URL(page.url()).hash, '', 'the token leaves the address bar');
  await page.getByLabel('Language').selectOption('de');
  await page.locator('embed-hub [part=title]', { hasText: 'Integrationen' }).waitFor();
  await page.getByLabel('Language').selectOption('ar');
  await page.locator('embed-hub section[dir=rtl]').waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test('the demo page loads the WebAssembly core under the strict CSP and checks JSON live', async () => {
  const { page, problems } = await openPage(browser);
  await page.goto(`${s.url}/`);
  const status = page.locator('#status');
  await status.and(page.locator('[data-state="ok"]')).waitFor({ timeout: 15_000 });
  assert.match(await status.textContent(), /^well-formed JSON \(core 0\.1\.0\)$/);
  await page.fill('#json', '{"name": "slack",\n "enabled": tru}');
  await status.and(page.locator('[data-state="error"]')).waitFor();
  assert.equal(await status.textContent(), 'line 2, column 13: invalid literal: expected true, false or null');
  assert.deepEqual(problems, []);
  await page.close();
});
