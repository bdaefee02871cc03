// index.d.ts — the public contract of the `embedhub` package, written by hand.
import type {
  IntegrationSummary, PageQuery, CursorPosition, IntegrationPage, NormalizedPageQuery,
  ConnectionStatus, ConnectionEvent, Connection, TileState, TileAction, ConnectionAction,
  FormCondition, FormAction, FormControl, IntegrationSetting, FormField, SettingsForm, ModelName,
  ActivationError, BindingReason, BindingOption, ActivationResult,
} from './core/domain.js';

/** Where the WebAssembly module comes from. Default: `embedhub-core.wasm` beside the glue. */
export type WasmSource =
  | string
  | URL
  | ArrayBuffer
  | ArrayBufferView
  | WebAssembly.Module
  | Response
  | PromiseLike<Response>;

export interface LoadOptions {
  wasm?: WasmSource;
}

/** A malformed-JSON report. `offset` is a byte offset into the UTF-8 text; `line` and
 * `column` are 1-based, `column` counting code points. */
export interface JsonError {
  /** Stable code: `json_empty`, `json_syntax`, `json_string`, `json_escape`, `json_utf8`,
   * `json_number`, `json_depth`, `json_trailing`, `json_duplicate_key`, `json_too_large`. */
  code: string;
  message: string;
  offset: number;
  line: number;
  column: number;
}

export type JsonCheckResult = { ok: true } | { ok: false; error: JsonError };

/** One validation error. Paths are JSON Pointers: `instancePath` into the instance,
 * `schemaPath` along the keywords evaluated (e.g. "/properties/name/maxLength"). */
export interface ValidationError {
  instancePath: string;
  schemaPath: string;
  /** The failing keyword ("maxLength", "required", …), or "json" when the text is not JSON. */
  keyword: string;
  /** A sentence naming the expected and the actual value: "must be at most 64 characters, got 70". */
  message: string;
  /** The member the error is about, for programs: the missing one for required,
   * dependentRequired and dependencies, the unexpected one for additionalProperties and
   * unevaluatedProperties. */
  property?: string;
  /** Where the error is, for people and forms: the instance path as `a.b[0].c`, then
   * `property` when there is one ("auth.apiKey" for a missing required apiKey of /auth; "" for
   * the root). Items are `[i]`; a member name that is empty, all digits, or holds . [ ] " ' \
   * or a control character is written `["name"]` (a JSON string): `m["0"]`, `m["it's"]`. The
   * same rule as every field the core writes. */
  field: string;
  /** Present when keyword is "json": the parse error's code and position. */
  code?: string;
  offset?: number;
  line?: number;
  column?: number;
}

export interface ValidationResult {
  valid: boolean;
  errors: ValidationError[];
}

export interface CompileOptions {
  /** 'annotate' (default): `format` never fails; 'assert': invalid formats fail. */
  formats?: 'annotate' | 'assert';
  /** 'first' (default, fastest): stop at the first error; 'all': report every error. */
  mode?: 'first' | 'all';
  /** The dialect of schemas without `$schema` (default '2020-12'). */
  dialect?: '2020-12' | 'draft-07';
}

/** A compiled schema. Call free() when done (a FinalizationRegistry is only a backstop). */
export interface Validator {
  /** Validates a JS value as the JSON it stands for (a string is a string instance). Throws a
   * TypeError for values JSON cannot represent: NaN, Infinity, BigInt, functions, cycles, and
   * strings (values or member names) holding a lone surrogate such as "\ud800" (not Unicode
   * text, so not JSON). A value nested too deeply for V8 to serialise throws a RangeError. */
  validate(value: unknown): ValidationResult;
  /** Validates JSON text, parsed in the core. Malformed text is one error with keyword "json". */
  validateJson(text: string | Uint8Array): ValidationResult;
  /** Releases the compiled program; later calls throw. Calling it twice is harmless. */
  free(): void;
}

/** A schema that is not a valid schema (or not JSON). `pointer` is the JSON Pointer of the
 * offending keyword. */
export class SchemaError extends Error {
  readonly code: string;
  readonly pointer: string;
  readonly offset?: number;
  readonly line?: number;
  readonly column?: number;
}

/** Thrown by the domain calls for bad input. `fields[].field` uses the `a.b[0].c` form. */
export class HubError extends Error {
  readonly code: string;
  readonly fields: { field: string; message: string }[];
  readonly details?: { offset: number; line: number; column: number };
  /** `fields[0].field`, or "" when the error is about no field. */
  readonly field: string;
  /** The wire Error body {code, message, fields?, details?}. */
  toJSON(): { code: string; message: string; fields?: { field: string; message: string }[]; details?: object };
}

/** A JSON value, or its JSON text (a string argument to a domain call is always JSON text). */
type JsonInput<T> = T | string;

// The domain calls' types live in core/domain.d.ts.
export type {
  IntegrationSummary, PageQuery, CursorPosition, IntegrationPage, NormalizedPageQuery,
  ConnectionStatus, ConnectionEvent, Connection, TileState, TileAction, ConnectionAction,
  FormCondition, FormAction, FormControl, IntegrationSetting, FormField, SettingsForm, ModelName,
  ActivationError, BindingReason, BindingOption, ActivationResult,
} from './core/domain.js';

