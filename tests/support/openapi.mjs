// openapi.mjs — the reference API's OpenAPI (../shared/reference) as operations whose request and
// response schemas are compiled by our own core (2020-12), for the conformance tests.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { load } from '../../web/src/node.mjs';

export const OPENAPI_PATH = new URL('../../../shared/reference/versori-embedded-v1-openapi.yaml', import.meta.url);
const DOC_URI = 'https://embedhub.invalid/reference/openapi.json';
const STRICT_URI = 'https://embedhub.invalid/reference/openapi-strict.json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** The OpenAPI document as plain data (throws when the file is missing: the tests need it). */
export const readOpenApi = () => parse(readFileSync(OPENAPI_PATH, 'utf8'));

// OpenAPI's own keywords and the generator's x-* hints are not JSON Schema; `examples` is an
// object in places where 2020-12 wants an array. Component refs move to $defs of one document.
function clean(node) {
  if (Array.isArray(node)) return node.map(clean);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('x-') || k === 'discriminator' || k === 'example' || (k === 'examples' && !Array.isArray(v))) continue;
    if (k === '$ref' && typeof v === 'string') out.$ref = v.replace('#/components/schemas/', `${DOC_URI}#/$defs/`);
    else out[k] = clean(v);
  }
  return out;
}

// Request bodies are checked strictly: a member the OpenAPI does not declare is refused
// (`unevaluatedProperties: false`, which sees through allOf/oneOf). Schemas used as an allOf
// part are left open, or the part would refuse its siblings' members.
function strict(defs) {
  const parts = new Set();
  const walk = (n, inAllOf) => {
    if (Array.isArray(n)) return n.forEach((x) => walk(x, inAllOf));
    if (n === null || typeof n !== 'object') return;
    if (inAllOf && typeof n.$ref === 'string') parts.add(n.$ref.split('/').pop());
    for (const [k, v] of Object.entries(n)) walk(v, k === 'allOf');
  };
  walk(defs, false);
  const tighten = (n, part) => {
    if (Array.isArray(n)) return n.map((x) => tighten(x, part));
    if (n === null || typeof n !== 'object') return n;
    const out = {};
    for (const [k, v] of Object.entries(n)) {
      if (k === 'allOf') out[k] = v.map((x) => tighten(x, true));
      else if (k === 'properties') out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, tighten(s, false)]));
      else out[k] = tighten(v, false);
    }
    if (!part && (n.properties || n.allOf) && n.additionalProperties === undefined) out.unevaluatedProperties = false;
    return out;
  };
  const out = Object.fromEntries(Object.entries(defs).map(([name, s]) => [name, tighten(s, parts.has(name))]));
  return { defs: retarget(out), tighten: (s) => retarget(tighten(s, false)) };
}

// Refs of the strict schemas point into the strict document.
const retarget = (s) => JSON.parse(JSON.stringify(s).replaceAll(`${DOC_URI}#`, `${STRICT_URI}#`));

/** The components' schemas as $defs, with the document's known mistakes patched. */
export function schemaDefs(doc = readOpenApi()) {
  const defs = clean(doc.components.schemas);
  // The OpenAPI's own mistake: HubConnectionTemplate requires `connectionTemplates` and
  // `variables`, which it never defines (copied from another object). No real answer has them,
  // so they are dropped here rather than copied into our server.
  const tpl = defs.HubConnectionTemplate;
  tpl.required = tpl.required.filter((p) => p in tpl.properties);
  return defs;
}

// '/hubs/{hub_id}/users' → a RegExp of the path (parameters are one non-empty segment).
const pathPattern = (template) => new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]+)')}$`);

/**
 * The operations of the OpenAPI, each {operationId, method (upper case), path, query (Map of
 * name → parameter), bodySchema?, responses: {status | 'default': schema | null}}, with schemas
 * compiled by a core of their own (`hub`, loaded when not given). `validateResponse` and
 * `validateRequest` answer {valid, errors} for one call; `free()` releases the validators.
 */
export async function loadOpenApi({ hub } = {}) {
  const core = hub ?? (await load());
  const doc = readOpenApi();
  const defs = schemaDefs(doc);
  core.addSchema(DOC_URI, { $schema: 'https://json-schema.org/draft/2020-12/schema', $defs: defs });
  const strictly = strict(defs);
  core.addSchema(STRICT_URI, { $schema: 'https://json-schema.org/draft/2020-12/schema', $defs: strictly.defs });
  const compiled = [];
  const compile = (schema, tight = false) => {
    const v = core.compile(tight ? strictly.tighten(clean(schema)) : clean(schema), { formats: 'assert', mode: 'all' });
    compiled.push(v);
    return v;
  };
  const resolveParam = (p) => (p.$ref ? doc.components.parameters[p.$ref.split('/').pop()] : p);

  const operations = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared = (item.parameters ?? []).map(resolveParam);
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const params = [...shared, ...(op.parameters ?? []).map(resolveParam)];
      const body = op.requestBody?.content?.['application/json']?.schema;
      const responses = {};
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        const schema = r.content?.['application/json']?.schema;
        responses[status] = schema ? compile(schema) : null;
      }
      operations.push({
        operationId: op.operationId, method: m.toUpperCase(), path, pattern: pathPattern(path),
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: new Map(params.filter((p) => p.in === 'query').map((p) => [p.name, p])),
        body: body ? compile(body, true) : null, responses,
      });
    }
  }

  /** The operation for a method and a path (no query), or undefined when the OpenAPI has none. */
  const match = (method, pathname) => operations.find((o) => o.method === method && o.pattern.test(pathname));

  return {
    doc, defs, operations, match,
    /** One answer against its operation: a status it declares (or `default`) and that schema. */
    validateResponse(op, status, body) {
      const key = String(status) in op.responses ? String(status) : 'default' in op.responses ? 'default' : null;
      if (key === null) return { valid: false, errors: [{ instancePath: '', keyword: 'status', message: `${op.operationId} declares no ${status} answer` }] };
      const v = op.responses[key];
      if (!v) {
        return body === undefined || body === ''
          ? { valid: true, errors: [] }
          : { valid: false, errors: [{ instancePath: '', keyword: 'content', message: `${op.operationId} ${status} has no body` }] };
      }
      return v.validate(body);
    },
    /** A request body against the operation's (strict) schema. */
    validateRequest(op, body) {
      if (!op.body) return body === undefined ? { valid: true, errors: [] } : { valid: false, errors: [{ instancePath: '', keyword: 'content', message: `${op.operationId} takes no body` }] };
      return op.body.validate(body);
    },
    free() { for (const v of compiled) v.free(); },
  };
}
