// main.mjs — runs the hub server: `node web/server/main.mjs [flags]` (see config.mjs), as `npm start`
// does; `node web/server/main.mjs rotate-key [flags]` re-seals every secret under a new key.
import { createHubServer } from './app.mjs';
import { ConfigError, loadConfig } from './config.mjs';
import { rotateKey } from './security/rotate.mjs';
import { demoUser } from './seed/seed.mjs';
import { startupMessage } from './startup.mjs';

const fail = (message, status = 2) => {
  console.error(`embedhub server: ${message}`);
  process.exit(status);
};

const argv = process.argv.slice(2);
if (argv[0] === 'rotate-key') {
  try {
    const { strays } = await rotateKey(loadConfig({ argv: argv.slice(1) }), { say: (line) => console.error(line) });
    for (const s of strays) console.error(`rotate-key: ${s.count} value(s) in ${s.table}.${s.column} are still sealed under an old key (not re-sealed: the table has no one-column primary key, or the value changed meanwhile)`);
    process.exit(strays.length ? 1 : 0);
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    fail(`rotate-key failed: ${err.message}`, 1);
  }
}

let hubServer;
try {
  hubServer = await createHubServer({ argv });
} catch (err) {
  if (err instanceof ConfigError) fail(err.message);
  // An unusable data directory or database: one sentence, no stack trace.
  let dataDir;
  let postgres = false;
  try {
    ({ dataDir, databaseUrl: postgres } = loadConfig({ argv }));
  } catch {
    // the sentence names the path from the error itself
  }
  const sentence = startupMessage(err, dataDir, { postgres: Boolean(postgres) });
  if (!sentence) throw err;
  fail(sentence);
}
let url;
try {
  url = await hubServer.listen();
} catch (err) {
  if (err.code !== 'EADDRINUSE' && err.code !== 'EACCES' && err.code !== 'EADDRNOTAVAIL') throw err;
  fail(`cannot listen on ${hubServer.config.host}:${hubServer.config.port} (${err.code}): set PORT or --port`, 1);
}

// The banner goes to stderr: stdout carries only the JSON request log.
const demo = await demoUser(hubServer.store);
const { admin, secret, dataDir } = hubServer.config;
const lines = [
  `embedhub hub server on ${url}  (data: ${dataDir}${hubServer.config.databaseUrl ? ', database: PostgreSQL' : ''})`,
  admin.file ? `admin key (Authorization: Admin <key>), in ${admin.file}: ${admin.keys[0]}` : 'admin key: from EMBEDHUB_ADMIN_KEY',
];
if (admin.keys.includes(secret)) lines.push('warning: EMBEDHUB_ADMIN_KEY equals EMBEDHUB_SECRET; give them different values');
if (hubServer.demoProvider) {
  lines.push(`demo authorization server: ${hubServer.demoProvider.issuer} (sign in as demo@example.com, password demo; API keys starting with "bad" are refused)`);
}
if (demo) {
  const { token } = await hubServer.auth.mint({ sub: demo.user.id, hub: demo.hub.id, org: demo.hub.org_id, ttlSeconds: 24 * 3600 });
  lines.push(
    `demo page:  ${url}/demo/#token=${token}`,
    `end-user token for ${demo.user.external_id} (hub ${demo.hub.id}, valid 24 h):`,
    token,
  );
}
process.stderr.write(`${lines.join('\n')}\n`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) process.exit(1);
    stopping = true;
    // However the shutdown goes, the process is gone within 10 s.
    setTimeout(() => process.exit(1), 9000).unref();
    await hubServer.close();
    process.exit(0);
  });
}
