// activations.mjs — the activations service: activating an integration for an end user (the
// core judges the payload), reading and removing activations, and their wire shape.
import { dbErrorKind } from '../db/errors.mjs';
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

/** The activation row (its secret values still plaintext: the store seals them) for `accepted`. */
function activationRow(hubRow, user, integration, accepted, core) {
  const { settings, secret } = splitSecrets(core.settingsFor(integration.variablesSchema, accepted.dynamicVariables ?? {}));
  const now = new Date().toISOString();
  return {
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
}

// The user's connections the payload names (not all of them: a user may have many). An id
// that is not the user's is simply absent, and the core answers connection_not_found.
async function namedConnections(t, userId, body) {
  const ids = Array.isArray(body.connections) ? body.connections.map((b) => b?.connectionId).filter((id) => typeof id === 'string') : [];
  const rows = [];
  for (const id of [...new Set(ids)].slice(0, 64)) rows.push(await t.connections.one(userId, id));
  return rows.filter(Boolean);
}

/**
 * Inserts activation `record` with its bindings and its activation.created event; a second
 * activation of the user and integration (the unique index refuses it, also when a concurrent
 * one committed first) is 409 already_activated.
 */
async function insertActivation(t, record, bindings, integrationName) {
  try {
    await t.activations.insert(record, bindings);
    await recordEvent(t, activationEvent('activation.created', record));
  } catch (err) {
    if (dbErrorKind(err) !== 'unique') throw err;
    throw new ApiError(409, 'already_activated', `${integrationName} is already activated for this user`,
      { fields: [{ field: 'integrationId', message: 'already activated for this user' }] });
  }
}

/** New settings for the locked activation row `current`, checked; records settings_changed. */
async function changeSettings(t, core, current, dynamicVariables) {
  const found = await t.integrations.one(current.hub_id, current.user_id, current.integration_id);
  const schema = found.variables_schema === null ? undefined : JSON.parse(found.variables_schema);
  const values = structuredClone(dynamicVariables);
  const saved = t.activations.secretSettings(current);
  for (const [path, value] of Object.entries(saved)) keepAt(values, path.split('.'), value);
  core.checkVariables(schema, values);
  const { settings, secret } = splitSecrets(core.settingsFor(schema, values));
  await t.activations.update({
    id: current.id,
    integration_settings: JSON.stringify(settings),
    dynamic_variables: JSON.stringify(values),
    secret_settings: JSON.stringify(secret),
    modified_at: new Date().toISOString(),
  });
  await recordEvent(t, activationEvent('activation.settings_changed', current));
}

export function createActivations({ core, store, directory, baseUrl }) {
  const activations = {
    /** Activation (seed 002) for an activation row; `userRow` saves a lookup when known. */
    async present(row, userRow) {
      const user = userRow ?? await store.tenancy.user(row.hub_id, row.user_id, 'internal');
      const integration = await store.integrations.one(row.hub_id, row.user_id, row.integration_id);
      return activation(row, await directory.user(user), integrationSummary(integration, baseUrl()), await store.activations.bindings(row.id));
    },

    /**
     * Activates `body` (ActivationCreate) for the token's user `claims.sub` in hub `hubRow`;
     * returns the Activation. Everything from the first read to the insert is one transaction:
     * SQLite's IMMEDIATE (no other request, nor another process on the file, writes in between);
     * on PostgreSQL READ COMMITTED without a lock: UNIQUE (user_id, integration_id) holds the one
     * invariant, and a concurrent activation's insert waits for this one's COMMIT and then fails
     * (409 already_activated, as the core's check answers once the winner is committed), while
     * a user's activations of different integrations do not wait for each other.
     */
    async create(hubRow, claims, body) {
      const row = await store.tx(async (t) => {
        const user = await t.tenancy.user(hubRow.id, body.userId, body.userIdType === 'internal' ? 'internal' : 'external');
        if (!user || user.id !== claims.sub) throw notFound('user', 'userId');
        const found = await t.integrations.one(hubRow.id, user.id, body.integrationId);
        if (!found) throw notFound('integration', 'integrationId');
        const integration = embeddedIntegration(found, await t.integrations.templates(found.id), baseUrl());
        const accepted = core.checkActivation(body, integration, (await namedConnections(t, user.id, body)).map(connection),
          { user: { id: user.id, externalId: user.external_id } });
        const record = activationRow(hubRow, user, integration, accepted, core);
        await insertActivation(t, record, accepted.connections, integration.name);
        return record;
      });
      return activations.present(await store.activations.one(row.id));
    },

    /**
     * New settings for activation row `row`: `dynamicVariables` checked against the
     * integration's variablesSchema; a secret left out keeps its saved value. Records
     * activation.settings_changed in the same transaction, the activation's row locked from the
     * read on (PostgreSQL), so concurrent changes apply one after the other. Returns the Activation.
     */
    async updateSettings(row, dynamicVariables) {
      await store.tx(async (t) => {
        const current = await t.activations.lock(row.id);
        if (!current) throw notFound('activation');
        await changeSettings(t, core, current, dynamicVariables);
      });
      return activations.present(await store.activations.one(row.id));
    },

    /**
     * Removes integration `id` with its activations, each reported as activation.deleted in the
     * same transaction (the database's cascade alone would drop them silently). The integration's
     * row is locked first (an activation of it committing meanwhile is waited for, then listed;
     * a later one fails its foreign key), then its activations'. False when unknown.
     */
    removeIntegration(id) {
      return store.tx(async (t) => {
        if (!(await t.integrations.lock(id))) return false;
        for (const row of await t.activations.ofIntegration(id)) await recordEvent(t, activationEvent('activation.deleted', row));
        return (await t.integrations.remove(id)) > 0;
      });
    },

    /** Removes activation row `row` (the DELETE locks it; the event only if this removed it). */
    async remove(row) {
      await store.tx(async (t) => {
        if (await t.activations.remove(row.id)) await recordEvent(t, activationEvent('activation.deleted', row));
      });
    },
  };
  return activations;
}
