// at-rest-scan.mjs — after a browser test file, a plain-text scan of the hub server's whole data
// directory (database, WAL, key files, anything else) for every secret that went through it:
// the values the tests typed into secret fields, and every credential the server holds (API keys,
// OAuth2 access and refresh tokens), read back from the one endpoint that returns them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the browser tests type into secret settings or send as keys the provider refuses: the
 * server never returns these, so the scan cannot read them back and needs them listed. */
export const TYPED_SECRETS = {
  signingSecret: 'a-long-enough-signing-secret',
  webhookSecret: 'whsec-0123456789-abcdef',
  rejectedKey: 'bad-key-4c1e07',
};

// The credential members that are secrets (tokenType, scopes and expiresAt are not).
const SECRET_MEMBER = /^(apiKey|accessToken|refreshToken|idToken|clientSecret|password)$/;

/** Every file under `dir`, recursively: [{name, bytes}]. */
function filesUnder(dir, prefix = '') {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, `${prefix}${name}/`) : [{ name: prefix + name, bytes: readFileSync(path) }];
  });
}

/** The string values of secret-named members anywhere in `value`. */
function secretStrings(value, key = '') {
  if (typeof value === 'string') return SECRET_MEMBER.test(key) && value.length >= 6 ? [value] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => secretStrings(v, Array.isArray(value) ? key : k));
}

/** Every page of `path` (a paged list under `member`), as `token`. */
async function allPages(s, path, member, token) {
  const rows = [];
  for (let after; ;) {
    const r = await s.get(`${path}?first=100${after ? `&after=${encodeURIComponent(after)}` : ''}`, { token });
    assert.equal(r.status, 200, `${path}: ${r.text}`);
    rows.push(...r.body[member]);
    after = r.body.next;
    if (!after) return rows;
  }
}

/** The credentials of every connection of every user of every hub, as the host's backend reads them. */
async function heldCredentials(s) {
  const found = [];
  for (const hub of (await s.admin('GET', '/admin/hubs')).body.hubs) {
    for (const user of hub.users) {
      const { token } = await s.tokenFor(hub.name, user.externalId);
      const conns = await allPages(s, `/hubs/${hub.id}/users/${encodeURIComponent(user.externalId)}/connections`, 'connections', token);
      for (const c of conns) {
        const r = await s.admin('GET', `/admin/connections/${c.id}/credentials`);
        if (r.status === 200) found.push(...secretStrings(r.body).map((v) => ({ what: `a credential of connection ${c.id}`, value: v })));
      }
    }
  }
  return found;
}

/**
 * Asserts that no file under the server's data directory holds any secret in plain text. `s` is a
 * tests/server/helpers.mjs server still running. Returns how many secrets were looked for.
 */
export async function assertNoSecretAtRest(s) {
  const secrets = [
    ...Object.entries(TYPED_SECRETS).map(([what, value]) => ({ what, value })),
    ...(await heldCredentials(s)),
  ];
  const files = filesUnder(s.dataDir);
  // The scan reads what it should: the seeded hub's name is stored in plain text.
  assert.ok(files.some((f) => f.bytes.includes('Acme CRM')), `the scan reads the database (files: ${files.map((f) => f.name).join(', ')})`);
  for (const f of files) {
    for (const { what, value } of secrets) {
      assert.equal(f.bytes.includes(value), false, `${what} found in plain text in ${f.name}`);
    }
  }
  return secrets.length;
}
