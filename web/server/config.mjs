// config.mjs — the server's settings from command-line flags and the environment (flags win).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseRate } from './security/rate-limit.mjs';

/** A setting that cannot be used; main.mjs prints the message and exits with status 2. */
export class ConfigError extends Error {}

const FLAGS = {
  '--port': 'PORT',
  '--host': 'HOST',
  '--data': 'EMBEDHUB_DATA',
  '--secret': 'EMBEDHUB_SECRET',
  '--origins': 'EMBEDHUB_ORIGINS',
  '--public-url': 'EMBEDHUB_PUBLIC_URL',
  '--synchronous': 'EMBEDHUB_SYNCHRONOUS',
  '--seed': 'EMBEDHUB_SEED',
};

const USAGE = `usage: node web/server/main.mjs [--port N] [--host H] [--data DIR] [--secret S]
       [--origins O1,O2] [--public-url URL] [--synchronous normal|full] [--seed demo|none]
Each flag may also come from the environment: ${Object.values(FLAGS).join(', ')}.`;

/** Flags as environment-style keys: `--port 9000` and `--port=9000` both give {PORT: '9000'}. */
function parseFlags(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const key = FLAGS[flag];
    if (!key) throw new ConfigError(`unknown argument '${argv[i]}'\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new ConfigError(`${flag} needs a value\n${USAGE}`);
    out[key] = value;
  }
  return out;
}

function origin(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`EMBEDHUB_ORIGINS: '${text}' is not an origin such as https://app.example.com`);
  }
  if (!/^https?:$/.test(url.protocol) || url.origin !== text.replace(/\/$/, '')) {
    throw new ConfigError(`EMBEDHUB_ORIGINS: '${text}' is not an origin (scheme, host and port only)`);
  }
  return url.origin;
}

// The text of a key file beside the database: generated once (32 random bytes, base64url, mode
// 0600) when absent, kept readable by the owner only.
function keyFile(file) {
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if (err.code !== 'EEXIST') throw err;
    chmodSync(file, 0o600);
  }
  return readFileSync(file, 'utf8').trim();
}

// The HS256 key. When none is configured one is generated once and kept beside the database,
// readable by the owner only, so tokens minted before a restart stay valid.
function secretIn(dataDir, configured) {
  if (configured !== undefined) {
    if (Buffer.byteLength(configured) < 32) throw new ConfigError('EMBEDHUB_SECRET must be at least 32 bytes');
    return configured;
  }
  const file = join(dataDir, 'secret');
  const secret = keyFile(file);
  if (Buffer.byteLength(secret) < 32) throw new ConfigError(`${file} holds a secret shorter than 32 bytes`);
  return secret;
}

// The admin keys (EMBEDHUB_ADMIN_KEY, comma-separated so a new one can be added before the old one
// goes). When none is configured one is generated once into DATA/admin.key, mode 0600.
function adminKeysIn(dataDir, configured) {
  if (configured !== undefined) {
    const keys = (Array.isArray(configured) ? configured : configured.split(',')).map((k) => k.trim()).filter(Boolean);
    if (!keys.length) throw new ConfigError('EMBEDHUB_ADMIN_KEY must hold at least one key');
    for (const k of keys) if (Buffer.byteLength(k) < 24) throw new ConfigError('each EMBEDHUB_ADMIN_KEY key must be at least 24 bytes');
    return { keys, file: null };
  }
  const file = join(dataDir, 'admin.key');
  const keys = keyFile(file).split(/[\n,]/).map((k) => k.trim()).filter(Boolean);
  if (!keys.length || keys.some((k) => Buffer.byteLength(k) < 24)) throw new ConfigError(`${file} must hold keys of at least 24 bytes`);
  return { keys, file };
}

// Limits (issue 10): token buckets per end user and per admin key, and connections per user.
export const LIMIT_DEFAULTS = { user: '10,100', admin: '100,1000', connectionsPerUser: 100 };

function limitsFrom(v, overrides) {
  const rate = (name, given, fallback) => {
    const r = parseRate(given ?? fallback, name);
    if (r?.error) throw new ConfigError(r.error);
    return r;
  };
  const perUser = Number(overrides.maxConnectionsPerUser ?? v.EMBEDHUB_MAX_CONNECTIONS_PER_USER ?? LIMIT_DEFAULTS.connectionsPerUser);
  if (!Number.isInteger(perUser) || perUser < 1) throw new ConfigError('EMBEDHUB_MAX_CONNECTIONS_PER_USER must be a positive integer');
  return {
    user: rate('EMBEDHUB_RATE_LIMIT_USER', overrides.rateLimitUser ?? v.EMBEDHUB_RATE_LIMIT_USER, LIMIT_DEFAULTS.user),
    admin: rate('EMBEDHUB_RATE_LIMIT_ADMIN', overrides.rateLimitAdmin ?? v.EMBEDHUB_RATE_LIMIT_ADMIN, LIMIT_DEFAULTS.admin),
    connectionsPerUser: perUser,
  };
}

