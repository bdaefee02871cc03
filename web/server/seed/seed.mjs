// seed.mjs — loads the demo catalog into an empty database, once (idempotent across restarts).
import { slugOf } from '../icons.mjs';
import { CONNECTORS, DEMO_USER, INTEGRATIONS, TENANTS, WRITES_TO } from './catalog.mjs';

const SEED_KEY = 'demo_seed';
const SEED_VERSION = '1';

/** The catalog's mark for an icon slug ({color, initials | glyph}), or undefined. */
export const markOf = (() => {
  const bySlug = new Map(Object.entries(CONNECTORS).map(([name, c]) => [slugOf(name), c]));
  return (slug) => bySlug.get(slug);
})();

/** Seeds the demo data unless this database already holds it. Returns true when it seeded. */
export function seedDemo({ store, directory }) {
  if (store.meta(SEED_KEY) !== undefined) return false;
  store.transaction(() => {
    const byName = new Map(INTEGRATIONS.map((i) => [i[0], i]));
    for (const t of TENANTS) {
      const org = directory.createOrg(t.org);
      for (const h of t.hubs) {
        const hub = directory.createHub(org.id, h.name);
        const connectorIds = new Map();
        const connectorFor = (name) => {
          if (!connectorIds.has(name)) {
            const c = CONNECTORS[name];
            connectorIds.set(name, directory.createConnector(hub.id, { name, authenticationMethod: c.auth, scopes: c.scopes }).id);
          }
          return connectorIds.get(name);
        };
        for (const name of h.integrations ?? byName.keys()) {
          const [, connectors, isDeployed, variablesSchema, description] = byName.get(name);
          directory.createIntegration(hub.id, {
            name,
            description,
            imageUrl: `/icons/${slugOf(connectors.length > 1 ? connectors[0] : name)}.svg`,
            isDeployed,
            variablesSchema: variablesSchema ?? undefined,
            connectionTemplates: connectors.map((c) => ({
              connectorId: connectorFor(c), name: c, writes: (WRITES_TO[name] ?? []).includes(c),
            })),
          });
        }
        for (const [externalId, displayName] of h.users) directory.ensureUser(hub.id, externalId, displayName);
      }
    }
    store.setMeta(SEED_KEY, SEED_VERSION);
  });
  return true;
}

/** The demo user `npm start` prints a token for: {hub, user} rows, or undefined when absent. */
export function demoUser(store) {
  const hub = store.tenancy.hubs().find((h) => h.name === DEMO_USER.hub);
  const user = hub && store.tenancy.user(hub.id, DEMO_USER.externalId, 'external');
  return user ? { hub, user } : undefined;
}
