// core/domain-api.mjs — the hub's domain calls (pages and cursors, connection statuses, tiles, the
// settings form and record, models, activation checks, binding options): each shapes its input
// and hands it to one C function of include/embedhub.h through boundary.domain.
import { CURSOR_KEY_BYTES } from './bindings.mjs';

function cursorKey(key) {
  if (!(key instanceof Uint8Array) || key.length !== CURSOR_KEY_BYTES) {
    throw new TypeError(`embedhub: a cursor key is a Uint8Array of ${CURSOR_KEY_BYTES} bytes`);
  }
  return key;
}

/** The domain methods of the hub over boundary `io`; the built-in models compile on first use. */
export function domainApi(c, io) {
  const { domain } = io;
  let models = 0; // lives as long as the hub
  const modelsHandle = () => {
    if (!models) models = c.hub_models_new(0);
    if (!models) throw new RangeError('embedhub: out of memory');
    return models;
  };
  // Optional context members (user, activated) go into the input only when given.
  const withContext = (input, context, keys) => {
    for (const k of keys) if (context[k] !== undefined) input[k] = context[k];
    return input;
  };

  return {
    page: (items, query, key) => domain(c.hub_page_build, items, query ?? {}, cursorKey(key)),
    pageQuery: (query, key) => domain(c.hub_page_query_parse, query ?? {}, cursorKey(key)),
    cursorEncode: (position, query, key) => domain(c.hub_cursor_encode, position, query ?? {}, cursorKey(key)).cursor,
    transition: (status, event) => domain(c.hub_status_transition, { status: status ?? null, event: event ?? null }).status,
    actionFor: (status) => domain(c.hub_status_action, { status: status ?? null }).action,

    applyEvent(connection, event, { now, error } = {}) {
      const input = { connection, event, now };
      if (error !== undefined) input.error = error;
      return domain(c.hub_connection_transition, input);
    },

    tileState: (input) => domain(c.hub_tile_state, input),
    formFor: (variablesSchema) => domain(c.hub_form_build, variablesSchema),

    settingsRecord(variablesSchema, values, { secrets } = {}) {
      const input = { variablesSchema, values: values ?? null };
      if (secrets !== undefined) input.secrets = secrets;
      return domain(c.hub_settings_build, input).integrationSettings;
    },

    validateModel: (name, value) => domain(c.hub_model_validate, modelsHandle(), { model: name, value }),

    validateActivation(payload, integration, connections, context = {}) {
      const input = withContext({ payload, integration, connections: connections ?? [] }, context, ['user', 'activated']);
      return domain(c.hub_activation_validate, modelsHandle(), input);
    },

    bindingOptions(integration, connections, context = {}) {
      const input = withContext({ integration, connections: connections ?? [] }, context, ['user']);
      return domain(c.hub_binding_options, modelsHandle(), input);
    },
  };
}
