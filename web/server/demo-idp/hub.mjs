// hub.mjs — the demo's authorization server beside the hub server (`npm start`): the demo
// connectors' OAuth2 clients are registered with the hub's callback URL, and the connectors
// find it through discovery (their settings say `demo`, resolved to this issuer).
import { startDemoIdp } from './index.mjs';

/** The catalog connector's provider settings for the seed (`slug` names its OAuth2 client). */
export function demoConnectorSettings(auth, scopes, clientId, clientSecret) {
  if (auth === 'api_key') {
    return {
      verify: { url: '/api/me', auth: 'header:X-Api-Key' },
      postInstall: { url: '/api/webhooks', method: 'POST', auth: 'header:X-Api-Key' },
    };
  }
  return {
    oauth2: { issuer: 'demo', clientId, clientSecret, scopes: ['openid', ...String(scopes ?? '').split(' ').filter(Boolean)] },
    verify: { url: '/api/me', auth: 'bearer' },
  };
}

/**
 * Starts the demo authorization server for the hub at `baseUrl` (on `host`:`port`, 0: any
 * free port) with every demo connector's client. Resolves with startDemoIdp's handle.
 */
export async function startHubDemoProvider({ connections, baseUrl, host = '127.0.0.1', port = 0 }) {
  const clients = await connections.settings.demoClients();
  const idp = await startDemoIdp({
    host,
    port,
    title: 'the demo provider',
    scopes: [...new Set(clients.flatMap((c) => c.scopes))].filter((s) => !['openid', 'offline_access', 'profile', 'email'].includes(s)),
    clients: clients.map((c) => ({
      client_id: c.client_id, client_secret: c.client_secret, client_name: c.client_name, redirect_uris: [`${baseUrl}/oauth2/callback`],
    })),
  });
  return idp;
}