/** A JSON Schema: an object or a boolean, or its JSON text. */
export type Schema = boolean | { [keyword: string]: unknown } | string;

export interface Hub {
  /** The core's version, e.g. "0.1.0". */
  readonly version: string;
  /** Checks that `text` is one well-formed JSON value (RFC 8259, valid UTF-8, no duplicate
   * member names, nesting at most 512 deep). Bytes are checked as given. */
  checkJson(text: string | Uint8Array): JsonCheckResult;
  /** Compiles a JSON Schema (2020-12 by default; draft-07 by `$schema`), given as a value or as
   * JSON text (a string is always JSON text). Throws SchemaError; a schema nested too deeply to
   * serialise is code "schema_limit" (as text deeper than 512: "json_depth"), never a
   * RangeError. Values JSON cannot represent (NaN, lone surrogates, …) throw TypeError. */
  compile(schema: Schema, options?: CompileOptions): Validator;
  /** Registers a schema under an absolute URI so that other schemas can `$ref` it. Nothing is
   * ever fetched over a network. Throws SchemaError. */
  addSchema(uri: string, schema: Schema): void;
  /** One page of integrations, ordered by (name, id), filtered by `deployed`; `key` (16 bytes)
   * seals the cursors. Throws HubError: query_invalid, cursor_invalid, cursor_mismatch, input_invalid. */
  page(items: JsonInput<IntegrationSummary[]>, query: JsonInput<PageQuery> | undefined, key: Uint8Array): IntegrationPage;
  /** Checks and normalises a page query and verifies its cursor, for hosts that page in SQL. */
  pageQuery(query: JsonInput<PageQuery> | undefined, key: Uint8Array): NormalizedPageQuery;
  /** Mints a cursor for `position` under the filters of `query`. */
  cursorEncode(position: CursorPosition, query: JsonInput<PageQuery> | undefined, key: Uint8Array): string;
  /** The status after `event` (null or undefined status: a new connection). Throws HubError:
   * illegal_transition, unknown_status, unknown_event. */
  transition(status: ConnectionStatus | null | undefined, event: ConnectionEvent): ConnectionStatus;
  /** What the user can do about a connection in `status`, from the same table tile state and
   * activation errors read: active → 'manage', connecting → 'wait', validation_error and
   * post_install_error → 'retry', needs_reauth → 'reconnect'. Throws HubError (unknown_status,
   * input_invalid). */
  actionFor(status: ConnectionStatus): ConnectionAction;
  /** The connection after `event` at time `now` (RFC 3339): status, updated_at, last_error and
   * last_action_result rewritten. */
  applyEvent(connection: Partial<Connection>, event: ConnectionEvent, options: { now: string; error?: string }): Connection;
  /** A tile's state and the action it offers. */
  tileState(input: JsonInput<{ integration: { isDeployed: boolean; isActivated: boolean }; connections?: { status: ConnectionStatus }[] }>): { state: TileState; action: TileAction };
  /** The settings form of a variablesSchema. Throws HubError schema_not_object, schema_limit. */
  formFor(variablesSchema: JsonInput<object>): SettingsForm;
  /** The saved settings record: one integrationSettings entry per field of formFor's form, its
   * configvalue read from `values` at the field's dot-path key (own members of objects only),
   * else the field's default, else null. Secret fields are masked with "********" (default),
   * left out (`secrets: 'omit'`), or kept (`secrets: 'keep'`, for a host that seals them itself;
   * never show that record). Throws HubError: schema_not_object, input_invalid. */
  settingsRecord(
    variablesSchema: object,
    values?: Record<string, unknown> | null,
    options?: { secrets?: 'mask' | 'omit' | 'keep' },
  ): IntegrationSetting[];
  /** Validates a value against a built-in model (formats asserted, all errors). Throws HubError
   * unknown_model. */
  validateModel(name: ModelName, value: unknown): ValidationResult;
  /** Checks an ActivationCreate payload against every rule: shape, the integration (deployed, not
   * yet activated), each connection template bound once to an active connection of the user's
   * of the right connector (no sandbox where the template writes), and the dynamicVariables
   * against the variablesSchema. Bad host data (not the user's payload) throws HubError. */
  validateActivation(
    payload: unknown,
    integration: object,
    connections: Partial<Connection>[],
    context: { user: { id: string; externalId: string }; activated?: boolean },
  ): ActivationResult;
  /** Per connection template of `integration` (in its order), which of `connections` may be
   * bound to it and why each other one may not: another user's (when `context.user` is given:
   * connection_not_found), another connector, not active (with status and action), or a sandbox
   * account for a template that writes. Throws HubError (input_invalid) for host input that does
   * not match the EmbeddedIntegration / Connection models. */
  bindingOptions(
    integration: object,
    connections: Partial<Connection>[],
    context?: { user?: { id: string; externalId: string } },
  ): { templates: BindingOption[] };
  /** Bytes of the WebAssembly heap in use. */
  heapUsed(): number;
}

/** Loads the WebAssembly core once; the returned object is safe to share. */
export function load(options?: LoadOptions): Promise<Hub>;
