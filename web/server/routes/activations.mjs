// activations.mjs — POST /activations, GET, PATCH (settings) and DELETE /activations/{activation_id}.
import { readJson, readQuery } from '../http/io.mjs';

export function activationRoutes({ core, auth, access, activations, bodies }) {
  async function create({ req, url }) {
    const claims = await auth.user(req);
    readQuery(url, []);
    const body = await readJson(req, core);
    // The user and the integration are looked up by these two strings; without them the
    // core's ActivationCreate model says what is wrong. Everything else is judged by the core.
    if (typeof body?.userId !== 'string' || typeof body.integrationId !== 'string') core.checkModel('ActivationCreate', body);
    return { status: 200, body: activations.create(access.tokenHub(claims), claims, body) };
  }

  async function get({ req, url, params }) {
    const claims = await auth.user(req);
    readQuery(url, []);
    return { status: 200, body: activations.present(access.activation(claims, params.activationId)) };
  }

  // New settings; a secret left out keeps its saved value (the settings screen shows it masked).
  async function update({ req, url, params }) {
    const claims = await auth.user(req);
    readQuery(url, []);
    const row = access.activation(claims, params.activationId);
    const body = await readJson(req, core);
    bodies.check('ActivationUpdate', body);
    return { status: 200, body: activations.updateSettings(row, body.dynamicVariables) };
  }

  async function remove({ req, url, params }) {
    const claims = await auth.user(req);
    readQuery(url, []);
    activations.remove(access.activation(claims, params.activationId));
    return { status: 204 };
  }

  return [
    ['POST', '/activations', create],
    ['GET', '/activations/:activationId', get],
    ['PATCH', '/activations/:activationId', update],
    ['DELETE', '/activations/:activationId', remove],
  ];
}
