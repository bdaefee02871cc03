// core.mjs — loads the embedhub WebAssembly core and exposes it as the `hub` object.
//
// Layers, as in sqlite-wasm: the C functions of src/wasm_api.c and include/embedhub.h (UTF-8 JSON
// in, hub_code and a malloc'd JSON text out), bound by name from the one table src/bindings.json
// (core/bindings.mjs, generated); thin `call` and `domain` helpers (core/memory.mjs) that own
// every allocation they make and free it in `finally`; and the idiomatic `hub` methods on top
// (core/schemas.mjs, core/domain-api.mjs). Emscripten-specific code stays in the generated glue;
// the .wasm is instantiated here so Node and browsers share one path.
import createEmbedhubCore from '../dist/embedhub-core.mjs';
import { bindExports, NOMEM, OK } from './core/bindings.mjs';
import { domainApi } from './core/domain-api.mjs';
import { HubError, SchemaError } from './core/errors.mjs';
import { boundary } from './core/memory.mjs';
import { schemaApi } from './core/schemas.mjs';

export { HubError, SchemaError };

const defaultWasmUrl = new URL('../dist/embedhub-core.wasm', import.meta.url);

async function instantiate(source, imports) {
  if (source instanceof WebAssembly.Module) {
    return { instance: await WebAssembly.instantiate(source, imports) };
  }
  if (ArrayBuffer.isView(source) || source instanceof ArrayBuffer) {
    return WebAssembly.instantiate(source, imports);
  }
  const response = typeof source === 'string' || source instanceof URL ? fetch(source) : source;
  if (typeof WebAssembly.instantiateStreaming === 'function') {
    try {
      return await WebAssembly.instantiateStreaming(response, imports);
    } catch (err) {
      // A server that sends the wrong MIME type defeats streaming; fall back to a buffer below.
      if (!(err instanceof TypeError)) throw err;
    }
  }
  const res = await response;
  if (!res.ok) throw new Error(`embedhub: cannot load the WebAssembly core from ${res.url}: HTTP ${res.status}`);
  return WebAssembly.instantiate(await res.arrayBuffer(), imports);
}

/**
 * Loads the core. `options.wasm` is where the .wasm comes from: a URL (default: beside this
 * module), bytes, a compiled WebAssembly.Module, or a (promise of a) fetch Response.
 * @returns {Promise<import('./index.d.ts').Hub>}
 */
export async function load(options = {}) {
  const source = options.wasm ?? defaultWasmUrl;
  let instance;
  // The glue's promise never settles when instantiation fails (it only hears of success), so
  // race it against the failure.
  let fail;
  const failed = new Promise((_, reject) => { fail = reject; });
  const glue = await Promise.race([
    createEmbedhubCore({
      instantiateWasm(imports, receive) {
        instantiate(source, imports).then((result) => { instance = result.instance; receive(instance); }, fail);
        return {};
      },
    }),
    failed,
  ]);
  // The glue exposes each C export as `_name` (the .wasm's own export names are minified).
  const memory = Object.values(instance.exports).find((e) => e instanceof WebAssembly.Memory);
  return makeHub(glue, memory);
}

function makeHub(glue, memory) {
  const c = bindExports(glue);
  const io = boundary(c, memory);
  return Object.freeze({
    version: io.readCString(c.wasm_version()),

    checkJson(text) {
      const [code, error] = io.call(text, c.wasm_json_check);
      if (code === NOMEM) throw new RangeError('embedhub: out of memory');
      return code === OK ? { ok: true } : { ok: false, error };
    },

    ...schemaApi(c, io),
    ...domainApi(c, io),

    /** Bytes of the WebAssembly heap in use (for leak tests and diagnostics). */
    heapUsed() {
      return c.wasm_heap_used();
    },
  });
}
