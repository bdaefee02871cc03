// provider.mjs — the simulated third-party provider that makes the connect step work locally.
//
// API keys: a key starting with "bad" is rejected (the connection ends in validation_error), a
// key starting with "fail" is accepted but the post-install step fails (post_install_error);
// any other key is accepted (active). OAuth2: a local consent page stands in for the
// provider's; "Allow" ends in active, "Deny" in validation_error.
import { randomBytes } from 'node:crypto';

export const GRANT_TTL_MS = 10 * 60 * 1000;

/** The event the provider's answer to an API key amounts to, and its error sentence. */
export function verdictForKey(key, connectorName) {
  if (/^bad/i.test(key)) return { event: 'validation_failed', error: `${connectorName} rejected the API key (401 Unauthorized)` };
  if (/^fail/i.test(key)) {
    return { event: 'post_install_failed', error: `${connectorName} accepted the API key, but registering the webhook failed (503)` };
  }
  return { event: 'validated' };
}

/** A fresh unguessable token for OAuth2 states, codes and simulated access tokens. */
export const opaque = (prefix = '') => prefix + randomBytes(24).toString('base64url');

/** The URL of the provider's consent page for a grant. */
export function authorizeUrl(base, connector, state) {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: connector.id,
    redirect_uri: `${base}/provider/oauth2/callback`,
    scope: connector.scopes,
    state,
  });
  return `${base}/provider/oauth2/authorize?${params}`;
}
