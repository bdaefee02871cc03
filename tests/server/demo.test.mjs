// demo.test.mjs — what `npm start` serves besides the API: the demo page and the embed's files
// under the strict CSP, the WebAssembly core with its MIME type, and nothing outside web/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer } from './helpers.mjs';

let s;
before(async () => { s = await startServer(); });
after(() => s.close());

test('/ and /demo lead to the demo page, served under the strict CSP', async () => {
  for (const path of ['/', '/demo']) {
    const r = await fetch(s.url + path, { redirect: 'manual' });
    assert.equal(r.status, 302, path);
    assert.equal(r.headers.get('location'), '/demo/');
  }
  const page = await fetch(`${s.url}/demo/`);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  const csp = page.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(csp, /style-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.match(await page.text(), /<script type="module" src="demo\.mjs"><\/script>/);
});

test('the embed\'s modules and the core are served with their types', async () => {
  const cases = [
    ['/demo/demo.mjs', 'text/javascript; charset=utf-8'],
    ['/demo/demo.css', 'text/css; charset=utf-8'],
    ['/src/index.mjs', 'text/javascript; charset=utf-8'],
    ['/dist/embedhub-core.wasm', 'application/wasm'],
  ];
  for (const [path, type] of cases) {
    const r = await fetch(s.url + path);
    assert.equal(r.status, 200, path);
    assert.equal(r.headers.get('content-type'), type, path);
  }
});

test('nothing outside web/demo, web/src and web/dist is served', async () => {
  for (const path of ['/demo/../server/config.mjs', '/src/%2e%2e/server/config.mjs', '/demo/..%2F..%2Fpackage.json',
    '/server/config.mjs', '/dist/../../package.json', '/demo/%00', '/demo/nope.html', '/src/']) {
    const r = await fetch(s.url + path);
    assert.equal(r.status, 404, path);
  }
});
