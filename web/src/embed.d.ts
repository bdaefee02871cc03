// embed.d.ts — the public contract of `embedhub/element` (element.mjs, which also re-exports
// client.mjs): HubClient, the wire models it returns, and the <embed-hub> element. Hand-written.
import type { Hub, WasmSource } from './index.js';

// ---- the wire models (seeds 001–003 and the hub API) ----------------------------------------

/** EndUserIntegration (seed 001): one tile's data. */
export interface EndUserIntegration {
  id: string;
  name: string;
  imageUrl: string;
  description: string;
  isDeployed: boolean;
  isActivated: boolean;
  variablesSchema?: { [keyword: string]: unknown };
}

/** EndUserIntegrationPage (seed 001). `next`/`prev` are opaque cursors, absent at the ends. */
export interface EndUserIntegrationPage {
  totalCount: number;
  next?: string;
  prev?: string;
  integrations: EndUserIntegration[];
  totalConnected?: number;
}

/** Seed 003's methods; 'basic_auth' and 'none' come from a reference server's AuthSchemeConfig. */
export type AuthenticationMethod = 'oauth2' | 'api_key' | 'oauth2_client_credentials' | 'keka_oauth' | 'basic_auth' | 'none';

/** The reference API's AuthSchemeConfig (OpenAPI): how the connector uses a credential. */
export interface AuthSchemeConfig {
  id: string;
  description: string;
  schemeType: 'none' | 'api-key' | 'basic-auth' | 'oauth2' | 'hmac' | 'certificate';
  [member: string]: unknown;
}

export interface ConnectionTemplate {
  id: string;
  name: string;
  connectorId: string;
  /** The template's name when the server does not say. */
  connectorName: string;
  imageUrl: string;
  /** Read from `authSchemeConfig` when the server does not send it. */
  authenticationMethod: AuthenticationMethod;
  authSchemeConfig?: AuthSchemeConfig;
  isUsed?: boolean;
  isPrimary?: boolean;
}

/** EmbeddedIntegration: the summary plus what activating it needs. */
export interface EmbeddedIntegration extends EndUserIntegration {
  connectionTemplates: ConnectionTemplate[];
}

export type ConnectionStatus = 'active' | 'connecting' | 'post_install_error' | 'validation_error' | 'needs_reauth';

/** A connection (integrated account, seed 003). */
export interface Connection {
  id: string;
  tenant_id: string;
  environment_integration_id: string;
  authentication_method: AuthenticationMethod;
  context: { [key: string]: unknown };
  created_at: string;
  updated_at: string;
  is_sandbox: boolean;
  last_action_result: { [key: string]: unknown } | null;
  last_error: string | null;
  region: 'wnam' | 'enam' | 'apac' | 'eu';
  /** A reference server's connections have no status: they read as 'active'. */
  status: ConnectionStatus;
  /** The OpenAPI's ConnectionSummary members, when the server sends them. */
  name?: string;
  createdAt?: string;
  updatedAt?: string;
}

/** A connection just created or re-authorised: OAuth2 ones carry the provider's consent page. */
export interface ConnectionStarted extends Connection {
  authorizeUrl?: string;
}

export interface ConnectionCreate {
  templateId: string;
  /** Required for an api_key template, refused for OAuth2. */
  apiKey?: string;
  isSandbox?: boolean;
  region?: Connection['region'];
  context?: { [key: string]: string | number | boolean | null };
  /** OAuth2 in the same window (no popup): the page the provider's callback returns to. */
  returnUrl?: string;
  /** Profile 'reference' (CreateEndUserConnection): the template's connector and
   * AuthSchemeConfig by default (known once getIntegration() has returned the template). */
  connectorId?: string;
  authSchemeConfig?: AuthSchemeConfig;
  /** Profile 'reference': the connection's name (unique per connector; default: template name and time). */
  name?: string;
  /** Profile 'reference', basic-auth templates. */
  username?: string;
  password?: string;
}

export interface ConnectionBinding {
  templateId: string;
  connectionId: string;
}

/** ActivationCreate (seed 002) without the user, which the client fills in. */
export interface ActivationCreate {
  integrationId: string;
  connections: ConnectionBinding[];
  dynamicVariables?: { [name: string]: unknown };
}

export interface EndUser {
  id: string;
  externalId: string;
  displayName: string;
  hubId: string;
  primaryConnection: Connection | Record<string, never>;
  createdAt: string;
  updatedAt: string;
}

/** Activation (seed 002), with its template bindings (empty from a reference server, whose
 * activations carry none). */
export interface Activation {
  id: string;
  user: EndUser;
  hubId: string;
  integration: EndUserIntegration;
  connections: ConnectionBinding[];
  createdAt?: string;
}

