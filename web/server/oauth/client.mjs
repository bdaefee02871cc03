// client.mjs — the hub's OAuth 2.0 client, on openid-client: discovery (or explicit endpoint
// URLs), the authorization URL with state, nonce and PKCE (S256), the code exchange, client
// credentials, refresh (keeping a rotated refresh token), revocation and introspection.
import * as oc from 'openid-client';
import { ProviderError, classify } from './errors.mjs';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|\[::1\]|localhost)$/;

/** Plain http is only for loopback (the demo and the tests); anything else must be https. */
export function checkEndpointUrl(text, field) {
  let url;
  try {
    url = new URL(text);
  } catch {
    return `${field} is not a URL`;
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return null;
  return `${field} must be an https URL (plain http only on loopback)`;
}

const isHttp = (text) => typeof text === 'string' && text.startsWith('http:');

/** Normalised tokens: {accessToken, refreshToken?, tokenType, expiresAt (ms or null), scopes[]}. */
function tokensOf(response, requestedScopes, previousRefresh) {
  const expiresIn = response.expiresIn();
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? previousRefresh ?? null,
    tokenType: response.token_type ?? 'bearer',
    expiresAt: typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : null,
    scopes: typeof response.scope === 'string' ? response.scope.split(' ').filter(Boolean) : requestedScopes,
  };
}

async function discover(oauth2, timeoutSeconds) {
  const insecure = isHttp(oauth2.issuer);
  const options = insecure ? { execute: [oc.allowInsecureRequests], timeout: timeoutSeconds } : { timeout: timeoutSeconds };
  const auth = oc.ClientSecretBasic(oauth2.clientSecret);
  try {
    return await oc.discovery(new URL(oauth2.issuer), oauth2.clientId, undefined, auth, { ...options, algorithm: 'oidc' });
  } catch (first) {
    const e = classify(first, 'the provider\'s discovery document');
    if (e.transient) throw e;
    try {
      return await oc.discovery(new URL(oauth2.issuer), oauth2.clientId, undefined, auth, { ...options, algorithm: 'oauth2' });
    } catch (second) {
      throw classify(second, 'the provider\'s discovery document');
    }
  }
}

function explicit(oauth2, timeoutSeconds) {
  const metadata = {
    issuer: new URL(oauth2.tokenUrl).origin,
    authorization_endpoint: oauth2.authorizationUrl,
    token_endpoint: oauth2.tokenUrl,
    ...(oauth2.revocationUrl ? { revocation_endpoint: oauth2.revocationUrl } : {}),
  };
  const config = new oc.Configuration(metadata, oauth2.clientId, undefined, oc.ClientSecretBasic(oauth2.clientSecret));
  if (isHttp(oauth2.tokenUrl) || isHttp(oauth2.authorizationUrl) || isHttp(oauth2.revocationUrl)) oc.allowInsecureRequests(config);
  config.timeout = timeoutSeconds;
  return config;
}

/** `configOf(oauth2)`: the openid-client Configuration for a connector's settings (discovered once, then cached). */
function configCache(timeoutSeconds, cacheMs) {
  const cache = new Map(); // key → {at, promise}
  return function configOf(oauth2) {
    const key = JSON.stringify([oauth2.issuer, oauth2.authorizationUrl, oauth2.tokenUrl, oauth2.revocationUrl, oauth2.clientId, oauth2.clientSecret]);
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < cacheMs) return hit.promise;
    const promise = oauth2.issuer ? discover(oauth2, timeoutSeconds) : Promise.resolve(explicit(oauth2, timeoutSeconds));
    cache.set(key, { at: Date.now(), promise });
    promise.catch(() => cache.delete(key));
    return promise;
  };
}

const scopesOf = (oauth2) => oauth2.scopes ?? [];

