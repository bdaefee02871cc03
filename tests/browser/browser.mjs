// browser.mjs — shared by the browser tests: Debian's Chromium through playwright-core.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startServer } from '../server/helpers.mjs';
import { assertNoSecretAtRest } from './at-rest-scan.mjs';

/** Launches headless Chromium with the flags this machine needs (see TOOLCHAIN.md). */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Opens a page that records console errors and page errors into the returned array. */
export async function openPage(browser) {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return { page, problems };
}

// ---- the embed's pages: tests/browser/embed*.test.mjs ----------------------------------------

/** Where screenshots for review go (gitignored). */
export const ARTIFACTS = new URL('../artifacts/', import.meta.url);

/** A hub server with the demo seed and a browser: {s, browser, hubId} (the 'Acme CRM' hub). */
export async function startEmbedEnv() {
  mkdirSync(ARTIFACTS, { recursive: true });
  // Test hooks on: POST /admin/connections/{id}/events pushes a connection into needs_reauth.
  const s = await startServer({ config: { testHooks: true } });
  return { s, hubId: s.hubs['Acme CRM'].id, browser: await launch() };
}

/** Closes the browser, scans the server's data directory for secrets in plain text (issue 10:
 * after every browser test file), then stops the server. */
export async function stopEmbedEnv({ s, browser } = {}) {
  await browser?.close();
  try {
    if (s) console.log(`at-rest scan of ${s.dataDir}: ${await assertNoSecretAtRest(s)} secrets, none found in plain text`);
  } finally {
    await s?.close();
  }
}

/** The CSP the embed must work under (issue 6), byte for byte. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const TEST_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/embed-test/icon.svg"><link rel="stylesheet" href="/embed-test/page.css"><title>embed test</title></head>
<body><main id="host"></main><script type="module" src="/embed-test/boot.mjs"></script></body>
</html>`;

// Mounts the embed with the options in the URL fragment and records its events. The options are
// kept for the tab: a same-window sign-in comes back with the hub's own fragment instead.
const BOOT = `import { mount } from '/src/element.mjs';
let options;
try {
  options = JSON.parse(decodeURIComponent(location.hash.slice(1)));
  sessionStorage.setItem('embed-test-options', JSON.stringify(options));
} catch {
  options = JSON.parse(sessionStorage.getItem('embed-test-options'));
}
window.embedEvents = [];
const el = mount(document.getElementById('host'), options);
const plain = (k, v) => (v instanceof Error ? { name: v.name, message: v.message, status: v.status, code: v.code } : v);
for (const type of ['ready', 'activate', 'activated', 'deactivated', 'settings-changed', 'error', 'close']) {
  el.addEventListener(type, (e) => window.embedEvents.push({ type, detail: JSON.parse(JSON.stringify(e.detail ?? null, plain)) }));
}`;

const PAGE_CSS = 'body { margin: 0; background: #e9e9ee; } main { max-width: 1080px; margin: 0 auto; }\n'
  + '@media (prefers-color-scheme: dark) { body { background: #050507; } }';

/**
 * Opens a page on the hub server's origin (so /src, /dist and /icons are 'self') served with
 * `csp`, mounting <embed-hub> with `options` ({apiBase, hubId, userId, token, …}). The page
 * itself is answered by the test, not the server. Returns {page, context, problems, response}.
 */
export async function openEmbed(browser, hubUrl, options, { csp = STRICT_CSP, colorScheme = 'light', viewport = { width: 1080, height: 800 }, before } = {}) {
  const context = await browser.newContext({ colorScheme, viewport });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  const files = {
    '/embed-test/': ['text/html; charset=utf-8', TEST_PAGE],
    '/embed-test/boot.mjs': ['text/javascript; charset=utf-8', BOOT],
    '/embed-test/page.css': ['text/css; charset=utf-8', PAGE_CSS],
    '/embed-test/icon.svg': ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'],
  };
  await context.route(`${hubUrl}/embed-test/**`, (route) => {
    const [type, body] = files[new URL(route.request().url()).pathname] ?? ['text/plain', 'not found'];
    route.fulfill({ status: type === 'text/plain' ? 404 : 200, contentType: type, body, headers: { 'content-security-policy': csp } });
  });
  await before?.(page, context);
  const response = await page.goto(`${hubUrl}/embed-test/#${encodeURIComponent(JSON.stringify({ apiBase: hubUrl, ...options }))}`);
  return { page, context, problems, response };
}

/** Activates integration `name` for `user` through the API with a new API-key connection;
 * resolves with the Activation. */
export async function activateViaApi(s, hubId, user, token, name, extra = {}) {
  const all = (await s.get(`/embed/${hubId}/users/${user}/integrations?first=100`, { token })).body.integrations;
  const id = all.find((i) => i.name === name).id;
  const [tpl] = (await s.get(`/embed/${hubId}/users/${user}/integrations/${id}`, { token })).body.connectionTemplates;
  const conn = await s.post(`/hubs/${hubId}/users/${user}/connections`, { token, body: { templateId: tpl.id, apiKey: 'key-123' } });
  if (conn.body.status !== 'active') throw new Error(`connection for ${name}: ${conn.text}`);
  const act = await s.post('/activations', { token, body: { userId: user, integrationId: id, connections: [{ templateId: tpl.id, connectionId: conn.body.id }], ...extra } });
  if (act.status !== 200) throw new Error(`activation of ${name}: ${act.text}`);
  return act.body;
}

/** Resolves once <embed-hub> fired `ready`. */
export const embedReady = (page) => page.waitForFunction(() => window.embedEvents?.some((e) => e.type === 'ready'), null, { timeout: 20_000 });

/** Searches the embed's grid for `name` and resolves, once the search's tiles and their states
 * are in, with the tile whose heading is exactly `name`. */
export async function searchTile(page, name) {
  await page.getByRole('searchbox').fill(name);
  await page.waitForFunction((q) => {
    const root = document.querySelector('embed-hub').shadowRoot;
    const names = [...root.querySelectorAll('li.tile h3')].map((x) => x.textContent);
    return !root.querySelector('[aria-busy]') && root.querySelector('li.tile .badge') && names.includes(q);
  }, name);
  return page.locator('embed-hub li.tile', { has: page.getByRole('heading', { name, exact: true }) });
}
