// bundle.test.mjs — web/dist/embedhub-embed.min.mjs (scripts/bundle.mjs), the single-file embed:
// it is what bundle.mjs makes of today's sources, exports what element.mjs and index.mjs export,
// loads the core from the .wasm beside it, validates, and its locale chunks hold the locales.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { BUNDLE, bundle, outdir } from '../../scripts/bundle.mjs';
import { root, run } from './helpers.mjs';

const bundleUrl = pathToFileURL(`${outdir}/${BUNDLE}`);

// element.mjs defines <embed-hub> when imported: Node has no DOM, so a stand-in registry that
// records what is defined (no element is constructed here).
const defined = new Map();
globalThis.HTMLElement ??= class {};
globalThis.customElements ??= { define: (name, cls) => defined.set(name, cls), get: (name) => defined.get(name) };

// Node's fetch has no file: URLs; the bundle's core loader fetches its .wasm by URL, so fetch
// answers file: URLs from disk (and records them) while this file runs.
const fetched = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, init) => {
  const u = new URL(String(url));
  if (u.protocol !== 'file:') return realFetch(url, init);
  fetched.push(u.href);
  if (!existsSync(u)) return new Response('', { status: 404 });
  return new Response(readFileSync(u), { headers: { 'content-type': 'application/wasm' } });
};

test('the bundle exists and is what scripts/bundle.mjs makes of the current sources', async () => {
  assert.ok(existsSync(bundleUrl), `${bundleUrl.pathname} is missing: run scripts/build.sh wasm (or node scripts/bundle.mjs)`);
  const fresh = (await bundle({ write: false })).outputFiles.find((f) => f.path.endsWith(`/${BUNDLE}`));
  assert.ok(fresh, 'bundle() makes the entry file');
  assert.equal(readFileSync(bundleUrl, 'utf8'), fresh.text, 'web/dist is stale: run node scripts/bundle.mjs');
});

test("the package exports it as embedhub/embed.min.mjs", () => {
  assert.equal(import.meta.resolve('embedhub/embed.min.mjs'), bundleUrl.href);
});

test('it exports what element.mjs (and with it client.mjs) and index.mjs export, the same kinds of thing', async () => {
  const b = await import(bundleUrl);
  const element = await import('../../web/src/element.mjs');
  const client = await import('../../web/src/client.mjs');
  const index = await import('../../web/src/index.mjs');
  const want = [...new Set([...Object.keys(element), ...Object.keys(client), ...Object.keys(index)])].sort();
  assert.deepEqual(Object.keys(b).sort(), want);
  for (const k of want) assert.equal(typeof b[k], 'function', k);
  assert.equal(b.EmbedHub.observedAttributes.join(), element.EmbedHub.observedAttributes.join());
  // Both copies ran customElements.define('embed-hub', …); the stand-in keeps the last.
  assert.ok(defined.has('embed-hub'));
});

test("load() from the bundle fetches the .wasm beside it, compiles and validates", async () => {
  const { load, SchemaError } = await import(bundleUrl);
  const hub = await load();
  assert.deepEqual(fetched, [new URL('embedhub-core.wasm', bundleUrl).href]);
  const v = hub.compile({ type: 'object', properties: { retryCount: { type: 'integer', maximum: 10 } } });
  assert.deepEqual(v.validate({ retryCount: 3 }), { valid: true, errors: [] });
  const bad = v.validateJson('{"retryCount": 12}');
  assert.equal(bad.valid, false);
  assert.equal(bad.errors[0].instancePath, '/retryCount');
  assert.equal(bad.errors[0].keyword, 'maximum');
  v.free();
  assert.throws(() => hub.compile({ type: 'nope' }), SchemaError);
  assert.equal(hub.checkJson('{"a": }').error.code, 'json_syntax');
});

test("the bundle's HubClient talks to the hub API as client.mjs's does", async () => {
  const { HubClient, HubApiError } = await import(bundleUrl);
  const seen = [];
  const fetch = async (url, init) => {
    seen.push([String(url), init.method ?? 'GET', init.headers.authorization ?? init.headers.Authorization]);
    return String(url).includes('/integrations?')
      ? Response.json({ totalCount: 1, integrations: [{ id: 'i1', name: 'A', imageUrl: '', description: '', isDeployed: true, isActivated: false }] })
      : Response.json({ code: 'not_found', message: 'no such thing' }, { status: 404 });
  };
  const c = new HubClient({ apiBase: 'http://hub.test/', hubId: 'h1', userId: 'u1', token: 't0', fetch, retries: 0 });
  const page = await c.listIntegrations({ first: 5 });
  assert.equal(page.integrations[0].id, 'i1');
  assert.match(seen[0][0], /^http:\/\/hub\.test\/.*h1.*first=5/);
  assert.equal(seen[0][2], 'JWT t0');
  await assert.rejects(c.getIntegration('missing'), (err) => err instanceof HubApiError && err.status === 404 && err.code === 'not_found');
});

test('each locale is a lazy chunk beside the bundle, holding that locale\'s table', async () => {
  const text = readFileSync(bundleUrl, 'utf8');
  const chunks = [...text.matchAll(/import\("\.\/(embedhub-embed-([A-Za-z-]+)-[A-Z0-9]+\.mjs)"\)/g)];
  assert.deepEqual(chunks.map((m) => m[2]).sort(), ['ar', 'de', 'es', 'fr', 'ja', 'pt-BR']);
  for (const [, file, locale] of chunks) {
    const chunk = await import(new URL(file, bundleUrl));
    const source = await import(`../../web/src/locales/${locale}.mjs`);
    assert.deepEqual(chunk.default, source.default, locale);
  }
});

test('embed.min.d.ts types the package export ./embed.min.mjs (tsc on a consumer)', () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = run(process.execPath, [tsc, '--noEmit', '-p', 'tests/js/bundle-types/tsconfig.json'], { cwd: root });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
