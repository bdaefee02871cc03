// core.mjs — the server's one adapter to the WebAssembly core (`core` everywhere in the server;
// a tenant's database row is a `hubRow`). Every rule lives in the core, once: this file asks it,
// and is the single place where a core HubError becomes an HTTP ApiError.
import { ApiError } from './http/errors.mjs';

/** True for the core's HubError (duck-typed, so the server works with any build of web/src). */
export const isHubError = (err) => err instanceof Error && err.name === 'HubError' && typeof err.toJSON === 'function';

// The core's codes that are not plain bad input (400). Everything else it throws is the
// caller's mistake: a bad query, cursor, body or event.
const CORE_STATUS = {
  illegal_transition: 409,
  already_activated: 409,
  out_of_memory: 503,
};

// The core's page-query names and the wire's query-string names.
const WIRE_NAMES = { identifierType: 'identifier_type' };

/** The core's HubError as an ApiError; `rename` maps the core's field names to the wire's. */
export function apiErrorOf(err, rename = WIRE_NAMES) {
  const body = err.toJSON();
  const fields = body.fields?.map((f) => ({ ...f, field: rename[f.field] ?? f.field }));
  return new ApiError(CORE_STATUS[body.code] ?? 400, body.code, body.message, { fields, details: body.details });
}

/** Any error as an ApiError when it is the core's, else unchanged. */
export const toApiError = (err, rename) => (isHubError(err) ? apiErrorOf(err, rename) : err);

/** The Error body's field for one of the core's validation errors (the core names it). */
export const fieldFor = (e) => e.field ?? '';

/** A 400 from the core's validation errors ({instancePath, keyword, message, field?}). */
export function invalidBody(errors, what = 'body') {
  const fields = errors.map((e) => ({ field: fieldFor(e) || what, message: e.message }));
  return new ApiError(400, 'body_invalid', `${what} is not valid: ${fields[0].field} ${fields[0].message}`, { fields });
}

// Which status a rejected activation gets: the core names the problem, the server the status.
const ACTIVATION_STATUS = { already_activated: 409 };

// Drops absent members: the core reads an unknown or undefined member as the caller's mistake.
const defined = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Runs a core call, answering its HubError as an ApiError with the wire's field names. */
function call(fn, rename) {
  try {
    return fn();
  } catch (err) {
    throw toApiError(err, rename);
  }
}

/** Throws a 400 with the fields unless `value` is a valid `name` model (e.g. ActivationCreate). */
function checkModel(core, name, value) {
  const { valid, errors } = core.validateModel(name, value);
  if (valid) return;
  const fields = errors.map((e) => ({ field: fieldFor(e) || 'body', message: e.message }));
  throw new ApiError(400, 'body_invalid', `the ${name} is not valid: ${fields[0].field} ${fields[0].message}`, { fields });
}

/** See createCore().checkActivation. */
function checkActivation(core, payload, integration, connections, context) {
  let result;
  try {
    result = core.validateActivation(payload, integration, connections, context);
  } catch (err) {
    // The core refuses what the server passed (not what the user sent): a server bug, a 500.
    if (isHubError(err)) throw new Error(`validateActivation refused the server's input: ${JSON.stringify(err.toJSON())}`);
    throw err;
  }
  if (result.valid) return result.normalized;
  const [first] = result.errors;
  const others = result.errors.length - 1 + (result.omitted ?? 0);
  throw new ApiError(ACTIVATION_STATUS[first.code] ?? 400, first.code, others ? `${first.message} (and ${others} more)` : first.message, {
    fields: result.errors.map((e) => ({ field: e.field, message: e.message })),
  });
}

/** See createCore().checkVariables. */
function checkVariables(core, variablesSchema, values) {
  if (!variablesSchema) return;
  const validator = call(() => core.compile(variablesSchema, { formats: 'assert', mode: 'all' }));
  let result;
  try {
    result = call(() => validator.validate(values));
  } finally {
    validator.free();
  }
  if (result.valid) return;
  const fields = result.errors.map((e) => ({ field: e.field ? `dynamicVariables.${e.field}` : 'dynamicVariables', message: e.message }));
  const others = fields.length - 1;
  throw new ApiError(400, 'variables_invalid', others ? `${fields[0].message} (and ${others} more)` : fields[0].message, { fields });
}

/** Throws 400 `schema_invalid` unless `schema` compiles and makes a settings form. */
function checkVariablesSchema(core, schema) {
  try {
    core.compile(schema).free();
    core.formFor(schema);
  } catch (err) {
    if (err.name === 'SchemaError') {
      throw new ApiError(400, 'schema_invalid', `variablesSchema is not a valid JSON Schema: ${err.message}`,
        { fields: [{ field: 'variablesSchema', message: err.message }] });
    }
    if (isHubError(err)) {
      const e = apiErrorOf(err);
      e.fields = [{ field: 'variablesSchema', message: e.message }];
      throw e;
    }
    throw err;
  }
}

