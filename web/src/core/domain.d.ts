// core/domain.d.ts — the types of the core's domain calls (pages, connections, tiles, the settings
// form and record, activation checks, binding options), re-exported by index.d.ts.

export interface IntegrationSummary {
  id: string;
  name: string;
  imageUrl: string;
  description: string;
  isDeployed: boolean;
  isActivated: boolean;
  variablesSchema?: object;
}

/** A page query. `first` and `deployed` may be the raw query-string text. */
export interface PageQuery {
  first?: number | string;
  after?: string;
  before?: string;
  deployed?: boolean | 'true' | 'false';
  /** Search: rows whose name or description contains it, case- and accent-insensitively
   * (Unicode case folding, marks dropped after canonical decomposition); at most 256 bytes.
   * Cursors are bound to it: a cursor used with another `q` is a cursor_mismatch HubError. */
  q?: string;
  identifierType?: 'internal' | 'external';
  userId?: string;
  hubId?: string;
}

export interface CursorPosition {
  name: string;
  id: string;
  direction: 'after' | 'before';
}

export interface IntegrationPage {
  totalCount: number;
  next?: string;
  prev?: string;
  integrations: IntegrationSummary[];
  totalConnected: number;
}

export interface NormalizedPageQuery {
  first: number;
  identifierType: 'internal' | 'external';
  deployed?: boolean;
  /** The search, folded ("Café " → "cafe"); absent when there is none. */
  q?: string;
  userId?: string;
  hubId?: string;
  position?: CursorPosition;
}

export type ConnectionStatus = 'active' | 'connecting' | 'post_install_error' | 'validation_error' | 'needs_reauth';
export type ConnectionEvent = 'create' | 'post_install_failed' | 'validation_failed' | 'validated'
  | 'credentials_invalid' | 'refresh_failed' | 'reauthorize' | 'retry';

/** An integrated account (seed 003). */
export interface Connection {
  id: string;
  tenant_id: string;
  environment_integration_id: string;
  authentication_method: 'oauth2' | 'api_key' | 'oauth2_client_credentials' | 'keka_oauth';
  context: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  is_sandbox: boolean;
  last_action_result?: { event: ConnectionEvent; status: ConnectionStatus; at: string } | null;
  last_error?: string | null;
  region: 'wnam' | 'enam' | 'apac' | 'eu';
  status: ConnectionStatus;
}

export type TileState = 'unavailable' | 'available' | 'connecting' | 'connected' | 'needs_reauth' | 'error';
export type TileAction = 'none' | 'activate' | 'wait' | 'manage' | 'reconnect' | 'retry';
/** What the user can do about a connection (hub.actionFor): the core's one status→action table. */
export type ConnectionAction = 'manage' | 'wait' | 'retry' | 'reconnect';

/** A condition of the settings form: on one field, or all/any of others. */
export type FormCondition =
  | { key: string; equals?: unknown; notEquals?: unknown; in?: unknown[]; notIn?: unknown[]; present?: boolean }
  | { all: FormCondition[] }
  | { any: FormCondition[] };

export interface FormAction {
  when: FormCondition;
  action: 'require' | 'show';
  keys: string[];
}

export type FormControl = 'text' | 'secret' | 'number' | 'integer' | 'checkbox' | 'select' | 'date'
  | 'datetime' | 'email' | 'url' | 'list' | 'group' | 'json';

/** One entry of a UserIntegrationMap's integrationSettings (seed 000), as hub.settingsRecord builds it. */
export interface IntegrationSetting {
  configkey: string;
  /** The submitted value, else the field's default, else null; "********" for a masked secret. */
  configvalue: unknown;
  configtype: FormControl;
  alignment: 'left' | 'right' | 'full';
  group: string | null;
  dependencyaction: FormAction[];
}

/** One field of the settings form: an integrationSettings entry (seed 000) plus what a
 * renderer needs. */
export interface FormField {
  configkey: string;
  configvalue: unknown;
  configtype: FormControl;
  alignment: 'left' | 'right' | 'full';
  group: string | null;
  dependencyaction: FormAction[];
  /** Dot path for nested fields: "auth.clientId". */
  key: string;
  label: string;
  help: string | null;
  control: FormControl;
  required: boolean;
  default: unknown;
  options?: { value: unknown; label: string }[];
  item?: { control: FormControl; constraints: Record<string, unknown>; options?: { value: unknown; label: string }[] };
  constraints: Record<string, unknown>;
  order: number;
  parent: string | null;
  visibleWhen: FormCondition | null;
  requiredWhen: FormCondition | null;
  note?: string;
}

export interface SettingsForm {
  fields: FormField[];
  dependencies: FormAction[];
  notes: { key: string; message: string }[];
}

/** The built-in models (seeds 000–003 and the wire Error body). */
export type ModelName = 'EndUserIntegrationPage' | 'EndUserIntegration' | 'EmbeddedIntegration'
  | 'ConnectionTemplate' | 'ActivationCreate' | 'Activation' | 'EndUser' | 'Connection'
  | 'UserIntegrationMap' | 'IntegrationSetting' | 'Error';

/** One broken activation rule: a stable code, a sentence, and the field in `a.b[0].c` form. */
export interface ActivationError {
  code: 'payload_invalid' | 'variables_conflict' | 'variable_duplicate' | 'user_mismatch'
    | 'integration_mismatch' | 'integration_not_deployed' | 'already_activated' | 'template_unbound'
    | 'template_bound_twice' | 'template_unknown' | 'connection_not_found' | 'connector_mismatch'
    | 'connection_not_active' | 'sandbox_write' | 'variables_invalid' | 'variables_schema_invalid';
  message: string;
  field: string;
  /** connection_not_active: the connection's state and what the user should do. */
  status?: ConnectionStatus;
  action?: Exclude<ConnectionAction, 'manage'>;
  /** template_unbound: the template left without a connection. */
  templateId?: string;
  /** variables_schema_invalid: where the variablesSchema is wrong. */
  pointer?: string;
}

/** Why one connection cannot serve a connection template (hub.bindingOptions). */
export interface BindingReason {
  code: 'connection_not_found' | 'connector_mismatch' | 'connection_not_active' | 'sandbox_write';
  message: string;
  /** connection_not_active: the connection's state and what the user should do. */
  status?: ConnectionStatus;
  action?: Exclude<ConnectionAction, 'manage'>;
}

/** One connection template and which of the user's connections may serve it: the rule the
 * activation check applies to each binding. */
export interface BindingOption {
  templateId: string;
  name: string;
  connectorId: string;
  writes: boolean;
  /** Ids of the connections that may be bound, in the order given. */
  eligible: string[];
  /** Every other connection, with the first reason (code, message) and all of them. */
  ineligible: (BindingReason & { connectionId: string; reasons: BindingReason[] })[];
}

export interface ActivationResult {
  valid: boolean;
  errors: ActivationError[];
  /** How many errors past the first 100 were left out. */
  omitted?: number;
  /** Present when valid: the payload with `variables` folded into `dynamicVariables` and the
   * variablesSchema's defaults applied. */
  normalized?: {
    userId: string;
    userIdType: 'internal' | 'external';
    integrationId: string;
    connections: { templateId: string; connectionId: string }[];
    dynamicVariables: Record<string, unknown>;
  };
}
