// load.test.mjs — the core loads in a real browser page served on 127.0.0.1 under a strict CSP.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createStaticServer, csp } from '../../web/demo/serve.mjs';
import { launch, openPage } from './browser.mjs';

let server, browser, base;

before(async () => {
  server = createStaticServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server.close(resolve));
});

test('the demo page loads the WebAssembly core under a strict CSP and checks JSON live', async () => {
  const { page, problems } = await openPage(browser);
  const response = await page.goto(`${base}/`);
  assert.equal(response.headers()['content-security-policy'], csp);
  const status = page.locator('#status');
  await status.and(page.locator('[data-state="ok"]')).waitFor({ timeout: 15_000 });
  assert.match(await status.textContent(), /^well-formed JSON \(core 0\.1\.0\)$/);

  await page.fill('#json', '{"name": "slack",\n "enabled": tru}');
  await status.and(page.locator('[data-state="error"]')).waitFor();
  assert.equal(await status.textContent(), 'line 2, column 13: invalid literal: expected true, false or null');
  assert.deepEqual(problems, []);
  await page.close();
});
