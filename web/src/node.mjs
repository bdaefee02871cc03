// node.mjs — the package entry under Node: reads the .wasm from disk (Node's fetch has no file: URLs).
import { readFile } from 'node:fs/promises';
import { load as loadCore } from './core.mjs';

export { HubError, SchemaError } from './core.mjs';

const wasmPath = new URL('../dist/embedhub-core.wasm', import.meta.url);

/** Loads the core; `options.wasm` overrides where the module comes from, as in the browser. */
export async function load(options = {}) {
  return loadCore({ ...options, wasm: options.wasm ?? (await readFile(wasmPath)) });
}
