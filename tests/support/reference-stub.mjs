// reference-stub.mjs — a server that follows the reference API's OpenAPI exactly, for the
// conformance tests: it answers only bodies valid against the OpenAPI's response schemas and
// refuses any path, method, query parameter or body member the OpenAPI does not declare.
import { createServer } from 'node:http';
import { loadOpenApi } from './openapi.mjs';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let minted = 0;
/** Sorted, valid ULIDs (a fixed time part and a counter). */
export function ulid() {
  let n = ++minted, tail = '';
  for (let k = 0; k < 16; k++, n = Math.floor(n / 32)) tail = CROCKFORD[n % 32] + tail;
  return `01JBZ7Q0A8${tail}`;
}

const TIME = '2026-01-05T10:00:00.000Z';
const apiKeyScheme = () => ({ id: ulid(), description: 'API key in a header', schemeType: 'api-key', name: 'X-Api-Key', in: 'header' });
const oauthScheme = () => ({
  id: ulid(), description: 'OAuth 2.0 authorization code', schemeType: 'oauth2',
  authorizeUrl: 'https://provider.example/oauth/authorize', tokenUrl: 'https://provider.example/oauth/token',
  scopes: [{ name: 'read' }], defaultScopes: ['read'],
  grant: { grantType: 'authorization_code', credentialId: ulid(), organisationId: ulid(), clientId: 'stub-client' },
});

class Refusal extends Error {
  constructor(status, code, message, fields) {
    super(message);
    this.status = status;
    this.body = { code, message, ...(fields ? { fields } : {}) };
  }
}

/** The stub's data: one hub, one end user, integrations with API key and OAuth2 templates. */
function seed(base) {
  const hubId = ulid();
  const user = { id: ulid(), externalId: 'stub-user', displayName: 'Stub User', hubId, createdAt: TIME, updatedAt: TIME };
  const template = (name, authSchemeConfig, isPrimary = false) => ({
    id: ulid(), connectorId: ulid(), name, imageUrl: `${base}/icons/${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.svg`, authSchemeConfig, isUsed: true, isPrimary,
  });
  const integration = (name, description, templates, isDeployed = true) => ({
    id: ulid(), name, imageUrl: `${base}/icons/${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.svg`, description, isDeployed, isActivated: false, templates,
  });
  const primary = template('Primary', apiKeyScheme(), true);
  const integrations = [
    integration('Acme CRM', 'Contacts from Acme CRM', [template('Acme', apiKeyScheme())]),
    integration('Globex Mail', 'Mail through Globex (OAuth 2.0)', [template('Globex', oauthScheme())]),
    integration('Initech', 'Not deployed yet', [template('Initech', apiKeyScheme())], false),
  ];
  const primaryConnection = { id: ulid(), connectorId: primary.connectorId, name: 'primary', type: 'string', createdAt: TIME, updatedAt: TIME, authSchemeConfig: primary.authSchemeConfig };
  return { hubId, orgId: ulid(), user, integrations, connections: [primaryConnection], activations: [] };
}

/**
 * Starts the stub on 127.0.0.1:0. `authScheme` ('JWT' or 'Bearer', default 'Bearer', what the
 * reference SDK sends) is the only Authorization scheme accepted, with `token`. Resolves with
 * {url, hubId, user, token, integrations, requests (every call), violations (answers that failed
 * their schema: the stub then answers 500), close()}.
 */
