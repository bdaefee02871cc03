// webhooks.mjs — the host product's webhook subscriptions (admin key): create (the secret is
// answered once), list, delete, rotate the secret, and the delivery log.
import { ApiError } from '../http/errors.mjs';
import { readJson, readQuery } from '../http/io.mjs';
import { requireUlid } from '../services/access.mjs';

export function webhookRoutes({ core, store, auth, bodies, webhooks }) {
  const hubRowOf = (id) => {
    requireUlid(id, 'hub_id');
    const row = store.tenancy.hub(id);
    if (!row) throw new ApiError(404, 'not_found', 'no such hub');
    return row;
  };

  async function create({ req, url, params }) {
    auth.admin(req);
    readQuery(url, []);
    const body = await readJson(req, core);
    bodies.check('AdminWebhook', body);
    return { status: 201, body: webhooks.create(hubRowOf(params.hubId), body) };
  }

  async function list({ req, url, params }) {
    auth.admin(req);
    readQuery(url, []);
    return { status: 200, body: { webhooks: webhooks.list(hubRowOf(params.hubId)) } };
  }

  async function remove({ req, url, params }) {
    auth.admin(req);
    readQuery(url, []);
    requireUlid(params.webhookId, 'webhook_id');
    webhooks.remove(webhooks.own(hubRowOf(params.hubId), params.webhookId));
    return { status: 204 };
  }

  async function rotate({ req, url, params }) {
    auth.admin(req);
    readQuery(url, []);
    requireUlid(params.webhookId, 'webhook_id');
    return { status: 200, body: webhooks.rotateSecret(webhooks.own(hubRowOf(params.hubId), params.webhookId)) };
  }

  async function deliveries({ req, url, params }) {
    auth.admin(req);
    const q = readQuery(url, ['first', 'before']);
    requireUlid(params.webhookId, 'webhook_id');
    const number = (name, value, max) => {
      if (value === undefined) return undefined;
      const n = Number(value);
      if (!/^[1-9][0-9]{0,15}$/.test(value) || n > max) {
        throw new ApiError(400, 'query_invalid', `${name} must be an integer from 1 to ${max}`, { fields: [{ field: name, message: 'not a valid number' }] });
      }
      return n;
    };
    const page = webhooks.deliveries(webhooks.own(null, params.webhookId),
      { first: number('first', q.first, 100), before: number('before', q.before, Number.MAX_SAFE_INTEGER) });
    return { status: 200, body: page };
  }

  return [
    ['POST', '/admin/hubs/:hubId/webhooks', create],
    ['GET', '/admin/hubs/:hubId/webhooks', list],
    ['DELETE', '/admin/hubs/:hubId/webhooks/:webhookId', remove],
    ['POST', '/admin/hubs/:hubId/webhooks/:webhookId/rotate-secret', rotate],
    ['GET', '/admin/webhooks/:webhookId/deliveries', deliveries],
  ];
}
