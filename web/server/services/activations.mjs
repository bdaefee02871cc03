// activations.mjs — the activations service: activating an integration for an end user (the
// core judges the payload), reading and removing activations, and their wire shape.
import { ApiError, notFound } from '../http/errors.mjs';
import { ulid } from '../ulid.mjs';
import { recordEvent } from './events.mjs';
import { activation, connection, embeddedIntegration, integrationSummary } from './views.mjs';

/**
 * integrationSettings split for storage: the secret entries (configtype secret: writeOnly or
 * format password) keep '********' where a value was given; their values go to `secret`, which
 * the store seals. The settings a UI may show stay readable.
 */
function splitSecrets(all) {
  const secret = {};
  const settings = all.map((s) => {
    if (s.configtype !== 'secret' || s.configvalue === null || s.configvalue === undefined) return s;
    secret[s.configkey] = s.configvalue;
    return { ...s, configvalue: '********' };
  });
  return { settings, secret };
}

/** Sets `value` at `path` in `values` unless something is there already (a kept secret). */
function keepAt(values, path, value) {
  let o = values;
  for (const key of path.slice(0, -1)) {
    if (o[key] === undefined) o[key] = {};
    if (o[key] === null || typeof o[key] !== 'object' || Array.isArray(o[key])) return;
    o = o[key];
  }
  if (!Object.hasOwn(o, path.at(-1))) o[path.at(-1)] = value;
}

/** The outbox event for activation row `row` (data: {activationId, userId, integrationId}). */
const activationEvent = (type, row) => ({
  type, hubId: row.hub_id, orderingKey: row.id, data: { activationId: row.id, userId: row.user_id, integrationId: row.integration_id },
});

export function createActivations({ core, store, directory, baseUrl }) {
  // The user's connections the payload names (not all of them: a user may have many). An id
  // that is not the user's is simply absent, and the core answers connection_not_found.
  const namedConnections = (userId, body) => {
    const ids = Array.isArray(body.connections) ? body.connections.map((b) => b?.connectionId).filter((id) => typeof id === 'string') : [];
    return [...new Set(ids)].slice(0, 64).map((id) => store.connections.one(userId, id)).filter(Boolean);
  };

  const activations = {
    /** Activation (seed 002) for an activation row; `userRow` saves a lookup when known. */
    present(row, userRow = store.tenancy.user(row.hub_id, row.user_id, 'internal')) {
      const integration = store.integrations.one(row.hub_id, row.user_id, row.integration_id);
      return activation(row, directory.user(userRow), integrationSummary(integration, baseUrl()), store.activations.bindings(row.id));
    },

    /**
     * Activates `body` (ActivationCreate) for the token's user `claims.sub` in hub `hubRow`;
     * returns the Activation. Everything from the first read to the insert is one synchronous
     * IMMEDIATE transaction: no other request runs in between, and a second server process on
     * the same file waits for the write lock. UNIQUE (user_id, integration_id) backs the core's
     * "already activated".
     */
    create(hubRow, claims, body) {
      const row = store.transaction(() => {
        const user = store.tenancy.user(hubRow.id, body.userId, body.userIdType === 'internal' ? 'internal' : 'external');
        if (!user || user.id !== claims.sub) throw notFound('user', 'userId');
        const found = store.integrations.one(hubRow.id, user.id, body.integrationId);
        if (!found) throw notFound('integration', 'integrationId');
        const integration = embeddedIntegration(found, store.integrations.templates(found.id), baseUrl());
        const now = new Date().toISOString();
        const accepted = core.checkActivation(body, integration, namedConnections(user.id, body).map(connection),
          { user: { id: user.id, externalId: user.external_id } });
        const { settings, secret } = splitSecrets(core.settingsFor(integration.variablesSchema, accepted.dynamicVariables ?? {}));
        const record = {
          id: ulid(),
          name: integration.name,
          user_id: user.id,
          hub_id: hubRow.id,
          org_id: hubRow.org_id,
          integration_id: integration.id,
          package_id: integration.connectionTemplates[0]?.connectorId ?? null,
          integration_settings: JSON.stringify(settings),
          dynamic_variables: JSON.stringify(accepted.dynamicVariables ?? {}),
          secret_settings: JSON.stringify(secret),
          created_at: now,
          modified_at: now,
        };
        try {
          store.activations.insert(record, accepted.connections);
          recordEvent(store.db, activationEvent('activation.created', record));
        } catch (err) {
          if (err.code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
          throw new ApiError(409, 'already_activated', `${integration.name} is already activated for this user`,
            { fields: [{ field: 'integrationId', message: 'already activated for this user' }] });
        }
        return record;
      });
      return activations.present(store.activations.one(row.id));
    },

    /**
     * New settings for activation row `row`: `dynamicVariables` checked against the
     * integration's variablesSchema; a secret left out keeps its saved value. Records
     * activation.settings_changed in the same transaction. Returns the Activation.
     */
    updateSettings(row, dynamicVariables) {
      store.transaction(() => {
        const current = store.activations.one(row.id);
        if (!current) throw notFound('activation');
        const found = store.integrations.one(current.hub_id, current.user_id, current.integration_id);
        const schema = found.variables_schema === null ? undefined : JSON.parse(found.variables_schema);
        const values = structuredClone(dynamicVariables);
        const saved = store.activations.secretSettings(current);
        for (const [path, value] of Object.entries(saved)) keepAt(values, path.split('.'), value);
        core.checkVariables(schema, values);
        const { settings, secret } = splitSecrets(core.settingsFor(schema, values));
        store.activations.update({
          id: current.id,
          integration_settings: JSON.stringify(settings),
          dynamic_variables: JSON.stringify(values),
          secret_settings: JSON.stringify(secret),
          modified_at: new Date().toISOString(),
        });
        recordEvent(store.db, activationEvent('activation.settings_changed', current));
      });
      return activations.present(store.activations.one(row.id));
    },

    /**
     * Removes integration `id` with its activations, each reported as activation.deleted in the
     * same transaction (the database's cascade alone would drop them silently). False when unknown.
     */
    removeIntegration(id) {
      return store.transaction(() => {
        for (const row of store.activations.ofIntegration(id)) recordEvent(store.db, activationEvent('activation.deleted', row));
        return store.integrations.remove(id) > 0;
      });
    },

    /** Removes activation row `row`. */
    remove(row) {
      store.transaction(() => {
        if (store.activations.remove(row.id)) recordEvent(store.db, activationEvent('activation.deleted', row));
      });
    },
  };
  return activations;
}
