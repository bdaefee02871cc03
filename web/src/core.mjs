// core.mjs — loads the embedhub WebAssembly core and exposes it as the `hub` object.
//
// Layers, as in sqlite-wasm: the C functions of src/wasm_api.c (UTF-8 JSON in, hub_code and a
// malloc'd JSON text out), a thin `call` helper that owns every allocation it makes and frees it
// in `finally`, and the idiomatic `hub` methods on top. Emscripten-specific code stays in the
// generated glue; the .wasm is instantiated here so Node and browsers share one path.
import createEmbedhubCore from '../dist/embedhub-core.mjs';

const defaultWasmUrl = new URL('../dist/embedhub-core.wasm', import.meta.url);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

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
  let instance, failure;
  const glue = await createEmbedhubCore({
    instantiateWasm(imports, receive) {
      instantiate(source, imports).then(
        (result) => { instance = result.instance; receive(instance); },
        (err) => { failure = err; },
      );
      return {};
    },
  }).catch((err) => { throw failure ?? err; });
  if (!instance) throw failure ?? new Error('embedhub: the WebAssembly core did not start');
  // The glue exposes each C export as `_name` (the .wasm's own export names are minified).
  const memory = Object.values(instance.exports).find((e) => e instanceof WebAssembly.Memory);
  return makeHub(glue, memory);
}

function makeHub(wasm, memory) {
  let bytes = new Uint8Array(memory.buffer);
  // Memory growth detaches the old buffer: refresh the view when that happened.
  const heap = () => (bytes.buffer === memory.buffer ? bytes : (bytes = new Uint8Array(memory.buffer)));
  const outSlot = wasm._malloc(4); // holds the char* a C function hands back; lives as long as the hub

  function readCString(ptr) {
    const h = heap();
    const end = h.indexOf(0, ptr);
    return decoder.decode(h.subarray(ptr, end));
  }

  // Copies a JS string or bytes into a fresh malloc'd block: [ptr, byteLength]. Caller frees ptr.
  function copyIn(input) {
    if (typeof input === 'string') {
      // UTF-8 needs at most 3 bytes per UTF-16 code unit; +1 so that a zero-length input has a block.
      const cap = input.length * 3 + 1;
      const ptr = wasm._malloc(cap);
      if (!ptr) throw new RangeError('embedhub: out of memory');
      const { written } = encoder.encodeInto(input, heap().subarray(ptr, ptr + cap));
      return [ptr, written];
    }
    if (input instanceof Uint8Array) {
      const ptr = wasm._malloc(input.length + 1);
      if (!ptr) throw new RangeError('embedhub: out of memory');
      heap().set(input, ptr);
      return [ptr, input.length];
    }
    throw new TypeError('embedhub: expected a string or a Uint8Array');
  }

  // Calls `fn(ptr, len, outSlot)` on `input`; returns [code, parsed JSON output or null].
  function call(fn, input) {
    const [ptr, len] = copyIn(input);
    let out = 0;
    try {
      new Uint32Array(memory.buffer, outSlot, 1)[0] = 0;
      const code = fn(ptr, len, outSlot);
      out = new Uint32Array(memory.buffer, outSlot, 1)[0];
      if (code === NOMEM) throw new RangeError('embedhub: out of memory');
      return [code, out ? JSON.parse(readCString(out)) : null];
    } finally {
      wasm._free(ptr);
      if (out) wasm._free(out);
    }
  }

  return Object.freeze({
    version: readCString(wasm._hub_wasm_version()),

    checkJson(text) {
      const [code, error] = call(wasm._hub_wasm_json_check, text);
      return code === 0 ? { ok: true } : { ok: false, error };
    },

    /** Bytes of the WebAssembly heap in use (for leak tests and diagnostics). */
    heapUsed() {
      return wasm._hub_wasm_heap_used();
    },
  });
}

const NOMEM = 20; // HUB_ERR_NOMEM in include/embedhub.h
