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