export async function startReferenceStub({ authScheme = 'Bearer', token = 'stub-token-0123456789', cors = true } = {}) {
  const oa = await loadOpenApi();
  const state = { requests: [], violations: [] };
  let data;
  const summary = (i) => ({ id: i.id, name: i.name, imageUrl: i.imageUrl, description: i.description, isDeployed: i.isDeployed, isActivated: data.activations.some((a) => a.integrationId === i.id) });
  const tplOut = ({ id, connectorId, name, imageUrl, authSchemeConfig, isUsed, isPrimary }) => ({ id, connectorId, name, imageUrl, authSchemeConfig, isUsed, isPrimary });
  const connOut = (c) => ({
    id: c.id, name: c.name, createdAt: c.createdAt, updatedAt: c.updatedAt, variables: [],
    credentials: { action: [{ id: c.id, authSchemeConfig: c.authSchemeConfig, credential: { id: c.id, organisationId: data.orgId, type: c.type, name: c.name, data: c.type === 'string' ? { value: '' } : { username: c.username, password: '' } } }] },
  });
  const userOut = () => ({ ...data.user, primaryConnection: connOut(data.connections[0]) });
  const actOut = (a) => ({ id: a.id, user: userOut(), hubId: data.hubId, integration: summary(data.integrations.find((i) => i.id === a.integrationId)) });
  const templates = () => data.integrations.flatMap((i) => i.templates);

  // Keyset-free paging over a list: the cursor is the offset, opaque enough for a stub.
  function page(items, q, key) {
    const first = q.first === undefined ? 20 : Number(q.first);
    if (!Number.isInteger(first) || first < 1 || first > 100) throw new Refusal(400, 'query_invalid', 'first must be 1..100', [{ field: 'first', message: 'must be 1..100' }]);
    const cursor = (s) => { const n = Number(Buffer.from(s, 'base64url').toString()); if (!Number.isInteger(n) || n < 0) throw new Refusal(400, 'cursor_invalid', 'bad cursor'); return n; };
    const start = q.after !== undefined ? cursor(q.after) : q.before !== undefined ? Math.max(0, cursor(q.before) - first) : 0;
    const end = Math.min(items.length, start + first);
    const out = { totalCount: items.length, [key]: items.slice(start, end) };
    if (end < items.length) out.next = Buffer.from(String(end)).toString('base64url');
    if (start > 0) out.prev = Buffer.from(String(start)).toString('base64url');
    return out;
  }

  function ownUser(p, q) {
    const byInternal = (q.identifier_type ?? 'external') === 'internal';
    if (p.hub_id !== data.hubId || p.user_id !== (byInternal ? data.user.id : data.user.externalId)) throw new Refusal(404, 'not_found', 'no such user');
  }

  const handlers = {
    HealthCheck: () => [200, { message: 'ok' }],
    ListEndUserIntegrations: ({ p, q }) => {
      ownUser(p, q);
      if (q.deployed !== undefined && !['true', 'false'].includes(q.deployed)) throw new Refusal(400, 'query_invalid', 'deployed is true or false');
      const list = data.integrations.filter((i) => q.deployed === undefined || String(i.isDeployed) === q.deployed).map(summary);
      // The OpenAPI gives this list no paging parameters: every integration, in one page.
      return [200, { totalCount: list.length, integrations: list, totalConnected: list.filter((i) => i.isActivated).length }];
    },
    GetEmbeddedIntegration: ({ p, q }) => {
      ownUser(p, q);
      const i = data.integrations.find((x) => x.id === p.integration_id);
      if (!i) throw new Refusal(404, 'not_found', 'no such integration');
      return [200, { ...summary(i), connectionTemplates: i.templates.map(tplOut) }];
    },
    ListEndUserActivations: ({ p, q }) => {
      ownUser(p, q);
      return [200, page(data.activations.filter((a) => !q.integration_id || a.integrationId === q.integration_id).map(actOut), q, 'activations')];
    },
    ListEndUserConnections: ({ p, q }) => {
      ownUser(p, q);
      const only = q.hub_connector_id?.split(',');
      const list = data.connections.filter((c) => !only || only.includes(c.connectorId)).map(({ id, name, createdAt, updatedAt }) => ({ id, name, createdAt, updatedAt }));
      return [200, page(list, q, 'connections')];
    },
    CreateEndUserConnection: ({ p, q, body }) => {
      ownUser(p, q);
      return [201, connOut(createConnection(body.connectorId, body.connection, 'connectorId'))];
    },
    InitialiseOAuth2EmbeddedConnection: ({ p, body }) => {
      const tpl = templates().find((t) => t.connectorId === p.connector_id);
      if (p.hub_id !== data.hubId || !tpl) throw new Refusal(404, 'not_found', 'no such connector');
      if (tpl.authSchemeConfig.schemeType !== 'oauth2') throw new Refusal(400, 'not_oauth2', 'the connector does not use OAuth 2.0');
      const url = new URL(body.authorizeUrl);
      url.search = new URLSearchParams({ client_id: body.clientId, response_type: 'code', state: ulid(), scope: (body.scopes ?? []).join(' ') });
      return [200, { url: url.href }];
    },
    ActivateIntegration: ({ body }) => {
      if (body.userId !== data.user.externalId && body.userId !== data.user.id) throw new Refusal(404, 'not_found', 'no such user', [{ field: 'userId', message: 'no such user' }]);
      const i = data.integrations.find((x) => x.id === body.integrationId);
      if (!i) throw new Refusal(404, 'not_found', 'no such integration', [{ field: 'integrationId', message: 'no such integration' }]);
      if (!i.isDeployed) throw new Refusal(400, 'integration_not_deployed', `${i.name} is not deployed`, [{ field: 'integrationId', message: 'not deployed' }]);
      if (data.activations.some((a) => a.integrationId === i.id)) throw new Refusal(409, 'already_activated', `${i.name} is already activated`);
      const bound = body.connections.map((b, n) => {
        const tpl = i.templates.find((t) => t.id === b.templateId);
        if (!tpl) throw new Refusal(400, 'template_invalid', 'not a template of this integration', [{ field: `connections[${n}].templateId`, message: 'not a template of this integration' }]);
        if (b.connectionId === undefined) return createConnection(tpl.connectorId, b, `connections[${n}]`);
        const c = data.connections.find((x) => x.id === b.connectionId && x.connectorId === tpl.connectorId);
        if (!c) throw new Refusal(400, 'connection_invalid', 'no such connection for this template', [{ field: `connections[${n}].connectionId`, message: 'no such connection' }]);
        return c;
      });
      const missing = i.templates.findIndex((t) => !bound.some((c) => c.connectorId === t.connectorId));
      if (missing >= 0) throw new Refusal(400, 'connection_missing', `${i.templates[missing].name} needs a connection`, [{ field: 'connections', message: `${i.templates[missing].name} needs a connection` }]);
      const a = { id: ulid(), integrationId: i.id, variables: body.variables, connections: bound.map((c) => c.id) };
      data.activations.push(a);
      return [200, actOut(a)];
    },
    GetActivation: ({ p }) => {
      const a = data.activations.find((x) => x.id === p.activation_id);
      if (!a) throw new Refusal(404, 'not_found', 'no such activation');
      return [200, actOut(a)];
    },
    DeleteActivation: ({ p }) => {
      const n = data.activations.findIndex((x) => x.id === p.activation_id);
      if (n < 0) throw new Refusal(404, 'not_found', 'no such activation');
      data.activations.splice(n, 1);
      return [204];
    },
  };

  // A connection from a ConnectionCreate (or an inline ActivationConnectionCreateNew).
  function createConnection(connectorId, conn, field) {
    const tpl = templates().find((t) => t.connectorId === connectorId);
    if (!tpl) throw new Refusal(404, 'not_found', 'no such connector', [{ field, message: 'no such connector' }]);
    const cred = conn.credentials.action?.[0]?.credential;
    const want = { 'api-key': 'string', 'basic-auth': 'basic-auth' }[tpl.authSchemeConfig.schemeType];
    if (!cred || cred.type !== want) throw new Refusal(400, 'credentials_invalid', `${tpl.name} takes a ${want ?? 'OAuth 2.0'} credential`, [{ field: `${field}.credentials`, message: `needs a ${want ?? 'OAuth 2.0'} credential` }]);
    if (want === 'string' && String(cred.data.value).startsWith('bad')) throw new Refusal(400, 'credentials_rejected', `${tpl.name} refused the API key`, [{ field: `${field}.credentials`, message: 'the provider refused the API key' }]);
    if (data.connections.some((c) => c.connectorId === connectorId && c.name === conn.name)) throw new Refusal(409, 'name_taken', 'a connection of this connector has that name');
    const now = new Date().toISOString();
    const c = { id: ulid(), connectorId, name: conn.name, type: cred.type, username: cred.data.username, createdAt: now, updatedAt: now, authSchemeConfig: tpl.authSchemeConfig };
    data.connections.push(c);
    return c;
  }

  async function handle(req) {
    const url = new URL(req.url, 'http://stub');
    const op = oa.match(req.method, url.pathname);
    if (!op) throw new Refusal(404, 'not_found', `the reference API has no ${req.method} ${url.pathname}`);
    if (op.operationId !== 'HealthCheck' && req.headers.authorization !== `${authScheme} ${token}`) throw new Refusal(401, 'unauthorized', `expected Authorization: ${authScheme} <token>`);
    const q = {};
    for (const [k, v] of url.searchParams) {
      if (!op.query.has(k)) throw new Refusal(400, 'query_invalid', `${op.operationId} has no query parameter ${k}`, [{ field: k, message: 'not a parameter of this operation' }]);
      const enumOf = op.query.get(k).schema?.enum;
      if (enumOf && !enumOf.includes(v)) throw new Refusal(400, 'query_invalid', `${k} must be one of ${enumOf.join(', ')}`, [{ field: k, message: 'not an allowed value' }]);
      q[k] = v;
    }
    const p = Object.fromEntries(op.pathParams.map((name, n) => [name, decodeURIComponent(op.pattern.exec(url.pathname)[n + 1])]));
    let text = '';
    for await (const chunk of req) text += chunk;
    let body;
    if (text) {
      try { body = JSON.parse(text); } catch { throw new Refusal(400, 'body_invalid', 'the body is not JSON'); }
    }
    state.requests.push({ method: req.method, path: url.pathname, query: q, body, operationId: op.operationId, authorization: req.headers.authorization });
    const checked = oa.validateRequest(op, body);
    if (!checked.valid) {
      throw new Refusal(400, 'body_invalid', `${op.operationId}: ${checked.errors[0].instancePath || 'body'} ${checked.errors[0].message}`,
        checked.errors.map((e) => ({ field: e.instancePath.split('/').slice(1).join('.') || 'body', message: e.message })));
    }
    const run = handlers[op.operationId];
    if (!run) throw new Refusal(501, 'not_implemented', `the stub does not implement ${op.operationId}`);
    return [op, ...run({ p, q, body })];
  }

  const server = createServer(async (req, res) => {
    if (cors) {
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('access-control-allow-headers', 'authorization, content-type, accept');
      res.setHeader('access-control-allow-methods', 'GET, POST, DELETE');
    }
    if (req.method === 'OPTIONS' && cors) return res.writeHead(204).end();
    let op, status, body;
    try {
      [op, status, body] = await handle(req);
    } catch (err) {
      op = oa.match(req.method, new URL(req.url, 'http://stub').pathname);
      if (err instanceof Refusal) [status, body] = [err.status, err.body];
      else {
        state.violations.push({ operationId: op?.operationId, status: 500, errors: [{ message: String(err?.stack ?? err) }] });
        [status, body] = [500, { code: 'stub_error', message: String(err?.message ?? err) }];
      }
    }
    if (op) {
      const v = oa.validateResponse(op, status, body);
      if (!v.valid) {
        state.violations.push({ operationId: op.operationId, status, errors: v.errors });
        [status, body] = [500, { code: 'stub_invalid_answer', message: `the stub's ${op.operationId} answer broke the OpenAPI: ${v.errors[0].instancePath} ${v.errors[0].message}` }];
      }
    }
    if (body === undefined) return res.writeHead(status).end();
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  data = seed(url);
  return {
    url, token, hubId: data.hubId, user: data.user, integrations: data.integrations,
    requests: state.requests, violations: state.violations,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      oa.free();
    },
  };
}
