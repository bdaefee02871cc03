// 010 — real connections: connectors describe real providers (OAuth2 endpoints, verify and
// post-install requests), credentials are stored sealed (app.secrets, AES-256-GCM) apart from
// the connection, OAuth2 states are single-use and bound to their PKCE verifier, and the work
// waiting for a provider that was unreachable is kept until it is retried.
//
// The simulated provider's plaintext `connections.credential` values are dropped: they were
// never real credentials, and a secret is never again stored in the clear.
export const name = 'real connections: connector settings, sealed credentials, OAuth2 states, provider retries';

export const sql = `
-- {oauth2: {issuer?, authorizationUrl?, tokenUrl?, revocationUrl?, clientId, scopes?, pkce?, authorizeParams?},
--  verify?: {url, method?, auth?}, postInstall?: {url, method?, auth?}} as JSON; never the client secret.
ALTER TABLE connectors ADD COLUMN settings TEXT;
-- The OAuth2 client secret, sealed (AAD: the connector id).
ALTER TABLE connectors ADD COLUMN client_secret TEXT;

UPDATE connections SET credential = NULL;
-- The simulated provider's grants; oauth_states replaces them.
DROP TABLE oauth_grants;

-- One credential per connection, sealed (AAD: the connection id): {apiKey} or
-- {accessToken, refreshToken, tokenType, scopes}. expires_at/refresh_at are ms since the epoch.
CREATE TABLE connection_credentials (
  connection_id     TEXT PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
  kind              TEXT NOT NULL CHECK (kind IN ('oauth2', 'api_key')),
  sealed            TEXT NOT NULL,
  expires_at        INTEGER,                  -- the access token's expiry, NULL when it has none
  refresh_at        INTEGER,                  -- when the scheduler refreshes it, NULL: never
  refresh_failures  INTEGER NOT NULL DEFAULT 0,   -- transient failures in a row
  updated_at        TEXT NOT NULL
) STRICT;
CREATE INDEX connection_credentials_due ON connection_credentials(refresh_at) WHERE refresh_at IS NOT NULL;

-- OAuth2 authorizations in flight. Only a hash of the state is kept; the PKCE verifier and
-- nonce are sealed (AAD: the state hash). used_at makes a state single-use.
CREATE TABLE oauth_states (
  state_hash     TEXT PRIMARY KEY,
  connection_id  TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  sealed         TEXT NOT NULL,
  redirect_uri   TEXT NOT NULL,
  opener_origin  TEXT,
  expires_at     INTEGER NOT NULL,
  used_at        INTEGER
) STRICT;
CREATE INDEX oauth_states_by_connection ON oauth_states(connection_id);
CREATE INDEX oauth_states_by_expiry ON oauth_states(expires_at) WHERE used_at IS NULL;

-- A step that met an unreachable provider (network error, timeout, 5xx) and waits to be tried
-- again: 'exchange' (the code), 'token' (client credentials), 'verify', 'post_install'.
-- payload: sealed data the step needs (AAD: the connection id), e.g. the code and verifier.
CREATE TABLE connection_retries (
  connection_id  TEXT PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
  step           TEXT NOT NULL CHECK (step IN ('exchange', 'token', 'verify', 'post_install')),
  attempts       INTEGER NOT NULL,
  due_at         INTEGER NOT NULL,
  payload        TEXT,
  last_error     TEXT
) STRICT;
CREATE INDEX connection_retries_due ON connection_retries(due_at);
`;
