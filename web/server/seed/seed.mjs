// seed.mjs — loads the demo catalog into an empty database, once (idempotent across restarts).
import { randomBytes } from 'node:crypto';
import { demoConnectorSettings } from '../demo-idp/hub.mjs';
import { slugOf } from '../icons.mjs';
import { CONNECTORS, DEMO_USER, INTEGRATIONS, TENANTS, WRITES_TO } from './catalog.mjs';

const SEED_KEY = 'demo_seed';
// 2: the connectors reach the demo's authorization server (OAuth2) and demo API (API keys).
const SEED_VERSION = '2';

/** A catalog connector's provider settings, with a new OAuth2 client for the demo provider. */
const demoSettingsFor = (c) =>
  demoConnectorSettings(c.auth, c.scopes, `demo-${randomBytes(8).toString('hex')}`, randomBytes(24).toString('base64url'));

// A database seeded by version 1 has connectors without a provider: give them the demo's.
async function upgradeFrom1({ store, connections }) {
  await store.tx(async (t) => {
    for (const row of await t.tenancy.unconfiguredConnectors()) {
      const c = CONNECTORS[row.name];
      if (!c || c.auth !== row.authentication_method) continue;
      const body = { name: row.name, authenticationMethod: c.auth, ...demoSettingsFor(c) };
      await connections.settings.save(row.id, connections.connectorSettingsOf(body, { demo: true }));
    }
    await t.setMeta(SEED_KEY, SEED_VERSION);
  });
}

/** The catalog's mark for an icon slug ({color, initials | glyph}), or undefined. */
export const markOf = (() => {
  const bySlug = new Map(Object.entries(CONNECTORS).map(([name, c]) => [slugOf(name), c]));
  return (slug) => bySlug.get(slug);
})();

/** Seeds the demo data unless this database already holds it. Returns true when it seeded. */
export async function seedDemo({ store, directory, connections }) {
  const seeded = await store.meta(SEED_KEY);
  if (seeded === '1') await upgradeFrom1({ store, connections });
  if (seeded !== undefined) return false;
  return store.tx(async (t) => {
    // Read again in the transaction: a second process starting at the same moment seeds once
    // (SQLite: under the write lock; PostgreSQL: reading a meta key in a transaction takes that
    // key's advisory lock, so the second waits for the first to commit, then finds the key).
    if (await t.meta(SEED_KEY) !== undefined) return false;
    const byName = new Map(INTEGRATIONS.map((i) => [i[0], i]));
    for (const t of TENANTS) {
      const org = await directory.createOrg(t.org);
      for (const h of t.hubs) {
        const created = await directory.createHub(org.id, h.name);
        const connectorIds = new Map();
        const connectorFor = async (name) => {
          if (!connectorIds.has(name)) {
            const c = CONNECTORS[name];
            const body = { name, authenticationMethod: c.auth, scopes: c.scopes, ...demoSettingsFor(c) };
            connectorIds.set(name, (await directory.createConnector(created.id, body, false, { demo: true })).id);
          }
          return connectorIds.get(name);
        };
        for (const name of h.integrations ?? byName.keys()) {
          const [, connectors, isDeployed, variablesSchema, description] = byName.get(name);
          const templates = [];
          for (const c of connectors) {
            templates.push({ connectorId: await connectorFor(c), name: c, writes: (WRITES_TO[name] ?? []).includes(c) });
          }
          await directory.createIntegration(created.id, {
            name,
            description,
            imageUrl: `/icons/${slugOf(connectors.length > 1 ? connectors[0] : name)}.svg`,
            isDeployed,
            variablesSchema: variablesSchema ?? undefined,
            connectionTemplates: templates,
          });
        }
        for (const [externalId, displayName] of h.users) await directory.ensureUser(created.id, externalId, displayName);
      }
    }
    await t.setMeta(SEED_KEY, SEED_VERSION);
    return true;
  });
}

/** The demo user `npm start` prints a token for: {hub, user} rows, or undefined when absent. */
export async function demoUser(store) {
  const hub = (await store.tenancy.hubs()).find((h) => h.name === DEMO_USER.hub);
  const user = hub && await store.tenancy.user(hub.id, DEMO_USER.externalId, 'external');
  return user ? { hub, user } : undefined;
}
