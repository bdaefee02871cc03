// connections.mjs — the end user's connections: /hubs/{hub_id}/users/{user_id}/connections[/…],
// the provider's redirect back (/oauth2/callback, a page), and the one place credentials leave
// the server: GET /admin/connections/{id}/credentials.
import { readFile } from 'node:fs/promises';
import { ApiError, notFound } from '../http/errors.mjs';
import { readJson, readQuery } from '../http/io.mjs';
import { requireUuid } from '../services/access.mjs';
import { asReferenceError, checkOAuth2Initialise, connectionCreate, connectorFilter, isReferenceCreate } from '../services/reference.mjs';
import { connection } from '../services/views.mjs';
import { callbackPage } from './oauth-page.mjs';

const DONE_SCRIPT = new URL('../public/oauth-done.mjs', import.meta.url);

// Every route here starts the same way: the token, the query, the path's user.
async function owner({ auth, access }, { req, url, params }) {
  const claims = await auth.user(req);
  const q = readQuery(url, ['identifier_type']);
  return access.user(claims, params.hubId, params.userId, access.identifierType(q.identifier_type));
}

async function ownConnection({ store }, user, id) {
  requireUuid(id, 'connection_id');
  const row = await store.connections.one(user.id, id);
  if (!row) throw notFound('connection');
  return row;
}

// Where the callback page may report to: the embed's origin (a CORS-allowed Origin, or this
// server's own), and a returnUrl on that origin for a sign-in in the same window.
function flowOf({ config, baseUrl }, req, body) {
  const own = new URL(baseUrl()).origin;
  const origin = req.headers.origin;
  const openerOrigin = origin && (origin === own || config.origins.has(origin)) ? origin : own;
  if (body?.returnUrl !== undefined) {
    let target = null;
    try {
      target = new URL(body.returnUrl);
    } catch {
      // refused below
    }
    if (!target || target.origin !== openerOrigin) {
      throw new ApiError(400, 'body_invalid', 'returnUrl must be a URL on the page\'s own origin',
        { fields: [{ field: 'returnUrl', message: `must be on ${openerOrigin}` }] });
    }
  }
  return { openerOrigin };
}

async function requireRoom({ store, config }, user) {
  const cap = config.limits.connectionsPerUser;
  if (await store.connectionPages.count(user.id) >= cap) {
    throw new ApiError(409, 'connection_limit_reached', `this user already has ${cap} connections, the most a user may have; delete one first`);
  }
}

// Paged like the other lists (first/after/before, sealed cursors), in (created_at, id) order;
// without `first` a page holds 100, the cap's default, so an unpaged client still sees all.
async function list({ core, store, auth, access }, { req, url, params }) {
  const claims = await auth.user(req);
  const q = readQuery(url, ['identifier_type', 'first', 'after', 'before', 'hub_connector_id']);
  const identifierType = access.identifierType(q.identifier_type);
  const { hubRow, user } = await access.user(claims, params.hubId, params.userId, identifierType);
  const connectors = connectorFilter(q.hub_connector_id);
  const query = { first: q.first ?? '100', after: q.after, before: q.before, identifierType, userId: user.id, hubId: hubRow.id };
  const { page, rows } = await core.page(query, () => store.connectionPages.listing(user.id, connectors));
  page.connections = rows.map(connection);
  return { status: 200, body: page };
}

async function create(app, c) {
  const { core, store, bodies, connections } = app;
  const { hubRow, user } = await owner(app, c);
  const body = await readJson(c.req, core);
  // The reference API's CreateEndUserConnection names the connector and carries the key inline.
  const reference = isReferenceCreate(body) ? connectionCreate(body) : null;
  if (!reference) bodies.check('ConnectionCreate', body);
  await requireRoom(app, user);
  if (reference) {
    const connector = await store.tenancy.connector(reference.connectorId);
    if (!connector || connector.hub_id !== hubRow.id) throw notFound('connector', 'connectorId');
    const made = connections.create(user, connector, { apiKey: reference.apiKey }, flowOf(app, c.req, {}));
    return { status: 201, body: await made.catch((err) => { throw asReferenceError(err); }) };
  }
  const template = await store.integrations.template(body.templateId);
  const connector = template && await store.tenancy.connector(template.connector_id);
  if (!connector || connector.hub_id !== hubRow.id) throw notFound('connection template', 'templateId');
  return { status: 201, body: await connections.create(user, connector, body, flowOf(app, c.req, body)) };
}

