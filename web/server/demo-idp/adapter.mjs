// adapter.mjs — oidc-provider's storage for one demo authorization server: plain Maps, per
// instance (the library's own memory adapter is shared by every provider in the process).

export function memoryAdapterFactory() {
  const stores = new Map(); // model name → Map(id → {payload, expiresAt})
  const grants = new Map(); // grantId → Set of `${model}:${id}`
  const uids = new Map(); // interaction uid → `${model}:${id}`
  const codes = new Map(); // user code → `${model}:${id}`

  const storeOf = (name) => {
    if (!stores.has(name)) stores.set(name, new Map());
    return stores.get(name);
  };
  const live = (entry) => (entry && (!entry.expiresAt || entry.expiresAt > Date.now()) ? entry.payload : undefined);
  const byKey = (key) => {
    if (!key) return undefined;
    const i = key.indexOf(':');
    return live(storeOf(key.slice(0, i)).get(key.slice(i + 1)));
  };

  class MemoryAdapter {
    constructor(name) {
      this.name = name;
      this.map = storeOf(name);
    }

    async upsert(id, payload, expiresIn) {
      const key = `${this.name}:${id}`;
      this.map.set(id, { payload: { ...payload }, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : 0 });
      if (payload.grantId) {
        if (!grants.has(payload.grantId)) grants.set(payload.grantId, new Set());
        grants.get(payload.grantId).add(key);
      }
      if (payload.uid) uids.set(payload.uid, key);
      if (payload.userCode) codes.set(payload.userCode, key);
    }

    async find(id) {
      return live(this.map.get(id));
    }

    async findByUid(uid) {
      return byKey(uids.get(uid));
    }

    async findByUserCode(userCode) {
      return byKey(codes.get(userCode));
    }

    async consume(id) {
      const entry = this.map.get(id);
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id) {
      this.map.delete(id);
    }

    async revokeByGrantId(grantId) {
      for (const key of grants.get(grantId) ?? []) {
        const i = key.indexOf(':');
        storeOf(key.slice(0, i)).delete(key.slice(i + 1));
      }
      grants.delete(grantId);
    }
  }
  return MemoryAdapter;
}
