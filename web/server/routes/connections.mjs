// connections.mjs — the end user's connections: /hubs/{hub_id}/users/{user_id}/connections[/…].
import { requireUuid } from '../services/access.mjs';
import { notFound } from '../http/errors.mjs';
import { readJson, readQuery } from '../http/io.mjs';
import { connection } from '../services/views.mjs';

export function connectionRoutes({ core, store, auth, access, bodies, connections }) {
  // Every route here starts the same way: the token, the query, the path's user.
  async function owner({ req, url, params }) {
    const claims = await auth.user(req);
    const q = readQuery(url, ['identifier_type']);
    return access.user(claims, params.hubId, params.userId, access.identifierType(q.identifier_type));
  }

  function ownConnection(user, id) {
    requireUuid(id, 'connection_id');
    const row = store.connections.one(user.id, id);
    if (!row) throw notFound('connection');
    return row;
  }

  async function list(c) {
    const { user } = await owner(c);
    const list = store.connections.ofUser(user.id).map(connection);
    return { status: 200, body: { totalCount: list.length, connections: list } };
  }

  async function create(c) {
    const { hubRow, user } = await owner(c);
    const body = await readJson(c.req, core);
    bodies.check('ConnectionCreate', body);
    const template = store.integrations.template(body.templateId);
    const connector = template && store.tenancy.connector(template.connector_id);
    if (!connector || connector.hub_id !== hubRow.id) throw notFound('connection template', 'templateId');
    return { status: 201, body: connections.create(user, connector, body) };
  }

  async function get(c) {
    const { user } = await owner(c);
    return { status: 200, body: connection(ownConnection(user, c.params.connectionId)) };
  }

  const restart = (event, schema) => async (c) => {
    const { user } = await owner(c);
    const row = ownConnection(user, c.params.connectionId);
    const body = await readJson(c.req, core, { optional: true });
    bodies.check(schema, body);
    return { status: 200, body: connections.restart(row, event, body ?? {}) };
  };

  const base = '/hubs/:hubId/users/:userId/connections';
  return [
    ['GET', base, list],
    ['POST', base, create],
    ['GET', `${base}/:connectionId`, get],
    ['POST', `${base}/:connectionId/reauthorize`, restart('reauthorize', 'ConnectionReauthorize')],
    ['POST', `${base}/:connectionId/retry`, restart('retry', 'ConnectionRetry')],
  ];
}
