// activations.mjs — POST /activations, GET, PATCH (settings) and DELETE /activations/{activation_id}.
import { notFound } from '../http/errors.mjs';
import { readJson, readQuery } from '../http/io.mjs';
import { asReferenceError, isNewConnection, newConnection } from '../services/reference.mjs';

export function activationRoutes({ core, auth, access, activations, bodies, store, connections }) {
  // The reference API's ActivationConnectionCreateNew: a connection made inline (an API key),
  // created for the token's user before the activation, which then binds it.
  async function inlineConnections(hubRow, claims, body) {
    if (!Array.isArray(body.connections) || !body.connections.some(isNewConnection)) return body;
    const user = await store.tenancy.user(hubRow.id, body.userId, body.userIdType === 'internal' ? 'internal' : 'external');
    if (!user || user.id !== claims.sub) throw notFound('user', 'userId');
    const made = body.connections.map((b, n) => (isNewConnection(b) ? newConnection(b, n) : null));
    const bound = [];
    for (const [n, b] of body.connections.entries()) {
      if (!made[n]) { bound.push(b); continue; }
      const template = typeof b.templateId === 'string' ? await store.integrations.template(b.templateId) : undefined;
      // Only a template of this integration: a connection is made only for a binding that can stand.
      const connector = template?.integration_id === body.integrationId && await store.tenancy.connector(template.connector_id);
      if (!connector || connector.hub_id !== hubRow.id) throw notFound('connection template', `connections[${n}].templateId`);
      const conn = await connections.create(user, connector, made[n]).catch((err) => { throw asReferenceError(err, `connections[${n}]`); });
      bound.push({ templateId: b.templateId, connectionId: conn.id });
    }
    return { ...body, connections: bound };
  }

  async function create({ req, url }) {
    const claims = await auth.user(req);
    readQuery(url, []);
    const body = await readJson(req, core);
    // The user and the integration are looked up by these two strings; without them the
    // core's ActivationCreate model says what is wrong. Everything else is judged by the core.
    if (typeof body?.userId !== 'string' || typeof body.integrationId !== 'string') core.checkModel('ActivationCreate', body);
    const hubRow = await access.tokenHub(claims);
    return { status: 200, body: await activations.create(hubRow, claims, await inlineConnections(hubRow, claims, body)) };
  }

  async function get({ req, url, params }) {
    const claims = await auth.user(req);
    readQuery(url, []);
    return { status: 200, body: await activations.present(await access.activation(claims, params.activationId)) };
  }

  // New settings; a secret left out keeps its saved value (the settings screen shows it masked).
  async function update({ req, url, params }) {
    const claims = await auth.user(req);
    readQuery(url, []);
    const row = await access.activation(claims, params.activationId);
    const body = await readJson(req, core);
    bodies.check('ActivationUpdate', body);
    return { status: 200, body: await activations.updateSettings(row, body.dynamicVariables) };
  }

  async function remove({ req, url, params }) {
    const claims = await auth.user(req);
    readQuery(url, []);
    await activations.remove(await access.activation(claims, params.activationId));
    return { status: 204 };
  }

  return [
    ['POST', '/activations', create],
    ['GET', '/activations/:activationId', get],
    ['PATCH', '/activations/:activationId', update],
    ['DELETE', '/activations/:activationId', remove],
  ];
}
