// ui-fake.mjs — an in-memory HubClient for the embed's flow tests (tests/js/ui-*.test.mjs):
// the same methods and answers as web/src/client.mjs, paging by index cursors, and a log of
// every call so a test can say what the flow asked the hub.

const page = (list, { first = 20, after, before }) => {
  let start = after ? Number(after) : 0;
  if (before) start = Math.max(0, Number(before) - first);
  const end = before ? Number(before) : Math.min(list.length, start + first);
  return { items: list.slice(start, end), next: end < list.length ? String(end) : undefined, prev: start > 0 ? String(start) : undefined };
};

export class FakeClient {
  hubId = 'hub-1';
  userId = 'user@test';
  calls = [];

  constructor({ integrations = [], connections = [], activations = [], connect } = {}) {
    this.integrations = integrations;
    this.connections = connections;
    this.activationList = activations;
    // What a new or reauthorized connection becomes: (body, existing) → connection fields.
    this.connect = connect ?? (() => ({ status: 'active' }));
  }

  #log(name, args) {
    this.calls.push([name, args]);
  }

  async listIntegrations({ deployed, first, after, before, q } = {}) {
    this.#log('listIntegrations', { deployed, first, after, before, q });
    // The hub matches q case- and accent-insensitively; plain lower case is enough here.
    const hit = (i) => !q || `${i.name}\n${i.description}`.toLowerCase().includes(q.toLowerCase());
    const all = this.integrations.filter((i) => (deployed === undefined || i.isDeployed === deployed) && hit(i));
    const p = page(all, { first, after, before });
    return { totalCount: all.length, totalConnected: this.activationList.length, integrations: p.items, next: p.next, prev: p.prev };
  }

  async listActivations({ first, after } = {}) {
    this.#log('listActivations', { first, after });
    const p = page(this.activationList, { first, after });
    return { totalCount: this.activationList.length, activations: p.items, next: p.next };
  }

  async *activations(query = {}) {
    let after;
    do {
      const p = await this.listActivations({ ...query, after });
      yield* p.activations;
      after = p.next;
    } while (after);
  }

  async listConnections() {
    this.#log('listConnections', {});
    return { totalCount: this.connections.length, connections: [...this.connections] };
  }

  async getConnection(id) {
    this.#log('getConnection', { id });
    const c = this.connections.find((x) => x.id === id);
    if (!c) throw Object.assign(new Error('not found'), { status: 404 });
    return { ...c };
  }

  async createConnection(body) {
    this.#log('createConnection', body);
    const c = { id: `conn-${this.connections.length + 1}`, status: 'connecting', ...this.connect(body, null) };
    this.connections.push(c);
    return { ...c };
  }

  async reauthorizeConnection(id, body) {
    this.#log('reauthorizeConnection', { id, ...body });
    const c = this.connections.find((x) => x.id === id);
    Object.assign(c, this.connect(body, c));
    return { ...c };
  }

  async retryConnection(id) {
    this.#log('retryConnection', { id });
    return { ...this.connections.find((x) => x.id === id) };
  }

  async deleteActivation(id) {
    this.#log('deleteActivation', { id });
    this.activationList = this.activationList.filter((a) => a.id !== id);
  }
}

/** Integrations named `prefix 1` … `prefix n`. */
export const integrationsNamed = (n, prefix = 'App', extra = () => ({})) =>
  Array.from({ length: n }, (_, k) => ({ id: `i${k + 1}`, name: `${prefix} ${k + 1}`, description: '', isDeployed: true, isActivated: false, ...extra(k) }));
