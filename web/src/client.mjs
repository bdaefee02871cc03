// client.mjs — HubClient: the hub API over fetch, with paging, timeouts, retries and token refresh.
import * as ref from './reference.mjs';

/** A non-2xx answer (or a request that never got one: `status` 0, code `network` or `timeout`). */
export class HubApiError extends Error {
  constructor(status, body = {}, requestId) {
    super(body.message ?? `HTTP ${status}`);
    this.name = 'HubApiError';
    this.status = status;
    this.code = body.code ?? `http_${status}`;
    this.fields = body.fields ?? [];
    if (body.details !== undefined) this.details = body.details;
    if (body.position !== undefined) this.position = body.position;
    if (requestId) this.requestId = requestId;
  }
}

// 429 and 503 say the server refused before doing anything, so even a POST is safe to resend;
// after 502/504 or a lost connection a POST may have been applied, so only reads and DELETE
// (idempotent) are resent.
const REFUSED = new Set([429, 503]);
const GATEWAY = new Set([502, 504]);
const idempotent = (method) => method === 'GET' || method === 'DELETE';

const sleep = (ms, signal) => new Promise((resolve, reject) => {
  if (signal?.aborted) return reject(signal.reason);
  const t = setTimeout(() => { signal?.removeEventListener('abort', stop); resolve(); }, ms);
  const stop = () => { clearTimeout(t); reject(signal.reason); };
  signal?.addEventListener('abort', stop, { once: true });
});

