// helpers.mjs — shared by the Node tests: the loaded core, fixture paths, running commands.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from '../../web/src/node.mjs';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const fixture = (name) => new URL(`../fixtures/${name}`, import.meta.url);
export const readJson = (url) => JSON.parse(readFileSync(url, 'utf8'));

let hubPromise;
/** The core, loaded once per test file. */
export const loadHub = () => (hubPromise ??= load());

/** Runs a command to completion: {status, stdout, stderr}. */
export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: root, timeout: 120_000, ...options });
  if (r.error) throw r.error;
  return r;
}
