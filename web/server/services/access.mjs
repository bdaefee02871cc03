// access.mjs — who may see what: path ids checked against the token, others' ids answered 404.
//
// A token names one user of one hub of one org. Anything outside it is answered exactly like
// something that does not exist (404), so ids cannot be probed; only malformed ids are 400s.
import { ApiError, notFound } from '../http/errors.mjs';
import { isUlid } from '../ulid.mjs';

const badId = (field, what) =>
  new ApiError(400, 'id_invalid', `${field} is not a valid ${what}`, { fields: [{ field, message: `not a valid ${what}` }] });

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Throws 400 unless `value` is a ULID (the server's ids for hubs, integrations, activations…). */
export function requireUlid(value, field) {
  if (!isUlid(value)) throw badId(field, 'ULID');
}

/** Throws 400 unless `value` is a lower-case UUID (connection ids, as seed 003 has them). */
export function requireUuid(value, field) {
  if (typeof value !== 'string' || !UUID_RE.test(value)) throw badId(field, 'UUID');
}

/** Throws 400 unless `value` can be an external user id: 1–255 characters, no control characters. */
export function requireExternalId(value, field) {
  if (typeof value !== 'string' || !/^[^\u0000-\u001f\u007f]{1,255}$/u.test(value)) throw badId(field, 'external user id');
}

export function createAccess({ store, core }) {
  return {
    /** The normalised identifier_type ('external' when absent); the core judges the value. */
    identifierType: (raw) => core.identifierType(raw),

    /** The token's own hub row (404 when it is gone or not in the token's org). */
    async tokenHub(claims) {
      const row = await store.tenancy.hub(claims.hub);
      if (!row || row.org_id !== claims.org) throw notFound('hub');
      return row;
    },

    /** The token's hub row, provided the path's hub is the token's hub. */
    async hub(claims, hubId) {
      requireUlid(hubId, 'hub_id');
      if (hubId !== claims.hub) throw notFound('hub');
      return this.tokenHub(claims);
    },

    /** {hubRow, user} for a path's hub and user ids, provided they are the token's own. */
    async user(claims, hubId, userId, identifierType, field = 'user_id') {
      const hubRow = await this.hub(claims, hubId);
      if (identifierType === 'internal') requireUlid(userId, field);
      else requireExternalId(userId, field);
      const user = await store.tenancy.user(hubRow.id, userId, identifierType);
      if (!user || user.id !== claims.sub) throw notFound('user');
      return { hubRow, user };
    },

    /** An activation row, provided it is the token user's. */
    async activation(claims, id) {
      requireUlid(id, 'activation_id');
      const row = await store.activations.one(id);
      if (!row || row.user_id !== claims.sub || row.hub_id !== claims.hub || row.org_id !== claims.org) throw notFound('activation');
      return row;
    },
  };
}
