// embed-consumer.ts — compiled with `tsc --noEmit` (tests/types/tsconfig.json): embed.d.ts must
// accept correct use of HubClient and <embed-hub> and reject misuse (@ts-expect-error lines).
import { EmbedHub, HubApiError, HubClient, mount, type Activation, type EndUserIntegration } from 'embedhub/element';

async function client(): Promise<void> {
  const c = new HubClient({ apiBase: 'https://hub.example', hubId: 'h', userId: 'u', getToken: async () => 'jwt', retries: 2 });
  const page = await c.listIntegrations({ deployed: true, first: 20, signal: AbortSignal.timeout(5000) });
  const next: string | undefined = page.next;
  for await (const i of c.integrations({ deployed: true })) {
    const name: string = i.name;
    console.log(name, next);
  }
  const full = await c.getIntegration(page.integrations[0].id);
  const conn = await c.createConnection({ templateId: full.connectionTemplates[0].id, apiKey: 'k' });
  if (conn.authorizeUrl) console.log(conn.authorizeUrl);
  const act: Activation = await c.createActivation({ integrationId: full.id, connections: [{ templateId: 't', connectionId: conn.id }], dynamicVariables: { a: 1 } });
  await c.deleteActivation(act.id);
  try {
    await c.getActivation(act.id);
  } catch (e) {
    if (e instanceof HubApiError) console.log(e.status, e.code, e.fields.map((f) => f.field));
  }
  await c.listIntegrations({ q: 'crm', first: 12 });
  const updated: Activation = await c.updateActivation(act.id, { dynamicVariables: { region: 'eu' } });
  console.log(updated.id, c.supports('deleteConnection'));
  await c.deleteConnection('c1');
  await c.createConnection({ templateId: 't', returnUrl: 'https://app.example/page' });
  // @ts-expect-error updateActivation takes {dynamicVariables}
  await c.updateActivation(act.id, { region: 'eu' });
  // @ts-expect-error deployed is a boolean
  await c.listIntegrations({ deployed: 'yes' });
  // @ts-expect-error connections are required
  await c.createActivation({ integrationId: 'i' });
  // @ts-expect-error a client needs a hub and a user
  new HubClient({ apiBase: 'x', token: 't' });
}

function element(): void {
  const el: EmbedHub = mount(document.body, { apiBase: 'https://hub.example', hubId: 'h', userId: 'u', token: 't', theme: 'dark', messages: { title: 'Apps' } });
  el.addEventListener('activated', (e) => console.log(e.detail.activation.id, e.detail.integration.connectionTemplates.length));
  el.addEventListener('activate', (e) => { const i: EndUserIntegration = e.detail.integration; if (!i.isDeployed) e.preventDefault(); });
  el.addEventListener('error', (e) => console.log(e.detail.action, e.detail.error.message));
  el.addEventListener('close', (e) => console.log(e.detail.reason));
  const same: EmbedHub | null = document.querySelector('embed-hub');
  void same?.refresh();
  el.configure({ pageSize: 24, lang: 'ar', messages: { connectedCount: { zero: 'none', one: 'one', other: '{count}' } } });
  el.addEventListener('settings-changed', (e) => console.log(e.detail.activation.id, e.detail.integration.name));
  // @ts-expect-error theme is light or dark
  el.configure({ theme: 'blue' });
  // @ts-expect-error ready's detail has no integration
  el.addEventListener('ready', (e) => console.log(e.detail.integration));
}

void client();
element();
