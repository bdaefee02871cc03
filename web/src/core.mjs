// core.mjs — loads the embedhub WebAssembly core and exposes it as the `hub` object.
//
// Layers, as in sqlite-wasm: the C functions of src/wasm_api.c (UTF-8 JSON in, hub_code and a
// malloc'd JSON text out), thin `call` and `domain` helpers (core/memory.mjs) that own every
// allocation they make and free it in `finally`, and the idiomatic `hub` methods on top. Emscripten-specific code stays in the
// generated glue; the .wasm is instantiated here so Node and browsers share one path.
import createEmbedhubCore from '../dist/embedhub-core.mjs';
import { HubError, SchemaError, TOO_DEEP, toJsonText } from './core/errors.mjs';
import { boundary } from './core/memory.mjs';

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

// The boundary's one table: every C function of the WebAssembly module. CMakeLists.txt reads this
// list (between the brackets) for the module's EXPORTED_FUNCTIONS, and load() checks that each is
// there, so a new C entry point is added here and only here. The constants below carry the name
// of their header macro; tests/js/domain.test.mjs checks their values against include/embedhub.h.
const WASM_EXPORTS = [
  'malloc', 'free', 'calloc',
  'wasm_json_check', 'wasm_version', 'wasm_heap_used',
  'hub_page_build', 'hub_page_query_parse', 'hub_cursor_encode', 'hub_status_transition', 'hub_status_action',
  'hub_connection_transition', 'hub_tile_state', 'hub_form_build', 'hub_settings_build',
  'wasm_ctx_new', 'wasm_result_new', 'wasm_schema_free', 'wasm_add_schema',
  'wasm_compile', 'wasm_validate', 'wasm_result_errors',
  'hub_models_new', 'hub_models_free', 'hub_model_validate', 'hub_activation_validate', 'hub_binding_options',
];

const FORMAT_ASSERT = 1; // HUB_FORMAT_ASSERT
const ALL_ERRORS = 2;    // HUB_ALL_ERRORS
const DRAFT7 = 4;        // HUB_DRAFT7
const NOMEM = 20;        // HUB_ERR_NOMEM
const CURSOR_KEY_BYTES = 16; // HUB_CURSOR_KEY_BYTES

