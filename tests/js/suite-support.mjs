// suite-support.mjs — the JSON-Schema-Test-Suite (../shared) for the Node tests: its folder, its
// .json files, and a core with its remotes registered as http://localhost:1234/<path>.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from '../../web/src/node.mjs';

export const SUITE = fileURLToPath(new URL('../../../shared/json-schema-test-suite/', import.meta.url));

/** Every .json file under `dir`, sorted, recursively. */
export const walk = (dir) => readdirSync(dir).sort().flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? walk(p) : p.endsWith('.json') ? [p] : [];
});

/** A loaded core with the suite's remotes registered. */
export async function suiteHub() {
  const hub = await load();
  for (const file of walk(join(SUITE, 'remotes'))) {
    hub.addSchema(`http://localhost:1234/${relative(join(SUITE, 'remotes'), file)}`, readFileSync(file, 'utf8'));
  }
  return hub;
}
