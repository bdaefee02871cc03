// activations.mjs — POST /activations, GET and DELETE /activations/{activation_id}.
import { ApiError, notFound } from '../http/errors.mjs';
import { readJson, readQuery } from '../http/io.mjs';
import { connection, embeddedIntegration } from '../views.mjs';
import { ulid } from '../ulid.mjs';

export function activationRoutes({ hub, store, auth, access, rules, present, baseUrl }) {
  async function create({ req, url }) {
    const claims = await auth.user(req);
    readQuery(url, []);
    const body = await readJson(req, hub);
    // The user and the integration are looked up by these two strings; without them the
    // core's ActivationCreate model says what is wrong. Everything else is judged below.
    if (typeof body?.userId !== 'string' || typeof body.integrationId !== 'string') rules.checkModel('ActivationCreate', body);
    const h = access.tokenHub(claims);
    // Everything from the first read to the insert is one synchronous IMMEDIATE transaction: no
    // other request runs in between, and a second server process on the same file waits for
    // the write lock. UNIQUE (user_id, integration_id) backs the core's "already activated".
    const row = store.transaction(() => {
      const user = store.tenancy.user(h.id, body.userId, body.userIdType === 'internal' ? 'internal' : 'external');
      if (!user || user.id !== claims.sub) throw notFound('user', 'userId');
      const found = store.integrations.one(h.id, user.id, body.integrationId);
      if (!found) throw notFound('integration', 'integrationId');
      const integration = embeddedIntegration(found, store.integrations.templates(found.id), baseUrl());
      const now = new Date().toISOString();
      const accepted = rules.checkActivation(body, integration, store.connections.ofUser(user.id).map(connection),
        { user: { id: user.id, externalId: user.external_id } });
      const settings = rules.settingsFor(integration.variablesSchema, accepted.dynamicVariables ?? {});
      const record = {
        id: ulid(),
        name: integration.name,
        user_id: user.id,
        hub_id: h.id,
        org_id: h.org_id,
        integration_id: integration.id,
        package_id: integration.connectionTemplates[0]?.connectorId ?? null,
        integration_settings: JSON.stringify(settings),
        dynamic_variables: JSON.stringify(accepted.dynamicVariables ?? {}),
        created_at: now,
        modified_at: now,
      };
      try {
        store.activations.insert(record, accepted.connections);
      } catch (err) {
        if (err.code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
        throw new ApiError(409, 'already_activated', `${integration.name} is already activated for this user`,
          { fields: [{ field: 'integrationId', message: 'already activated for this user' }] });
      }
      return record;
    });
    return { status: 200, body: present.activation(store.activations.one(row.id)) };
  }

  async function get({ req, url, params }) {
    const claims = await auth.user(req);
    readQuery(url, []);
    return { status: 200, body: present.activation(access.activation(claims, params.activationId)) };
  }

  async function remove({ req, url, params }) {
    const claims = await auth.user(req);
    readQuery(url, []);
    const row = access.activation(claims, params.activationId);
    store.activations.remove(row.id);
    return { status: 204 };
  }

  return [
    ['POST', '/activations', create],
    ['GET', '/activations/:activationId', get],
    ['DELETE', '/activations/:activationId', remove],
  ];
}