function makeHub(wasm, memory) {
  const missing = WASM_EXPORTS.filter((name) => typeof wasm[`_${name}`] !== 'function');
  if (missing.length) throw new Error(`embedhub: the WebAssembly core lacks ${missing.join(', ')}: rebuild it (scripts/build.sh wasm)`);
  const { readWord, outSlot, readCString, readErrors, copyIn, scratchIn, scratchPtr, call, domain } = boundary(wasm, memory);
  // Made on first use, live as long as the hub: the schema registry and the validation workspace.
  let ctx = 0, workspace = 0, models = 0;
  const modelsHandle = () => {
    if (!models) models = wasm._hub_models_new(0);
    if (!models) throw new RangeError('embedhub: out of memory');
    return models;
  };
  const schemaState = () => {
    if (!ctx) ctx = wasm._wasm_ctx_new();
    if (!workspace) workspace = wasm._wasm_result_new();
    if (!ctx || !workspace) throw new RangeError('embedhub: out of memory');
  };

  const registry = new FinalizationRegistry((handle) => wasm._wasm_schema_free(handle));

  function makeValidator(handle) {
    const token = {};
    let live = true;
    const check = () => { if (!live) throw new Error('embedhub: this validator was freed'); };
    const run = (text) => {
      const len = scratchIn(text);
      const valid = wasm._wasm_validate(handle, workspace, scratchPtr(), len, outSlot); // sets *outSlot
      const out = readWord(outSlot);
      let parseError = null;
      if (out) {
        try { parseError = JSON.parse(readCString(out)); } finally { wasm._free(out); }
      }
      if (valid === 1) return { valid: true, errors: [] };
      if (valid === 0) return { valid: false, errors: readErrors(workspace) };
      if (!parseError) throw new RangeError('embedhub: out of memory');
      const { code, message, offset, line, column } = parseError;
      return {
        valid: false,
        errors: [{ instancePath: '', schemaPath: '', keyword: 'json', field: '', code, offset, line, column,
          message: `is not JSON: ${message} at line ${line}, column ${column}` }],
      };
    };
    const validator = {
      validate(value) { check(); return run(toJsonText(value)); },
      validateJson(text) {
        check();
        if (typeof text !== 'string' && !(text instanceof Uint8Array)) throw new TypeError('embedhub: validateJson takes JSON text');
        return run(text);
      },
      free() {
        if (!live) return;
        live = false;
        registry.unregister(token);
        wasm._wasm_schema_free(handle);
      },
    };
    registry.register(validator, handle, token);
    return Object.freeze(validator);
  }

  // A schema is JSON text as is, or a value serialised; one too deep for V8 to serialise is a
  // SchemaError schema_limit like one too deep for the core (JSON text nests at most 512 deep).
  const schemaText = (schema) => {
    if (typeof schema === 'string') return schema;
    try {
      return toJsonText(schema);
    } catch (err) {
      if (err instanceof RangeError && err.message === TOO_DEEP) {
        throw new SchemaError({ code: 'schema_limit', message: 'the schema is nested too deeply to serialise as JSON', pointer: '' });
      }
      throw err;
    }
  };

  const cursorKey = (key) => {
    if (!(key instanceof Uint8Array) || key.length !== CURSOR_KEY_BYTES) {
      throw new TypeError(`embedhub: a cursor key is a Uint8Array of ${CURSOR_KEY_BYTES} bytes`);
    }
    return key;
  };

  return Object.freeze({
    version: readCString(wasm._wasm_version()),

    checkJson(text) {
      const [code, error] = call(text, wasm._wasm_json_check);
      if (code === NOMEM) throw new RangeError('embedhub: out of memory');
      return code === 0 ? { ok: true } : { ok: false, error };
    },

    compile(schema, options = {}) {
      const { formats = 'annotate', mode = 'first', dialect = '2020-12' } = options;
      if (formats !== 'annotate' && formats !== 'assert') throw new TypeError("embedhub: formats must be 'annotate' or 'assert'");
      if (mode !== 'first' && mode !== 'all') throw new TypeError("embedhub: mode must be 'first' or 'all'");
      if (dialect !== '2020-12' && dialect !== 'draft-07') throw new TypeError("embedhub: dialect must be '2020-12' or 'draft-07'");
      const flags = (formats === 'assert' ? FORMAT_ASSERT : 0) | (mode === 'all' ? ALL_ERRORS : 0)
        | (dialect === 'draft-07' ? DRAFT7 : 0);
      schemaState();
      const [handle, error] = call(schemaText(schema), (ptr, len, slot) => wasm._wasm_compile(ctx, ptr, len, flags, slot));
      if (!handle) throw error ? new SchemaError(error) : new RangeError('embedhub: out of memory');
      return makeValidator(handle);
    },

    addSchema(uri, schema) {
      if (typeof uri !== 'string' || !uri) throw new TypeError('embedhub: addSchema needs an absolute URI');
      schemaState();
      const [uriPtr] = copyIn(uri);
      try {
        const [code, error] = call(schemaText(schema), (ptr, len, slot) => wasm._wasm_add_schema(ctx, uriPtr, ptr, len, slot));
        if (code !== 0) throw error ? new SchemaError(error) : new RangeError('embedhub: out of memory');
      } finally {
        wasm._free(uriPtr);
      }
    },

    page(items, query, key) {
      return domain(wasm._hub_page_build, items, query ?? {}, cursorKey(key));
    },

    pageQuery(query, key) {
      return domain(wasm._hub_page_query_parse, query ?? {}, cursorKey(key));
    },

    cursorEncode(position, query, key) {
      return domain(wasm._hub_cursor_encode, position, query ?? {}, cursorKey(key)).cursor;
    },

    transition(status, event) {
      return domain(wasm._hub_status_transition, { status: status ?? null, event: event ?? null }).status;
    },

    actionFor(status) {
      return domain(wasm._hub_status_action, { status: status ?? null }).action;
    },

    applyEvent(connection, event, { now, error } = {}) {
      const input = { connection, event, now };
      if (error !== undefined) input.error = error;
      return domain(wasm._hub_connection_transition, input);
    },

    tileState(input) {
      return domain(wasm._hub_tile_state, input);
    },

    formFor(variablesSchema) {
      return domain(wasm._hub_form_build, variablesSchema);
    },

    settingsRecord(variablesSchema, values, { secrets } = {}) {
      const input = { variablesSchema, values: values ?? null };
      if (secrets !== undefined) input.secrets = secrets;
      return domain(wasm._hub_settings_build, input).integrationSettings;
    },

    validateModel(name, value) {
      return domain(wasm._hub_model_validate, modelsHandle(), { model: name, value });
    },

    validateActivation(payload, integration, connections, context = {}) {
      const input = { payload, integration, connections: connections ?? [] };
      if (context.user !== undefined) input.user = context.user;
      if (context.activated !== undefined) input.activated = context.activated;
      return domain(wasm._hub_activation_validate, modelsHandle(), input);
    },

    bindingOptions(integration, connections, context = {}) {
      const input = { integration, connections: connections ?? [] };
      if (context.user !== undefined) input.user = context.user;
      return domain(wasm._hub_binding_options, modelsHandle(), input);
    },

    /** Bytes of the WebAssembly heap in use (for leak tests and diagnostics). */
    heapUsed() {
      return wasm._wasm_heap_used();
    },
  });
}
