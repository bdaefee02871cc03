// 001 — orgs, hubs, users, integrations, connections, activations.
//
// Enumerations that are part of the seed models (status, region, authentication method) are
// CHECK constraints as a last line of defence; which transitions are legal is the core's
// business (core.applyEvent), never the database's.
export const name = 'orgs, hubs, users, integrations, connections, activations';

export const sql = `
CREATE TABLE orgs (
  id          TEXT PRIMARY KEY,               -- ULID
  name        TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE hubs (
  id          TEXT PRIMARY KEY,               -- ULID
  org_id      TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX hubs_by_org ON hubs(org_id);

-- What a hub can connect to (Salesforce, Slack…). The primary connector is the host product
-- itself: every end user gets a connection to it, their Activation's user.primaryConnection.
CREATE TABLE connectors (
  id                     TEXT PRIMARY KEY,    -- ULID; a connection's environment_integration_id
  hub_id                 TEXT NOT NULL REFERENCES hubs(id) ON DELETE CASCADE,
  name                   TEXT NOT NULL,
  image_url              TEXT NOT NULL,       -- absolute URL, or a path on this server
  authentication_method  TEXT NOT NULL
    CHECK (authentication_method IN ('oauth2', 'api_key', 'oauth2_client_credentials', 'keka_oauth')),
  scopes                 TEXT NOT NULL DEFAULT '',   -- shown on the simulated consent page
  is_primary             INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1))
) STRICT;
CREATE INDEX connectors_by_hub ON connectors(hub_id);
CREATE UNIQUE INDEX connectors_one_primary ON connectors(hub_id) WHERE is_primary = 1;

-- End users. external_id is the host product's id for the user, unique within the hub.
CREATE TABLE users (
  id            TEXT PRIMARY KEY,             -- ULID (identifier_type=internal)
  hub_id        TEXT NOT NULL REFERENCES hubs(id) ON DELETE CASCADE,
  external_id   TEXT NOT NULL,                -- identifier_type=external
  display_name  TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (hub_id, external_id)
) STRICT;

CREATE TABLE integrations (
  id                TEXT PRIMARY KEY,         -- ULID
  hub_id            TEXT NOT NULL REFERENCES hubs(id) ON DELETE CASCADE,
  name              TEXT NOT NULL,
  description       TEXT NOT NULL DEFAULT '',
  image_url         TEXT NOT NULL,
  is_deployed       INTEGER NOT NULL CHECK (is_deployed IN (0, 1)),
  variables_schema  TEXT,                     -- JSON text, or NULL for an integration without settings
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
) STRICT;
-- Keyset pages and their counts read only this index (is_deployed is the list's filter).
CREATE INDEX integrations_by_hub ON integrations(hub_id, name, id, is_deployed);

CREATE TABLE connection_templates (
  id              TEXT PRIMARY KEY,           -- ULID
  integration_id  TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  connector_id    TEXT NOT NULL REFERENCES connectors(id),
  name            TEXT NOT NULL,
  position        INTEGER NOT NULL,
  UNIQUE (integration_id, position)
) STRICT;

-- Integrated accounts (seed 003). tenant_id is user_id; environment_integration_id is connector_id.
CREATE TABLE connections (
  id                     TEXT PRIMARY KEY,    -- UUID, as seed 003 says
  user_id                TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  connector_id           TEXT NOT NULL REFERENCES connectors(id),
  authentication_method  TEXT NOT NULL
    CHECK (authentication_method IN ('oauth2', 'api_key', 'oauth2_client_credentials', 'keka_oauth')),
  status                 TEXT NOT NULL
    CHECK (status IN ('active', 'connecting', 'post_install_error', 'validation_error', 'needs_reauth')),
  context                TEXT NOT NULL DEFAULT '{}',   -- JSON object
  is_sandbox             INTEGER NOT NULL DEFAULT 0 CHECK (is_sandbox IN (0, 1)),
  region                 TEXT NOT NULL DEFAULT 'eu' CHECK (region IN ('wnam', 'enam', 'apac', 'eu')),
  last_action_result     TEXT,                -- JSON object
  last_error             TEXT,
  credential             TEXT,                -- the simulated provider's API key or token; never sent out
  created_at             TEXT NOT NULL,
  updated_at             TEXT NOT NULL
) STRICT;
CREATE INDEX connections_by_user ON connections(user_id, created_at, id);

-- The simulated provider's OAuth2 authorisations in flight: the state is the capability.
CREATE TABLE oauth_grants (
  state          TEXT PRIMARY KEY,
  connection_id  TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  code           TEXT,                        -- set on consent, used once by the callback
  expires_at     TEXT NOT NULL
) STRICT;

-- Activations, stored as UserIntegrationMap rows (seed 000): standardItem_id is integration_id,
-- packageId the connector of the first template, siteId the hub. UNIQUE (user_id, integration_id)
-- is what makes exactly one of two concurrent activations win.
CREATE TABLE activations (
  id                    TEXT PRIMARY KEY,     -- ULID
  name                  TEXT NOT NULL,        -- the integration's name when activated: keyset (name, id)
  user_id               TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  hub_id                TEXT NOT NULL REFERENCES hubs(id) ON DELETE CASCADE,
  org_id                TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  integration_id        TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  package_id            TEXT,
  integration_settings  TEXT NOT NULL,        -- JSON array of {configkey, configvalue, configtype, alignment, group, dependencyaction}
  dynamic_variables     TEXT NOT NULL,        -- JSON object, as normalised by the core
  created_at            TEXT NOT NULL,
  modified_at           TEXT NOT NULL,
  UNIQUE (user_id, integration_id)
) STRICT;
CREATE INDEX activations_by_user ON activations(user_id, name, id);

CREATE TABLE activation_connections (
  activation_id  TEXT NOT NULL REFERENCES activations(id) ON DELETE CASCADE,
  template_id    TEXT NOT NULL REFERENCES connection_templates(id) ON DELETE CASCADE,
  connection_id  TEXT NOT NULL REFERENCES connections(id),
  PRIMARY KEY (activation_id, template_id)
) STRICT;
CREATE INDEX activation_connections_by_connection ON activation_connections(connection_id);

-- Facts about the database itself, such as which demo seed it holds.
CREATE TABLE meta (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
) STRICT;
`;