// Retry-After is seconds or an HTTP date; null when absent or unreadable.
function retryAfterMs(value) {
  if (value == null || value === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

const enc = encodeURIComponent;
const UNSUPPORTED = new Set(['getConnection', 'reauthorizeConnection', 'retryConnection', 'deleteConnection', 'updateActivation']);

/**
 * The hub API for one end user. `options`: {apiBase, hubId, userId, identifierType
 * ('external' | 'internal', default external), token | getToken (sync or async; called again
 * once after a 401), fetch (default globalThis.fetch), timeout (ms per attempt, default 15000),
 * retries (default 3), retryDelay (base backoff ms, default 300), maxRetryDelay (ms, default
 * 20000: a longer Retry-After fails at once rather than hang the UI), authScheme ('JWT' |
 * 'Bearer', default JWT: the Authorization scheme), profile ('embedhub' | 'reference', default
 * embedhub: 'reference' speaks only what the reference API's OpenAPI declares)}. Answers of a
 * server that follows that OpenAPI exactly are read as the embedhub models. Every method takes
 * `{signal, timeout}` last.
 */
export class HubClient {
  #o;
  #token;

  constructor(options = {}) {
    const {
      apiBase, hubId, userId, token, getToken, identifierType = 'external', fetch,
      timeout = 15_000, retries = 3, retryDelay = 300, maxRetryDelay = 20_000, authScheme = 'JWT', profile = 'embedhub',
    } = options;
    if (!apiBase || !hubId || !userId) throw new TypeError('HubClient needs apiBase, hubId and userId');
    if (!token && typeof getToken !== 'function') throw new TypeError('HubClient needs token or getToken()');
    if (authScheme !== 'JWT' && authScheme !== 'Bearer') throw new TypeError("HubClient: authScheme must be 'JWT' or 'Bearer'");
    if (profile !== 'embedhub' && profile !== 'reference') throw new TypeError("HubClient: profile must be 'embedhub' or 'reference'");
    this.#o = {
      apiBase: String(apiBase).replace(/\/+$/, ''), hubId, userId, getToken, identifierType, timeout, retries, retryDelay, maxRetryDelay, authScheme, profile,
      // Late-bound, so a fetch patched after construction (tests, polyfills) is the one used.
      fetch: fetch ?? ((...a) => globalThis.fetch(...a)),
    };
    this.#token = token;
  }

  get hubId() { return this.#o.hubId; }
  get userId() { return this.#o.userId; }
  get identifierType() { return this.#o.identifierType; }
  get profile() { return this.#o.profile; }

  /** Whether the server's API has the operation named by a method of this client: under
   * 'reference', getConnection, reauthorizeConnection, retryConnection, deleteConnection and
   * updateActivation are not. */
  supports(method) {
    return !(this.#ref && UNSUPPORTED.has(method)) && typeof this[method] === 'function';
  }

  get #ref() { return this.#o.profile === 'reference'; }

  // Templates seen in getIntegration answers, by id: creating a connection under 'reference'
  // needs the template's connector and AuthSchemeConfig.
  #templates = new Map();
  // Connection id → Hub Connector id, learned from filtered lists and created connections, for
  // the reference API's summaries that do not say their connector.
  #connectorOf = new Map();
  // Under 'reference': the UUID form of each connection id answered → the server's own id.
  #ids = new Map();

  // A connection as the embedhub models read it (a seed 003 Connection under 'reference').
  #conn(c, connectorId) {
    if (!c || typeof c !== 'object') return c;
    const connector = connectorId ?? c.environment_integration_id ?? this.#connectorOf.get(c.id);
    if (connector !== undefined) this.#connectorOf.set(c.id, connector);
    if (!this.#ref) return ref.connection(c, connector);
    const method = [...this.#templates.values()].find((t) => t.connectorId === connector)?.authenticationMethod;
    const out = ref.seedConnection(c, { connectorId: connector, method, tenantId: this.#o.userId });
    this.#ids.set(out.id, c.id);
    return out;
  }

  async #auth(refresh) {
    if ((refresh || !this.#token) && this.#o.getToken) this.#token = await this.#o.getToken();
    return `${this.#o.authScheme} ${this.#token}`;
  }

  /** One API call: resolves with the parsed JSON answer (undefined for 204) or throws. */
  async request(method, path, { query, body, signal, timeout = this.#o.timeout } = {}) {
    const url = new URL(this.#o.apiBase + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null) url.searchParams.set(k, String(v));
    const { retries, retryDelay, maxRetryDelay } = this.#o;
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const headers = { accept: 'application/json', authorization: await this.#auth(false) };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await this.#send(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, signal, timeout, attempt < retries && idempotent(method));
      if (res === null) { await sleep(this.#backoff(attempt), signal); continue; }
      if (res.ok) return res.status === 204 ? undefined : res.json();
      const err = new HubApiError(res.status, await res.json().catch(() => ({ message: res.statusText || undefined })), res.headers.get('x-request-id'));
      if (res.status === 401 && this.#o.getToken && !refreshed) {
        refreshed = true;
        this.#token = undefined;
        attempt--;
        continue;
      }
      const retryable = REFUSED.has(res.status) || (GATEWAY.has(res.status) && idempotent(method));
      if (!retryable || attempt >= retries) throw err;
      const wait = retryAfterMs(res.headers.get('retry-after')) ?? this.#backoff(attempt);
      if (wait > maxRetryDelay) throw err;
      await sleep(wait, signal);
    }
  }

  // Full jitter: a random wait up to the exponential bound, so clients that failed together
  // don't come back together.
  #backoff(attempt) {
    return Math.random() * Math.min(this.#o.maxRetryDelay, this.#o.retryDelay * 2 ** attempt);
  }

  // fetch with a per-attempt timeout. Returns the Response, or null when a network failure or
  // timeout may be retried; otherwise throws (the caller's own abort passes through as is).
  async #send(url, init, signal, timeout, mayRetry) {
    const ctl = new AbortController();
    const abort = () => ctl.abort(signal.reason);
    signal?.addEventListener('abort', abort, { once: true });
    if (signal?.aborted) abort();
    const timer = setTimeout(() => ctl.abort(new HubApiError(0, { code: 'timeout', message: `no answer within ${timeout} ms` })), timeout);
    try {
      return await this.#o.fetch(url, { ...init, signal: ctl.signal });
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (mayRetry) return null;
      if (ctl.signal.aborted) throw ctl.signal.reason;
      const e = new HubApiError(0, { code: 'network', message: `cannot reach the hub: ${err.message}` });
      e.cause = err;
      throw e;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
    }
  }

  #user(prefix, rest = '') {
    return `/${prefix}/${enc(this.#o.hubId)}/users/${enc(this.#o.userId)}${rest}`;
  }

  #idq(query) {
    return { identifier_type: this.#o.identifierType, ...query };
  }

  /** One EndUserIntegrationPage: `{deployed, q (search name and description), first, after, before}`. */
  listIntegrations({ deployed, q, first, after, before, ...opts } = {}) {
    // The reference API's ListEndUserIntegrations declares no paging parameters: one page.
    const query = this.#ref ? { deployed } : { deployed, q: q || undefined, first, after, before };
    return this.request('GET', this.#user('embed', '/integrations'), { ...opts, query: this.#idq(query) });
  }

  /** Every integration, page after page: `for await (const i of client.integrations({deployed: true}))`. */
  integrations(query = {}) {
    return this.#each((q) => this.listIntegrations(q), query, 'integrations');
  }

  /** The EmbeddedIntegration: the summary with variablesSchema and connectionTemplates. */
  async getIntegration(id, opts) {
    const integration = ref.integration(await this.request('GET', this.#user('embed', `/integrations/${enc(id)}`), { ...opts, query: this.#idq() }));
    for (const t of integration?.connectionTemplates ?? []) this.#templates.set(t.id, t);
    return integration;
  }

  /** One ActivationPage: `{integrationId, first, after, before}`. */
  async listActivations({ integrationId, first, after, before, ...opts } = {}) {
    // The reference API's ListEndUserActivations takes no identifier_type.
    const query = { integration_id: integrationId, first, after, before };
    return ref.activationPage(await this.request('GET', this.#user('embed', '/activations'), { ...opts, query: this.#ref ? query : this.#idq(query) }));
  }

  /** Every activation, page after page. */
  activations(query = {}) {
    return this.#each((q) => this.listActivations(q), query, 'activations');
  }

  async *#each(list, query, key) {
    let after = query.after;
    do {
      const page = await list({ ...query, after });
      yield* page[key];
      after = page.next;
    } while (after && !(this.#ref && key === 'integrations'));
  }

  /** One page of the user's connections: `{hubConnectorId (one id or several), first, after,
   * before}` → {totalCount, next?, prev?, connections}. */
  async listConnections({ hubConnectorId, first, after, before, ...opts } = {}) {
    const ids = hubConnectorId === undefined ? [] : [hubConnectorId].flat();
    const list = (only) => this.request('GET', this.#user('hubs', '/connections'), {
      ...opts, query: this.#idq({ hub_connector_id: only?.join(','), first, after, before }),
    });
    // A reference summary does not say its connector: ask per connector to know it.
    if (!this.#ref || ids.length < 2) {
      const page = await list(ids.length ? ids : undefined);
      if (!Array.isArray(page?.connections)) return page;
      return { ...page, connections: page.connections.map((c) => this.#conn(c, ids.length === 1 ? ids[0] : undefined)) };
    }
    const pages = await Promise.all(ids.map((id) => list([id]).then((p) => p.connections.map((c) => this.#conn(c, id)))));
    const connections = pages.flat();
    return { totalCount: connections.length, connections };
  }

  async getConnection(id, opts) {
    this.#supported('getConnection');
    return this.#conn(await this.request('GET', this.#user('hubs', `/connections/${enc(id)}`), { ...opts, query: this.#idq() }));
  }

  /** Creates a connection for a template: `{templateId, apiKey?, isSandbox?, region?, context?}`.
   * OAuth2 answers carry `authorizeUrl`, the provider's consent page. Under 'reference' it is
   * CreateEndUserConnection: `{templateId, connectorId?, apiKey | username and password, name?,
   * authSchemeConfig?}` (connector and AuthSchemeConfig default to the template's). */
  async createConnection(body, opts) {
    if (!this.#ref) return this.#conn(await this.request('POST', this.#user('hubs', '/connections'), { ...opts, body, query: this.#idq() }));
    const made = ref.connectionCreateFor(body, this.#templates.get(body.templateId));
    if (made.error) throw new HubApiError(0, made.error);
    return this.#conn(await this.request('POST', this.#user('hubs', '/connections'), { ...opts, query: this.#idq(), body: made.body }), made.body.connectorId);
  }

  /** New credentials for a connection (`{apiKey}` for api_key; OAuth2 answers with authorizeUrl). */
  async reauthorizeConnection(id, body = {}, opts) {
    this.#supported('reauthorizeConnection');
    return this.#conn(await this.request('POST', this.#user('hubs', `/connections/${enc(id)}/reauthorize`), { ...opts, body, query: this.#idq() }));
  }

  /** Runs the provider's checks again with the stored credentials. */
  async retryConnection(id, opts) {
    this.#supported('retryConnection');
    return this.#conn(await this.request('POST', this.#user('hubs', `/connections/${enc(id)}/retry`), { ...opts, query: this.#idq() }));
  }

  #supported(method) {
    if (!this.supports(method)) throw new HubApiError(0, { code: 'not_supported', message: `${method} is not an operation of the reference API` });
  }

  /** POST /activations for this client's user: `{integrationId, connections, dynamicVariables?}`
   * (under 'reference' the settings go as the OpenAPI's `variables` array). */
  async createActivation(body, opts) {
    const { dynamicVariables, ...rest } = body;
    const sent = this.#ref
      ? { userId: this.#o.userId, ...rest, variables: ref.variablesOf(dynamicVariables), connections: rest.connections?.map((b) => ({ ...b, connectionId: this.#ids.get(b.connectionId) ?? b.connectionId })) }
      : { userId: this.#o.userId, userIdType: this.#o.identifierType, ...body };
    return ref.activation(await this.request('POST', '/activations', { ...opts, body: sent }));
  }

  async getActivation(id, opts) {
    return ref.activation(await this.request('GET', `/activations/${enc(id)}`, opts));
  }

  deleteActivation(id, opts) {
    return this.request('DELETE', `/activations/${enc(id)}`, opts);
  }

  /** PATCH /activations/{id} `{dynamicVariables}`: new settings for an active integration (a
   * secret left out keeps its saved value). Resolves with the Activation. */
  async updateActivation(id, body, opts) {
    this.#supported('updateActivation');
    return ref.activation(await this.request('PATCH', `/activations/${enc(id)}`, { ...opts, body }));
  }

  /** Deletes a connection no activation uses (its tokens are revoked at the provider);
   * HubApiError 409 connection_in_use (details.activations) otherwise. */
  async deleteConnection(id, opts) {
    this.#supported('deleteConnection');
    return this.request('DELETE', this.#user('hubs', `/connections/${enc(id)}`), { ...opts, query: this.#idq() });
  }
}