export interface ActivationPage {
  totalCount: number;
  next?: string;
  prev?: string;
  activations: Activation[];
}

// ---- HubClient --------------------------------------------------------------------------------

/** A non-2xx answer, or `status` 0 with code 'network' or 'timeout' when none came. */
export class HubApiError extends Error {
  readonly name: 'HubApiError';
  readonly status: number;
  readonly code: string;
  readonly fields: { field: string; message: string }[];
  /** Text about the error (the reference API's `details` is a string). */
  readonly details?: unknown;
  /** Where a JSON syntax error in the request body is. */
  readonly position?: { offset: number; line: number; column: number };
  /** The server's x-request-id, to quote in a support request. */
  readonly requestId?: string;
}

export interface HubClientOptions {
  /** The hub API's base URL, e.g. "https://hub.example.com". */
  apiBase: string;
  hubId: string;
  userId: string;
  /** How `userId` is meant. Default 'external'. */
  identifierType?: 'external' | 'internal';
  /** The end user's token; or `getToken`, called when none is held and once after a 401. */
  token?: string;
  getToken?: () => string | Promise<string>;
  fetch?: typeof fetch;
  /** Milliseconds per attempt. Default 15000. */
  timeout?: number;
  /** Extra attempts after 429/502/503/504 or a lost connection. Default 3. */
  retries?: number;
  /** Base of the exponential backoff (full jitter), ms. Default 300. */
  retryDelay?: number;
  /** Longest wait between attempts, ms; a longer Retry-After fails at once. Default 20000. */
  maxRetryDelay?: number;
  /** The Authorization scheme the token is sent with. Default 'JWT'. */
  authScheme?: 'JWT' | 'Bearer';
  /** Which API the server speaks: 'embedhub' (default) or 'reference' (only what the reference
   * API's OpenAPI declares: CreateEndUserConnection bodies, `variables` on activations, no
   * getConnection/reauthorizeConnection/retryConnection/deleteConnection/updateActivation, which
   * reject with code 'not_supported').
   * Under 'reference' connections read as seed 003 Connections: the server's ULID in UUID form
   * (sent back as the ULID), `tenant_id` the client's userId, the template's connector and method
   * ('unknown' connector when listed without `hubConnectorId` and not seen before), `active`. */
  profile?: 'embedhub' | 'reference';
}

export type HubClientMethod = 'listIntegrations' | 'integrations' | 'getIntegration' | 'listActivations' | 'activations'
  | 'listConnections' | 'getConnection' | 'createConnection' | 'reauthorizeConnection' | 'retryConnection'
  | 'createActivation' | 'getActivation' | 'deleteActivation' | 'updateActivation' | 'deleteConnection';

export interface RequestOptions {
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout, ms. */
  timeout?: number;
}

export interface PageQuery {
  first?: number;
  after?: string;
  before?: string;
}

export class HubClient {
  constructor(options: HubClientOptions);
  readonly hubId: string;
  readonly userId: string;
  readonly identifierType: 'external' | 'internal';
  readonly profile: 'embedhub' | 'reference';
  /** Whether the server's API has this operation (false for those the reference API lacks). */
  supports(method: HubClientMethod): boolean;
  /** Any API call: the parsed JSON answer, or undefined for 204. Throws HubApiError. */
  request<T = unknown>(method: string, path: string, options?: RequestOptions & { query?: Record<string, string | number | boolean | undefined>; body?: unknown }): Promise<T>;
  /** `q` searches name and description (case- and accent-insensitive); its cursors page the hits. */
  listIntegrations(query?: PageQuery & { deployed?: boolean; q?: string } & RequestOptions): Promise<EndUserIntegrationPage>;
  /** Every integration, page after page. */
  integrations(query?: PageQuery & { deployed?: boolean } & RequestOptions): AsyncIterable<EndUserIntegration>;
  getIntegration(id: string, options?: RequestOptions): Promise<EmbeddedIntegration>;
  listActivations(query?: PageQuery & { integrationId?: string } & RequestOptions): Promise<ActivationPage>;
  activations(query?: PageQuery & { integrationId?: string } & RequestOptions): AsyncIterable<Activation>;
  /** One page of the user's connections, optionally only those of some Hub Connectors. */
  listConnections(query?: PageQuery & { hubConnectorId?: string | string[] } & RequestOptions): Promise<{ totalCount: number; next?: string; prev?: string; connections: Connection[] }>;
  getConnection(id: string, options?: RequestOptions): Promise<Connection>;
  createConnection(body: ConnectionCreate, options?: RequestOptions): Promise<ConnectionStarted>;
  /** New credentials for the same connection id: `{apiKey}`, or an OAuth2 sign-in (authorizeUrl). */
  reauthorizeConnection(id: string, body?: { apiKey?: string; returnUrl?: string }, options?: RequestOptions): Promise<ConnectionStarted>;
  retryConnection(id: string, options?: RequestOptions): Promise<Connection>;
  createActivation(body: ActivationCreate, options?: RequestOptions): Promise<Activation>;
  getActivation(id: string, options?: RequestOptions): Promise<Activation>;
  deleteActivation(id: string, options?: RequestOptions): Promise<void>;
  /** New settings for an active integration, validated like activation; a secret left out keeps
   * its saved value. HubApiError 400 with `fields` when invalid. */
  updateActivation(id: string, body: { dynamicVariables: Record<string, unknown> }, options?: RequestOptions): Promise<Activation>;
  /** Deletes a connection no activation uses (revoking its tokens); 409 connection_in_use otherwise. */
  deleteConnection(id: string, options?: RequestOptions): Promise<void>;
}

