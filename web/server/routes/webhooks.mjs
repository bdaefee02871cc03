// webhooks.mjs — the host product's webhook subscriptions (admin key): create (the secret is
// answered once), list, delete, rotate the secret, and the delivery log.
import { ApiError } from '../http/errors.mjs';
import { requireUlid } from '../services/access.mjs';
import { adminGuard, hubRowOf } from './guard.mjs';

// A positive integer query parameter up to `max`, or undefined when absent.
function number(name, value, max) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^[1-9][0-9]{0,15}$/.test(value) || n > max) {
    throw new ApiError(400, 'query_invalid', `${name} must be an integer from 1 to ${max}`, { fields: [{ field: name, message: 'not a valid number' }] });
  }
  return n;
}

export function webhookRoutes({ core, store, auth, bodies, webhooks }) {
  const admin = adminGuard({ core, auth, bodies });
  const own = async ({ params }) => {
    requireUlid(params.webhookId, 'webhook_id');
    return webhooks.own(await hubRowOf(store, params.hubId), params.webhookId);
  };

  const create = admin('AdminWebhook', async (c, body) => ({ status: 201, body: await webhooks.create(await hubRowOf(store, c.params.hubId), body) }));
  const list = admin(null, async (c) => ({ status: 200, body: { webhooks: await webhooks.list(await hubRowOf(store, c.params.hubId)) } }));
  const remove = admin(null, async (c) => {
    await webhooks.remove(await own(c));
    return { status: 204 };
  });
  const rotate = admin(null, async (c) => ({ status: 200, body: await webhooks.rotateSecret(await own(c)) }));
  const deliveries = admin(null, async (c, body, q) => {
    requireUlid(c.params.webhookId, 'webhook_id');
    const page = await webhooks.deliveries(await webhooks.own(null, c.params.webhookId),
      { first: number('first', q.first, 100), before: number('before', q.before, Number.MAX_SAFE_INTEGER) });
    return { status: 200, body: page };
  }, ['first', 'before']);

  return [
    ['POST', '/admin/hubs/:hubId/webhooks', create],
    ['GET', '/admin/hubs/:hubId/webhooks', list],
    ['DELETE', '/admin/hubs/:hubId/webhooks/:webhookId', remove],
    ['POST', '/admin/hubs/:hubId/webhooks/:webhookId/rotate-secret', rotate],
    ['GET', '/admin/webhooks/:webhookId/deliveries', deliveries],
  ];
}
