// bodies.mjs — JSON Schemas of the server's own request bodies, compiled once by the core.
// (ActivationCreate is a seed model: the core owns its schema, see core.mjs checkModel.)
import { invalidBody } from '../core.mjs';

const ulid = { type: 'string', format: 'ulid' };
// 120 characters stay within the 512 bytes of a name the core's cursors carry.
const name = { type: 'string', minLength: 1, maxLength: 120 };
const httpUrl = { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2048 };
const apiKey = { type: 'string', minLength: 1, maxLength: 512 };
const closed = (properties, required = []) => ({ type: 'object', properties, required, additionalProperties: false });
const returnUrl = httpUrl;
// A request the hub makes to the provider with a new credential (verify, postInstall).
const providerRequest = closed({
  url: httpUrl,
  method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'HEAD'] },
  auth: { type: 'string', pattern: '^(bearer|basic|header:[A-Za-z0-9-]{1,64})$' },
}, ['url']);
const oauth2 = closed({
  issuer: httpUrl,
  authorizationUrl: httpUrl,
  tokenUrl: httpUrl,
  revocationUrl: httpUrl,
  clientId: { type: 'string', minLength: 1, maxLength: 512 },
  clientSecret: { type: 'string', minLength: 1, maxLength: 2048 },
  scopes: { type: 'array', maxItems: 64, items: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21\\x23-\\x5b\\x5d-\\x7e]+$' } },
  pkce: { type: 'boolean' },
  authorizeParams: { type: 'object', maxProperties: 16, additionalProperties: { type: 'string', maxLength: 500 } },
}, ['clientId', 'clientSecret']);

const SCHEMAS = {
  ConnectionCreate: closed({
    templateId: ulid,
    apiKey,
    isSandbox: { type: 'boolean' },
    region: { enum: ['wnam', 'enam', 'apac', 'eu'] },
    context: {
      type: 'object',
      maxProperties: 32,
      propertyNames: { maxLength: 64 },
      additionalProperties: { type: ['string', 'number', 'boolean', 'null'], maxLength: 512 },
    },
    returnUrl,
  }, ['templateId']),
  ConnectionReauthorize: closed({ apiKey, returnUrl }),
  ConnectionRetry: closed({ returnUrl }),
  AdminToken: closed({
    hubId: ulid,
    externalId: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^\\u0000-\\u001f\\u007f]+$' },
    displayName: { type: 'string', maxLength: 200 },
    ttlSeconds: { type: 'integer', minimum: 60, maximum: 30 * 24 * 3600 },
  }, ['hubId', 'externalId']),
  AdminEvent: closed({ event: { type: 'string', maxLength: 64 }, error: { type: 'string', maxLength: 1000 } }, ['event']),
  AdminOrg: closed({ name }, ['name']),
  ActivationUpdate: closed({ dynamicVariables: { type: 'object' } }, ['dynamicVariables']),
  AdminWebhook: closed({
    url: httpUrl,
    events: { type: 'array', minItems: 1, maxItems: 16, uniqueItems: true, items: { type: 'string', maxLength: 64 } },
  }, ['url']),
  AdminHub: closed({ name }, ['name']),
  AdminConnector: closed({
    name,
    authenticationMethod: { enum: ['oauth2', 'oauth2_client_credentials', 'api_key'] },
    imageUrl: httpUrl,
    scopes: { type: 'string', maxLength: 500 },
    oauth2,
    verify: providerRequest,
    postInstall: providerRequest,
  }, ['name', 'authenticationMethod']),
  AdminIntegration: closed({
    name,
    description: { type: 'string', maxLength: 2000 },
    imageUrl: httpUrl,
    isDeployed: { type: 'boolean' },
    variablesSchema: { type: 'object' },
    connectionTemplates: {
      type: 'array',
      maxItems: 8,
      items: closed({ connectorId: ulid, name, writes: { type: 'boolean' } }, ['connectorId']),
    },
  }, ['name', 'isDeployed', 'connectionTemplates']),
};

/** Compiles every body schema; `check(name, value)` throws a 400 listing each bad field. */
export function createBodyChecks(core) {
  const validators = Object.fromEntries(Object.entries(SCHEMAS).map(([k, s]) =>
    [k, core.compile(s, { formats: 'assert', mode: 'all' })]));
  return {
    check(name, value) {
      const { valid, errors } = validators[name].validate(value ?? {});
      if (!valid) throw invalidBody(errors);
    },
    free() {
      for (const v of Object.values(validators)) v.free();
    },
  };
}
