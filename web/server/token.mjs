// token.mjs — mints an end-user token from the command line, as a host app's backend would:
//   node web/server/token.mjs --hub <hub id> --user <external id> [--ttl seconds] [--data dir]
// The secret comes from EMBEDHUB_SECRET or the data directory, as for the server.
import { parseArgs } from 'node:util';
import { createAuth, DEFAULT_TTL_SECONDS, MAX_TTL_SECONDS } from './auth.mjs';
import { ConfigError, loadConfig } from './config.mjs';
import { openEngine } from './db/open.mjs';
import { openSecrets } from './security/secrets.mjs';
import { createStore } from './store/index.mjs';

const usage = 'usage: node web/server/token.mjs --hub <hub id> --user <external user id> [--internal] [--ttl seconds] [--data dir]';

function fail(message) {
  console.error(`token: ${message}\n${usage}`);
  process.exit(2);
}

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      hub: { type: 'string' }, user: { type: 'string' }, internal: { type: 'boolean', default: false },
      ttl: { type: 'string', default: String(DEFAULT_TTL_SECONDS) }, data: { type: 'string' },
    },
  }));
} catch (err) {
  fail(err.message);
}
if (!args.hub || !args.user) fail('--hub and --user are required');
const ttlSeconds = Number(args.ttl);
if (!Number.isInteger(ttlSeconds) || ttlSeconds < 60 || ttlSeconds > MAX_TTL_SECONDS) fail(`--ttl must be 60..${MAX_TTL_SECONDS}`);

let config;
try {
  config = loadConfig({ overrides: args.data === undefined ? {} : { dataDir: args.data } });
} catch (err) {
  if (err instanceof ConfigError) fail(err.message);
  throw err;
}
const db = await openEngine(config, { secrets: openSecrets(config) });
const { tenancy } = createStore(db);
const hub = await tenancy.hub(args.hub);
const user = hub && await tenancy.user(hub.id, args.user, args.internal ? 'internal' : 'external');
await db.close();
if (!hub) fail(`no hub ${args.hub} in ${config.databaseUrl ? 'the database' : config.dbFile}`);
if (!user) fail(`no user ${args.user} in hub ${hub.name} (POST /admin/tokens creates users)`);

const { token, expiresAt } = await createAuth(config.secret).mint({ sub: user.id, hub: hub.id, org: hub.org_id, ttlSeconds });
console.log(token);
console.error(`token: for ${user.external_id} in ${hub.name}, expires ${expiresAt}`);