/** See createCore().page. */
async function page(core, cursorKey, query, sourceFor) {
  const q = call(() => core.pageQuery(defined(query), cursorKey));
  const source = sourceFor(q);
  const filters = defined({ deployed: q.deployed, identifierType: q.identifierType, userId: q.userId, hubId: q.hubId, q: q.q });
  const { position } = q;
  const forward = position?.direction !== 'before';
  // One row more than the page says whether another lies beyond it in the reading direction.
  let rows = await source.rows({ position, direction: position?.direction, limit: q.first + 1 });
  const more = rows.length > q.first;
  if (more) rows = forward ? rows.slice(0, q.first) : rows.slice(1);
  const low = rows[0] ?? position;
  const high = rows.at(-1) ?? position;
  const beyond = async (anchor, direction) => anchor !== undefined && (await source.rows({ position: anchor, direction, limit: 1 })).length > 0;
  const cursor = (anchor, direction) => call(() => core.cursorEncode({ name: anchor.name, id: anchor.id, direction }, filters, cursorKey));
  const result = { totalCount: await source.count() };
  // The other direction needs a look, except on a first page (nothing lies before its start).
  if (forward ? more : await beyond(high, 'after')) result.next = cursor(high, 'after');
  if (forward ? position !== undefined && await beyond(low, 'before') : more) result.prev = cursor(low, 'before');
  return { page: result, rows };
}

/**
 * The adapter around a loaded core `core` (web/src/node.mjs load()); `cursorKey` seals cursors.
 * Everything here throws ApiErrors, never HubErrors.
 */
export function createCore(core, { cursorKey }) {
  return {
    core,
    version: core.version,
    call,

    checkModel: (name, value) => checkModel(core, name, value),

    /**
     * The activation the core accepts (its `normalized` payload: dynamicVariables with defaults,
     * the reference spelling `variables` folded in), or throws the core's verdict as an Error
     * body. `connections` are the user's own only, so another user's id reads as unknown;
     * `context` is {user: {id, externalId}}, the user making the request.
     */
    checkActivation: (payload, integration, connections, context) => checkActivation(core, payload, integration, connections, context),

    /**
     * integrationSettings (seed 000) for the accepted `values`, as the core builds the record:
     * one entry per field of the settings form, the submitted value or the field's default.
     * Secret values are kept (the activations service seals them before storing).
     */
    settingsFor(variablesSchema, values) {
      if (!variablesSchema) return [];
      return call(() => core.settingsRecord(variablesSchema, values, { secrets: 'keep' }));
    },

    /**
     * Throws 400 `variables_invalid` (as the core's activation check does) unless `values` are
     * valid against `variablesSchema`; fields are `dynamicVariables.<field>`.
     */
    checkVariables: (variablesSchema, values) => checkVariables(core, variablesSchema, values),

    checkVariablesSchema: (schema) => checkVariablesSchema(core, schema),

    /** The normalised identifier_type ('external' when absent); the core judges the value. */
    identifierType(raw) {
      if (raw === undefined) return 'external';
      return call(() => core.pageQuery({ identifierType: raw }, cursorKey).identifierType);
    },

    /** The connection `conn` after `event` (the core's state machine), or a 400/409. */
    applyEvent(conn, event, options) {
      return call(() => core.applyEvent(conn, event, options));
    },

    /**
     * One page: {page: {totalCount, next?, prev?}, rows}. `query` holds the request's first,
     * after, before, q and the filters (deployed, identifierType, userId, hubId) the cursors are
     * bound to; `sourceFor(q)` gives, for the query as the core normalised it, the keyset
     * queries with their parameters bound: {rows(window), count()}. As the core's hub.page(),
     * `next`/`prev` exist when a row lies beyond the page (or beyond the cursor's position,
     * when rows were deleted and the page came back empty). The source's functions resolve
     * (the store's); so does page().
     */
    page: (query, sourceFor) => page(core, cursorKey, query, sourceFor),

    /**
     * One page of `items` (IntegrationSummary rows in (name, id) order) filtered, paged and with
     * cursors by the core itself: for a search (`q`), whose Unicode folding SQL cannot do.
     */
    pageItems(items, query) {
      return call(() => core.page(items, defined(query), cursorKey));
    },

    /** Compiles a request-body schema (a validator with validate(value) and free()). */
    compile: (schema, options) => core.compile(schema, options),
    /** The core's strict JSON check of request bytes (http/io.mjs readJson). */
    checkJson: (bytes) => core.checkJson(bytes),
  };
}
