// main.mjs — runs the hub server: `node web/server/main.mjs [flags]` (see config.mjs), as `npm start` does.
import { createHubServer } from './app.mjs';
import { ConfigError } from './config.mjs';
import { demoUser } from './seed/seed.mjs';

let hubServer;
try {
  hubServer = await createHubServer({ argv: process.argv.slice(2) });
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`embedhub server: ${err.message}`);
  process.exit(2);
}
let url;
try {
  url = await hubServer.listen();
} catch (err) {
  if (err.code !== 'EADDRINUSE' && err.code !== 'EACCES' && err.code !== 'EADDRNOTAVAIL') throw err;
  console.error(`embedhub server: cannot listen on ${hubServer.config.host}:${hubServer.config.port} (${err.code}): set PORT or --port`);
  process.exit(1);
}

// The banner goes to stderr: stdout carries only the JSON request log.
const demo = demoUser(hubServer.store);
const lines = [`embedhub hub server on ${url}  (data: ${hubServer.config.dataDir})`];
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
    await hubServer.close();
    process.exit(0);
  });
}
