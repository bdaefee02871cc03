// pack.test.mjs — the npm package as a consumer gets it: `npm pack`, install the tarball into an
// empty project, import it under Node and run its CLI — no emscripten, no build, no network.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fixture, root, run } from './helpers.mjs';

const work = mkdtempSync(join(tmpdir(), 'embedhub-pack-'));
const project = join(work, 'consumer');
let files;

before(() => {
  const packed = run('npm', ['pack', '--json', '--pack-destination', work, '--loglevel=error'], { cwd: root });
  assert.equal(packed.status, 0, packed.stderr);
  const [info] = JSON.parse(packed.stdout);
  files = info.files.map((f) => f.path);
  writeFileSync(join(work, 'package.json'), '{}');
  run('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const installed = run('npm', ['install', '--no-audit', '--no-fund', '--offline', '--loglevel=error', join(work, info.filename)],
    { cwd: project });
  assert.equal(installed.status, 0, installed.stderr);
});

after(() => rmSync(work, { recursive: true, force: true }));

test('the tarball ships the runtime and nothing else', () => {
  for (const f of ['package.json', 'web/dist/embedhub-core.wasm', 'web/dist/embedhub-core.mjs', 'web/dist/embedhub-cli.wasm',
    'web/src/index.d.ts', 'web/src/node.mjs', 'web/src/cli.mjs', 'web/src/element.mjs', 'web/src/client.mjs',
    'web/src/form.mjs', 'web/src/messages.mjs', 'web/src/styles.mjs', 'web/src/embed.d.ts']) {
    assert.ok(files.includes(f), `${f} is packed`);
  }
  for (const f of files) assert.doesNotMatch(f, /^(src|include|tests|build|scripts|bench|\.deps|web\/server|web\/demo)\//, `${f} must not be packed`);
});

test("import { load } from 'embedhub' works under Node in a fresh project", () => {
  writeFileSync(join(project, 'use.mjs'), `
    import { load } from 'embedhub';
    const hub = await load();
    console.log(JSON.stringify([hub.version, hub.checkJson('{"a": [1]}'), hub.checkJson('{"a": }').error.code]));
  `);
  const r = run(process.execPath, ['use.mjs'], { cwd: project });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), ['0.1.0', { ok: true }, 'json_syntax']);
});

test("the package's subpaths resolve: embedhub/client under Node, embedhub/element's file", () => {
  writeFileSync(join(project, 'client.mjs'), `
    import { HubClient, HubApiError } from 'embedhub/client';
    import { createRequire } from 'node:module';
    const client = new HubClient({ apiBase: 'http://127.0.0.1:9', hubId: 'h', userId: 'u', token: 't' });
    console.log(JSON.stringify([typeof client.listIntegrations, typeof HubApiError,
      createRequire(import.meta.url).resolve('embedhub/element').endsWith('web/src/element.mjs')]));
  `);
  const r = run(process.execPath, ['client.mjs'], { cwd: project });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), ['function', 'function', true]);
});

test('npx embedhub check-json runs the packaged CLI with its exit codes', () => {
  copyFileSync(fileURLToPath(fixture('json/good.json')), join(project, 'good.json'));
  copyFileSync(fileURLToPath(fixture('json/bad.json')), join(project, 'bad.json'));
  const good = run('npx', ['--no-install', 'embedhub', 'check-json', 'good.json'], { cwd: project });
  assert.equal(good.status, 0, good.stderr);
  const bad = run('npx', ['--no-install', 'embedhub', 'check-json', 'bad.json'], { cwd: project });
  assert.equal(bad.status, 1, bad.stderr);
  assert.equal(JSON.parse(bad.stdout).file, 'bad.json');
  assert.equal(run('npx', ['--no-install', 'embedhub', 'nonsense'], { cwd: project }).status, 2);
});
