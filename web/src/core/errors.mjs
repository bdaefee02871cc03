// core/errors.mjs — what the core's JS layer throws (SchemaError, HubError) and how it turns JS
// values into JSON text without silently changing them (toJsonText).

/** Thrown by compile() and addSchema() for a schema that is not valid; `pointer` says where. */
export class SchemaError extends Error {
  constructor(detail) {
    super(detail.pointer ? `${detail.message} (at ${detail.pointer})` : detail.message);
    this.name = 'SchemaError';
    this.code = detail.code;
    this.pointer = detail.pointer ?? '';
    if (detail.line) Object.assign(this, { offset: detail.offset, line: detail.line, column: detail.column });
  }
}

/** Thrown by the domain calls (page, transition, formFor, …) for bad input. `code` is stable;
 * `fields` say where ([{field: "connections[0].templateId", message}]); toJSON() is the wire
 * Error body. */
export class HubError extends Error {
  constructor(body) {
    super(body.message);
    this.name = 'HubError';
    this.code = body.code;
    this.fields = body.fields ?? [];
    if (body.details) this.details = body.details;
  }

  /** The field of the first problem (`fields[0].field`), "" when the error is about no field. */
  get field() {
    return this.fields[0]?.field ?? '';
  }

  toJSON() {
    const body = { code: this.code, message: this.message };
    if (this.fields.length) body.fields = this.fields;
    if (this.details) body.details = this.details;
    return body;
  }
}

// A lone surrogate (U+D800..U+DFFF unpaired) is not Unicode text, so not a JSON value either:
// JSON.stringify writes it as the escape \udXXX, which it writes for nothing else.
const LONE_SURROGATE = /(?<!\\)(?:\\\\)*\\ud[89a-f]/;
// Thrown by toJsonText when V8 cannot serialise the value (nested too deeply, or too long).
export const TOO_DEEP = 'embedhub: the value is nested too deeply (or is too large) to serialise as JSON';

const refuse = (what) => { throw new TypeError(`embedhub: ${what} is not a JSON value`); };

// What JSON.stringify writes as null without a word: NaN and ±Infinity anywhere, and undefined,
// functions and symbols in arrays. The values it serialises are walked as it walks them (toJSON
// applied, own enumerable keys, boxed primitives not entered): the checks a replacer made before,
// without a second serialisation.
function checkHidden(key, value, inArray) {
  if (value !== null && (typeof value === 'object' || typeof value === 'bigint') && typeof value.toJSON === 'function') {
    value = value.toJSON(String(key));
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) refuse(String(value));
    return;
  }
  if (inArray && (value === undefined || typeof value === 'function' || typeof value === 'symbol')) refuse(typeof value);
  if (value === null || typeof value !== 'object' || value instanceof Number || value instanceof String
    || value instanceof Boolean) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkHidden(i, value[i], true);
    return;
  }
  for (const k of Object.keys(value)) checkHidden(k, value[k], false);
}

// JSON.stringify, but refusing what JSON cannot represent instead of silently changing it:
// TypeError for NaN, ±Infinity, undefined, functions, symbols, BigInt, cycles and lone
// surrogates; RangeError (TOO_DEEP) where V8's own stack or string limits would be hit.
export function toJsonText(value) {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') refuse(String(typeof value));
  let text;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw err instanceof RangeError ? new RangeError(TOO_DEEP, { cause: err }) : err;
  }
  if (text.includes('\\ud') && LONE_SURROGATE.test(text)) refuse('a string with a lone surrogate');
  // What JSON.stringify changes silently comes out as null: a text without "null" hid nothing.
  if (!text.includes('null')) return text;
  try {
    checkHidden('', value, false);
  } catch (err) {
    throw err instanceof RangeError ? new RangeError(TOO_DEEP, { cause: err }) : err;
  }
  return text;
}
