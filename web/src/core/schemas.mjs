// core/schemas.mjs — the hub's JSON Schema calls: compile() and addSchema(), and the validators
// they hand out (each owns a compiled schema in WebAssembly memory, released by free() or, as a
// backstop, when the validator is garbage-collected).
import { ALL_ERRORS, DRAFT7, FORMAT_ASSERT } from './bindings.mjs';
import { binaryEncoder } from './encode.mjs';
import { SchemaError, TOO_DEEP, toJsonText } from './errors.mjs';

// A schema is JSON text as is, or a value serialised; one too deep for V8 to serialise is a
// SchemaError schema_limit like one too deep for the core (JSON text nests at most 512 deep).
function schemaText(schema) {
  if (typeof schema === 'string') return schema;
  try {
    return toJsonText(schema);
  } catch (err) {
    if (err instanceof RangeError && err.message === TOO_DEEP) {
      throw new SchemaError({ code: 'schema_limit', message: 'the schema is nested too deeply to serialise as JSON', pointer: '' });
    }
    throw err;
  }
}

function compileFlags({ formats = 'annotate', mode = 'first', dialect = '2020-12' }) {
  if (formats !== 'annotate' && formats !== 'assert') throw new TypeError("embedhub: formats must be 'annotate' or 'assert'");
  if (mode !== 'first' && mode !== 'all') throw new TypeError("embedhub: mode must be 'first' or 'all'");
  if (dialect !== '2020-12' && dialect !== 'draft-07') throw new TypeError("embedhub: dialect must be '2020-12' or 'draft-07'");
  return (formats === 'assert' ? FORMAT_ASSERT : 0) | (mode === 'all' ? ALL_ERRORS : 0) | (dialect === 'draft-07' ? DRAFT7 : 0);
}

// The answer of wasm_validate or wasm_validate_binary (`valid`): the errors, or one `json` error
// when the input is not JSON (its parse error JSON in *outSlot).
function answer(c, io, workspace, valid) {
  const { readWord, outSlot, readCString, readErrors } = io;
  const out = readWord(outSlot);
  let parseError = null;
  if (out) {
    try { parseError = JSON.parse(readCString(out)); } finally { c.free(out); }
  }
  if (valid === 1) return { valid: true, errors: [] };
  if (valid === 0) return { valid: false, errors: readErrors(workspace()) };
  if (!parseError) throw new RangeError('embedhub: out of memory');
  const { code, message, offset, line, column } = parseError;
  return {
    valid: false,
    errors: [{ instancePath: '', schemaPath: '', keyword: 'json', field: '', code, offset, line, column,
      message: `is not JSON: ${message} at line ${line}, column ${column}` }],
  };
}

// Validation with compiled schema `handle`: of JSON text (text(t)), and of a JS value (value(v)):
// written into memory in the binary encoding (encode.mjs), or as its JSON text when the encoder
// declines it (so every refusal and error is the text path's).
function runner(c, io, encoder, workspace, handle) {
  const { outSlot, scratchIn, scratchPtr } = io;
  const text = (t) => {
    const len = scratchIn(t);
    return answer(c, io, workspace, c.wasm_validate(handle, workspace(), scratchPtr(), len, outSlot));
  };
  const value = (v) => {
    const len = encoder.encode(v);
    if (len < 0) return text(toJsonText(v));
    try {
      return answer(c, io, workspace, c.wasm_validate_binary(handle, workspace(), encoder.ptr(), len, outSlot));
    } finally {
      encoder.trim(); // the instance tree's strings point into the encoding: only now may it go
    }
  };
  return { text, value };
}

/** compile() and addSchema() over boundary `io`; the registry and the workspace are made on first use. */
export function schemaApi(c, io) {
  // Live as long as the hub: the schema registry and the validation workspace.
  let ctx = 0, workspace = 0;
  const state = () => {
    if (!ctx) ctx = c.wasm_ctx_new();
    if (!workspace) workspace = c.wasm_result_new();
    if (!ctx || !workspace) throw new RangeError('embedhub: out of memory');
  };
  const registry = new FinalizationRegistry((handle) => c.wasm_schema_free(handle));
  const encoder = binaryEncoder(c, io.heap);

  function makeValidator(handle) {
    const token = {};
    let live = true;
    const check = () => { if (!live) throw new Error('embedhub: this validator was freed'); };
    const run = runner(c, io, encoder, () => workspace, handle);
    const validator = {
      validate(value) { check(); return run.value(value); },
      validateJson(text) {
        check();
        if (typeof text !== 'string' && !(text instanceof Uint8Array)) throw new TypeError('embedhub: validateJson takes JSON text');
        return run.text(text);
      },
      free() {
        if (!live) return;
        live = false;
        registry.unregister(token);
        c.wasm_schema_free(handle);
      },
    };
    registry.register(validator, handle, token);
    return Object.freeze(validator);
  }

  return {
    compile(schema, options = {}) {
      const flags = compileFlags(options);
      state();
      const [handle, error] = io.call(schemaText(schema), (ptr, len, slot) => c.wasm_compile(ctx, ptr, len, flags, slot));
      if (!handle) throw error ? new SchemaError(error) : new RangeError('embedhub: out of memory');
      return makeValidator(handle);
    },

    addSchema(uri, schema) {
      if (typeof uri !== 'string' || !uri) throw new TypeError('embedhub: addSchema needs an absolute URI');
      state();
      const [uriPtr] = io.copyIn(uri);
      try {
        const [code, error] = io.call(schemaText(schema), (ptr, len, slot) => c.wasm_add_schema(ctx, uriPtr, ptr, len, slot));
        if (code !== 0) throw error ? new SchemaError(error) : new RangeError('embedhub: out of memory');
      } finally {
        c.free(uriPtr);
      }
    },
  };
}