// ---- <embed-hub> ------------------------------------------------------------------------------

export interface EmbedHubOptions {
  apiBase?: string;
  hubId?: string;
  userId?: string;
  identifierType?: 'external' | 'internal';
  token?: string;
  getToken?: () => string | Promise<string>;
  fetch?: typeof fetch;
  /** A ready client instead of apiBase/hubId/userId/token. */
  client?: HubClient;
  /** A loaded core to share; otherwise the element loads one (once per page). */
  hub?: Hub | Promise<Hub>;
  /** Where the core's .wasm comes from when the element loads it. */
  wasm?: WasmSource;
  /** The language: en, de, fr, es, ja, pt-BR or ar (right to left), or any tag of one of them
   * (de-AT); also used for numbers and dates (Intl). Absent: the page's <html lang>, then
   * navigator.languages; otherwise English. Each language but English loads on first use. */
  lang?: string;
  /** The same as `lang` (kept for hosts that already pass it). */
  locale?: string;
  /** Strings to replace, by key (see messages.mjs); `{name}` placeholders are filled in. A
   * counted string may be plural forms picked by Intl.PluralRules: {one, other, …, '=0'}. */
  messages?: Record<string, string | Partial<Record<'zero' | 'one' | 'two' | 'few' | 'many' | 'other' | `=${number}`, string>>>;
  /** Tiles per page, 1..100. Default 12. */
  pageSize?: number;
  /** Forces a theme; absent, the element follows prefers-color-scheme. */
  theme?: 'light' | 'dark';
}

export type EmbedHubAction = 'load' | 'connect' | 'activate' | 'deactivate' | 'reconnect' | 'retry' | 'save' | 'remove';

/** The element's events: CustomEvents that bubble and cross the shadow boundary (composed). */
export interface EmbedHubEventMap {
  /** The first page of tiles is interactive. */
  ready: CustomEvent<{ totalCount: number; totalConnected?: number }>;
  /** The user asked to connect. Cancelable: preventDefault() keeps the dialog closed (e.g. to upsell). */
  activate: CustomEvent<{ integration: EndUserIntegration }>;
  activated: CustomEvent<{ activation: Activation; integration: EmbeddedIntegration }>;
  deactivated: CustomEvent<{ activationId: string; integration: EmbeddedIntegration }>;
  /** The user saved new settings for an active integration (secrets are never in `activation`). */
  'settings-changed': CustomEvent<{ activation: Activation; integration: EmbeddedIntegration }>;
  /** A HubApiError (or Error) and what was being done. */
  error: CustomEvent<{ error: HubApiError | Error; action: EmbedHubAction }>;
  /** The dialog closed. */
  close: CustomEvent<{ integration: EndUserIntegration; reason: 'cancel' | 'activated' | 'deactivated' | 'done' }>;
}

/** <embed-hub api-base hub-id user-id identifier-type lang locale page-size theme>. */
export class EmbedHub extends HTMLElement {
  /** Sets options and reloads; returns the element. */
  configure(options: EmbedHubOptions): this;
  token: string | undefined;
  /** Reloads the tiles and their states, keeping the page. */
  refresh(): Promise<void>;
  addEventListener<K extends keyof EmbedHubEventMap>(type: K, listener: (this: EmbedHub, ev: EmbedHubEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof EmbedHubEventMap>(type: K, listener: (this: EmbedHub, ev: EmbedHubEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** Puts an <embed-hub> in `target` (or configures `target` if it is one) and returns it. */
export function mount(target: Element, options?: EmbedHubOptions): EmbedHub;

declare global {
  interface HTMLElementTagNameMap {
    'embed-hub': EmbedHub;
  }
}