// The reference API's InitialiseOAuth2EmbeddedConnection: a new OAuth2 connection of the
// token's user to the connector, answered as the reference does, {url} (its consent page).
async function initialise(app, { req, url, params }) {
  const { core, store, auth, access, connections } = app;
  const claims = await auth.user(req);
  readQuery(url, []);
  const hubRow = await access.hub(claims, params.hubId);
  const user = await store.tenancy.user(hubRow.id, claims.sub, 'internal');
  if (!user) throw notFound('user');
  checkOAuth2Initialise(await readJson(req, core));
  const connector = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/.test(params.connectorId) && await store.tenancy.connector(params.connectorId);
  if (!connector || connector.hub_id !== hubRow.id) throw notFound('connector');
  if (connector.authentication_method === 'api_key') throw new ApiError(400, 'not_oauth2', `${connector.name} connects with an API key, not OAuth 2.0`);
  await requireRoom(app, user);
  const conn = await connections.create(user, connector, {}, flowOf(app, req, {}));
  return { status: 200, body: { url: conn.authorizeUrl } };
}

async function get(app, c) {
  const { user } = await owner(app, c);
  return { status: 200, body: connection(await ownConnection(app, user, c.params.connectionId)) };
}

const restart = (event, schema) => async (app, c) => {
  const { user } = await owner(app, c);
  const row = await ownConnection(app, user, c.params.connectionId);
  const body = await readJson(c.req, app.core, { optional: true });
  app.bodies.check(schema, body);
  return { status: 200, body: await app.connections.restart(row, event, body ?? {}, flowOf(app, c.req, body)) };
};

async function remove(app, c) {
  const { user } = await owner(app, c);
  await app.connections.remove(await ownConnection(app, user, c.params.connectionId));
  return { status: 204 };
}

// The provider redirects the browser here. The page tells the embed (postMessage to the
// origin that started the sign-in, nothing secret) and closes, or returns to returnUrl.
async function callback({ store, connections, baseUrl }, { req, res, url }) {
  const full = new URL(`${url.pathname}${url.search}`, baseUrl());
  const result = await connections.callback(full);
  const connector = result instanceof connections.Refused ? null : await store.tenancy.connector(result.connection.connector_id);
  callbackPage(req, res, result instanceof connections.Refused ? { refused: result } : {
    connection: result.connection,
    connectorName: connector?.name ?? 'The account',
    openerOrigin: result.openerOrigin,
    returnUrl: result.returnUrl,
  });
}

async function doneScript(app, { res }) {
  const body = await readFile(DONE_SCRIPT);
  res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-cache' });
  res.end(body);
}

async function credentials({ auth, connections }, c) {
  await auth.admin(c.req);
  readQuery(c.url, []);
  requireUuid(c.params.connectionId, 'connection_id');
  return { status: 200, body: await connections.credentials(c.params.connectionId) };
}

// A test hook, off unless config.testHooks: push a state-machine event as if a provider had.
async function pushEvent({ core, store, auth, bodies, connections }, c) {
  await auth.admin(c.req);
  readQuery(c.url, []);
  const body = await readJson(c.req, core);
  bodies.check('AdminEvent', body);
  requireUuid(c.params.connectionId, 'connection_id');
  const row = await store.connections.byId(c.params.connectionId);
  if (!row) throw notFound('connection');
  return { status: 200, body: await connections.push(row, body.event, body.error) };
}

/** The routes of this file: [method, pattern, handler(c)], each handler given `app`. */
export function connectionRoutes(app) {
  const base = '/hubs/:hubId/users/:userId/connections';
  const routes = [
    ['GET', base, list],
    ['POST', base, create],
    ['GET', `${base}/:connectionId`, get],
    ['POST', '/embed/:hubId/connector/:connectorId/oauth2/initialise', initialise],
    ['DELETE', `${base}/:connectionId`, remove],
    ['POST', `${base}/:connectionId/reauthorize`, restart('reauthorize', 'ConnectionReauthorize')],
    ['POST', `${base}/:connectionId/retry`, restart('retry', 'ConnectionRetry')],
    ['GET', '/oauth2/callback', callback],
    ['GET', '/oauth2/done.mjs', doneScript],
    ['GET', '/admin/connections/:connectionId/credentials', credentials],
    ...(app.config.testHooks ? [['POST', '/admin/connections/:connectionId/events', pushEvent]] : []),
  ];
  return routes.map(([method, pattern, fn]) => [method, pattern, (c) => fn(app, c)]);
}