// The authorization code flow: the provider's URL, then the code's exchange.
const authorizationFlow = (configOf) => ({
  /**
   * A new authorization request: {url, state, nonce (or null), verifier (or null)}. The caller
   * keeps state, nonce and verifier for the callback.
   */
  async authorizationRequest(oauth2, redirectUri) {
    const config = await configOf(oauth2);
    const scopes = scopesOf(oauth2);
    const state = oc.randomState();
    const nonce = scopes.includes('openid') ? oc.randomNonce() : null;
    const verifier = oauth2.pkce === false ? null : oc.randomPKCECodeVerifier();
    const params = { ...(oauth2.authorizeParams ?? {}), redirect_uri: redirectUri, response_type: 'code', state };
    if (scopes.length) params.scope = scopes.join(' ');
    if (nonce) params.nonce = nonce;
    if (verifier) {
      params.code_challenge = await oc.calculatePKCECodeChallenge(verifier);
      params.code_challenge_method = 'S256';
    }
    return { url: oc.buildAuthorizationUrl(config, params).href, state, nonce, verifier };
  },

  /** Exchanges the code in `callbackUrl` (a URL) for tokens, checking state, PKCE and nonce. */
  async exchangeCode(oauth2, callbackUrl, { state, verifier, nonce, redirectUri }) {
    const config = await configOf(oauth2);
    try {
      const response = await oc.authorizationCodeGrant(config, callbackUrl, {
        expectedState: state,
        pkceCodeVerifier: verifier ?? undefined,
        expectedNonce: nonce ?? undefined,
        idTokenExpected: Boolean(nonce),
      }, { redirect_uri: redirectUri });
      return tokensOf(response, scopesOf(oauth2));
    } catch (err) {
      throw classify(err, 'the token endpoint');
    }
  },
});

// Tokens without a browser: client credentials and refresh grants, revocation, introspection.
const tokenGrants = (configOf) => ({
  async clientCredentials(oauth2) {
    const config = await configOf(oauth2);
    const scopes = scopesOf(oauth2);
    try {
      return tokensOf(await oc.clientCredentialsGrant(config, scopes.length ? { scope: scopes.join(' ') } : {}), scopes);
    } catch (err) {
      throw classify(err, 'the token endpoint');
    }
  },

  /** Refreshes; the answer keeps `refreshToken` unless the provider rotated it. */
  async refresh(oauth2, refreshToken) {
    const config = await configOf(oauth2);
    try {
      return tokensOf(await oc.refreshTokenGrant(config, refreshToken), scopesOf(oauth2), refreshToken);
    } catch (err) {
      throw classify(err, 'the token endpoint');
    }
  },

  /** RFC 7009 revocation; false when the provider has no revocation endpoint. */
  async revoke(oauth2, token, hint) {
    const config = await configOf(oauth2);
    if (!config.serverMetadata().revocation_endpoint) return false;
    try {
      await oc.tokenRevocation(config, token, { token_type_hint: hint });
      return true;
    } catch (err) {
      throw classify(err, 'the revocation endpoint');
    }
  },

  /** RFC 7662 introspection (tests and diagnostics). */
  async introspect(oauth2, token) {
    const config = await configOf(oauth2);
    try {
      return await oc.tokenIntrospection(config, token);
    } catch (err) {
      throw classify(err, 'the introspection endpoint');
    }
  },
});

/**
 * `timeoutSeconds`: per request to the provider. Configurations (discovery answers) are cached per
 * connector key for `cacheMs`. `oauth2` below is a connector's settings with the clear client secret:
 * {issuer?, authorizationUrl?, tokenUrl?, revocationUrl?, clientId, clientSecret, scopes?, pkce?, authorizeParams?}.
 */
export function createOAuthClient({ timeoutSeconds = 10, cacheMs = 10 * 60_000 } = {}) {
  const configOf = configCache(timeoutSeconds, cacheMs);
  return { configOf, ...authorizationFlow(configOf), ...tokenGrants(configOf) };
}

export { ProviderError };
