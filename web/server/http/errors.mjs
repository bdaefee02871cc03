// errors.mjs — the wire Error body {code, message, fields?, details?, position?, data?} and HTTP
// statuses for errors.

const isPosition = (d) => ['offset', 'line', 'column'].every((k) => Number.isInteger(d?.[k]));

/**
 * An error answered as the wire Error body with `status`. As the reference API's Error says,
 * `details` is text: structured details given here are answered as text in `details` plus the
 * object in a member of its own, `position` ({offset, line, column} of a JSON syntax error) or
 * `data` (anything else).
 */
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
    const d = this.details;
    if (d === undefined || d === null) return body;
    if (typeof d !== 'object') body.details = String(d);
    else if (isPosition(d)) {
      body.details = `line ${d.line}, column ${d.column} (byte ${d.offset})`;
      body.position = { offset: d.offset, line: d.line, column: d.column };
    } else {
      body.details = Object.entries(d).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : v}`).join('; ');
      body.data = d;
    }
    return body;
  }
}

export const notFound = (what = 'resource', field) =>
  new ApiError(404, 'not_found', `no such ${what}`, field ? { fields: [{ field, message: `no such ${what}` }] } : {});

/** 503 database_busy: a deadlock or serialization failure outlasted its retries; nothing was
 * written, and the request may be sent again. */
export const databaseBusy = () => new ApiError(503, 'database_busy',
  'the database is too busy with concurrent changes to finish this one; nothing was changed, send it again',
  { headers: { 'retry-after': '1' } });
