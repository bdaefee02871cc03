// errors.mjs — the wire Error body {code, message, fields?, details?} and HTTP statuses for errors.

/** An error answered as the wire Error body with `status`. */
export class ApiError extends Error {
  constructor(status, code, message, { fields, details, headers } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    if (fields?.length) this.fields = fields;
    if (details !== undefined) this.details = details;
    this.headers = headers ?? {};
  }

  toJSON() {
    const body = { code: this.code, message: this.message };
    if (this.fields) body.fields = this.fields;
    if (this.details !== undefined) body.details = this.details;
    return body;
  }
}

export const notFound = (what = 'resource', field) =>
  new ApiError(404, 'not_found', `no such ${what}`, field ? { fields: [{ field, message: `no such ${what}` }] } : {});

// The core's codes that are not plain bad input (400). Everything else it throws is the
// caller's mistake: a bad query, cursor, body or event.
const CORE_STATUS = {
  illegal_transition: 409,
  already_activated: 409,
  out_of_memory: 503,
};

/** True for the core's HubError (duck-typed, so the server works with any build of web/src). */
export const isHubError = (err) => err instanceof Error && err.name === 'HubError' && typeof err.toJSON === 'function';

/** The core's HubError as an ApiError; `rename` maps the core's field names to the wire's. */
export function fromHubError(err, rename = {}) {
  const body = err.toJSON();
  const fields = body.fields?.map((f) => ({ ...f, field: rename[f.field] ?? f.field }));
  return new ApiError(CORE_STATUS[body.code] ?? 400, body.code, body.message, { fields, details: body.details });
}

/** `/connections/0/templateId` → `connections[0].templateId` (the Error body's field form). */
export function fieldOf(pointer) {
  if (!pointer) return '';
  return pointer.split('/').slice(1).reduce((path, raw) => {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^(0|[1-9][0-9]*)$/.test(seg)) return `${path}[${seg}]`;
    return path ? `${path}.${seg}` : seg;
  }, '');
}

// These keywords report on the object; the wire's field names the member, which the core's
// message quotes ("must have required property 'apiKey'").
const MEMBER_KEYWORDS = new Set(['required', 'dependentRequired', 'additionalProperties', 'unevaluatedProperties']);

/** The Error body's field for one of the core's validation errors. */
export function fieldFor(e) {
  const base = fieldOf(e.instancePath);
  const member = MEMBER_KEYWORDS.has(e.keyword) ? /'([^']+)'/.exec(e.message)?.[1] : undefined;
  if (member === undefined) return base;
  return base ? `${base}.${member}` : member;
}

/** A 400 from the core's validation errors ({instancePath, keyword, message}). */
export function invalidBody(errors, what = 'body') {
  const fields = errors.map((e) => ({ field: fieldFor(e) || what, message: e.message }));
  return new ApiError(400, 'body_invalid', `${what} is not valid: ${fields[0].field} ${fields[0].message}`, { fields });
}
