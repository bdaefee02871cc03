// webhooks.mjs — the webhooks service: subscriptions of a hub (the secret is shown once, stored
// sealed), secret rotation, and the delivery log.
import { randomBytes } from 'node:crypto';
import { ApiError, notFound } from '../http/errors.mjs';
import { aadFor } from '../security/secrets.mjs';
import { ulid } from '../ulid.mjs';
import { EVENT_TYPES } from './events.mjs';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

const view = (row) => ({ id: row.id, hubId: row.hub_id, url: row.url, events: JSON.parse(row.events), createdAt: row.created_at });

export function createWebhooks({ store, secrets }) {
  const { events } = store;
  const seal = (id, secret) => secrets.seal(secret, aadFor('webhooks', 'secret', id));

  const webhooks = {
    /** Subscribes hub `hubRow` to `events` (default: all) at `url`; the answer holds the secret, once. */
    async create(hubRow, { url, events: types = EVENT_TYPES }) {
      const unknown = types.filter((t) => !EVENT_TYPES.includes(t));
      if (unknown.length) {
        throw new ApiError(400, 'body_invalid', `unknown event type ${unknown[0]}; known: ${EVENT_TYPES.join(', ')}`,
          { fields: [{ field: 'events', message: `unknown event type ${unknown[0]}` }] });
      }
      const target = new URL(url);
      if (target.protocol !== 'https:' && !LOOPBACK.test(target.hostname)) {
        throw new ApiError(400, 'body_invalid', 'a webhook URL must be https (plain http only on loopback)',
          { fields: [{ field: 'url', message: 'must be https' }] });
      }
      if (target.username || target.password) {
        throw new ApiError(400, 'body_invalid', 'a webhook URL must not carry credentials', { fields: [{ field: 'url', message: 'has credentials' }] });
      }
      const row = { id: ulid(), hub_id: hubRow.id, url, events: JSON.stringify([...new Set(types)]), created_at: new Date().toISOString() };
      const secret = newSecret();
      await events.insertWebhook({ ...row, secret: seal(row.id, secret) });
      return { ...view(row), secret };
    },

    list: async (hubRow) => (await events.webhooksOf(hubRow.id)).map(view),

    /** The webhook `id` of hub `hubRow`, or a 404. */
    async own(hubRow, id) {
      const row = typeof id === 'string' ? await events.webhook(id) : undefined;
      if (!row || (hubRow && row.hub_id !== hubRow.id)) throw notFound('webhook');
      return row;
    },

    async remove(row) {
      await events.removeWebhook(row.id);
    },

    /** A new secret, shown once; deliveries from now on are signed with it. */
    async rotateSecret(row) {
      const secret = newSecret();
      await events.setSecret(row.id, seal(row.id, secret));
      return { ...view(row), secret };
    },

    /** The latest deliveries (newest first), each with its attempts and answers. */
    async deliveries(row, { first = 50, before = Number.MAX_SAFE_INTEGER } = {}) {
      const rows = await events.deliveriesOf(row.id, before, first);
      const attempts = [];
      for (const d of rows) attempts.push(await events.attemptsOf(d.seq));
      const page = {
        deliveries: rows.map((d, n) => ({
          id: d.seq,
          eventId: d.event_id,
          type: d.type,
          status: d.status,
          createdAt: d.created_at,
          deliveredAt: d.delivered_at,
          nextAttemptAt: d.status === 'pending' ? new Date(d.next_attempt_at).toISOString() : null,
          attempts: attempts[n].map((a) => ({
            at: a.at, statusCode: a.status_code, error: a.error, durationMs: a.duration_ms, answer: a.answer,
          })),
        })),
      };
      if (rows.length === first) page.before = rows.at(-1).seq;
      return page;
    },
  };
  return webhooks;
}