// EMBEDHUB_DATABASE_URL (postgres:// or postgresql://) and its pool size, EMBEDHUB_DATABASE_POOL.
// Several instances share such a database, so every key must come from the configuration: keys
// generated per data directory would differ between instances.
function databaseFrom(v, overrides) {
  const url = overrides.databaseUrl ?? v.EMBEDHUB_DATABASE_URL;
  if (url === undefined || url === '') return { databaseUrl: null, databasePool: null };
  if (!/^postgres(ql)?:\/\//.test(url)) throw new ConfigError('EMBEDHUB_DATABASE_URL must be a postgres:// or postgresql:// URL');
  const pool = Number(overrides.databasePool ?? v.EMBEDHUB_DATABASE_POOL ?? 10);
  if (!Number.isInteger(pool) || pool < 1 || pool > 1000) throw new ConfigError('EMBEDHUB_DATABASE_POOL must be an integer from 1 to 1000');
  const missing = [
    ['EMBEDHUB_SECRET', overrides.secret ?? v.EMBEDHUB_SECRET],
    ['EMBEDHUB_ADMIN_KEY', overrides.adminKey ?? v.EMBEDHUB_ADMIN_KEY],
    ['EMBEDHUB_ENCRYPTION_KEY', overrides.encryptionKey ?? v.EMBEDHUB_ENCRYPTION_KEY],
  ].filter(([, value]) => value === undefined || value === '').map(([name]) => name);
  // (overrides.singleInstance: an embedder or test that runs one server alone may keep the
  // data directory's generated keys; never from flags or the environment.)
  if (missing.length && overrides.singleInstance !== true) {
    throw new ConfigError(`with EMBEDHUB_DATABASE_URL every instance needs the same keys: set ${missing.join(', ')} `
      + '(keys generated per data directory would differ between instances)');
  }
  return { databaseUrl: url, databasePool: pool };
}

/**
 * Resolves the configuration. `overrides` (used by tests and embedders) take precedence over
 * flags, flags over the environment. Creates the data directory (mode 0700) if needed.
 */
export function loadConfig({ argv = [], env = process.env, overrides = {} } = {}) {
  const v = { ...env, ...parseFlags(argv) };
  const port = Number(overrides.port ?? v.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be 0..65535, got '${v.PORT}'`);
  const database = databaseFrom(v, overrides);
  const dataDir = resolve(overrides.dataDir ?? v.EMBEDHUB_DATA ?? 'data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const synchronous = (overrides.synchronous ?? v.EMBEDHUB_SYNCHRONOUS ?? 'normal').toLowerCase();
  if (synchronous !== 'normal' && synchronous !== 'full') throw new ConfigError('EMBEDHUB_SYNCHRONOUS must be normal or full');
  const seed = overrides.seed ?? v.EMBEDHUB_SEED ?? 'demo';
  if (seed !== 'demo' && seed !== 'none') throw new ConfigError('EMBEDHUB_SEED must be demo or none');
  const origins = overrides.origins ?? (v.EMBEDHUB_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const publicUrl = overrides.publicUrl ?? v.EMBEDHUB_PUBLIC_URL;
  if (publicUrl !== undefined && !/^https?:\/\/[^/]+$/.test(publicUrl)) {
    throw new ConfigError('EMBEDHUB_PUBLIC_URL must be a scheme and host without a path, e.g. https://hub.example.com');
  }
  // The demo's own authorization server (demo-idp/): on with the demo seed unless turned off.
  const demoProvider = overrides.demoProvider ?? v.EMBEDHUB_DEMO_PROVIDER ?? (seed === 'demo' ? 'on' : 'off');
  if (demoProvider !== 'on' && demoProvider !== 'off') throw new ConfigError('EMBEDHUB_DEMO_PROVIDER must be on or off');
  const demoProviderPort = Number(overrides.demoProviderPort ?? v.EMBEDHUB_DEMO_PROVIDER_PORT ?? 0);
  if (!Number.isInteger(demoProviderPort) || demoProviderPort < 0 || demoProviderPort > 65535) {
    throw new ConfigError('EMBEDHUB_DEMO_PROVIDER_PORT must be 0..65535');
  }
  return {
    demoProvider,
    demoProviderPort,
    // POST /admin/connections/{id}/events, for tests that need a status without a provider.
    testHooks: overrides.testHooks ?? v.EMBEDHUB_TEST_HOOKS === '1',
    // services/connections.mjs TIMING overrides (tests shorten the retry schedule and the tick).
    connectionTiming: overrides.connectionTiming ?? {},
    // services/webhook-worker.mjs WEBHOOK_TIMING overrides (tests shorten the backoff).
    webhookTiming: overrides.webhookTiming ?? {},
    port,
    host: overrides.host ?? v.HOST ?? '127.0.0.1',
    dataDir,
    dbFile: join(dataDir, 'embedhub.sqlite'),
    // PostgreSQL instead of dbFile when set (db/open.mjs).
    ...database,
    secret: secretIn(dataDir, overrides.secret ?? v.EMBEDHUB_SECRET),
    admin: adminKeysIn(dataDir, overrides.adminKey ?? v.EMBEDHUB_ADMIN_KEY),
    limits: limitsFrom(v, overrides),
    origins: new Set(origins.map(origin)),
    publicUrl,
    synchronous,
    seed,
    // Keys for secrets at rest (security/secrets.mjs): absent means the data directory's keyring.
    encryptionKey: overrides.encryptionKey ?? v.EMBEDHUB_ENCRYPTION_KEY,
    encryptionKeyPrevious: overrides.encryptionKeyPrevious ?? v.EMBEDHUB_ENCRYPTION_KEY_PREVIOUS,
  };
}
