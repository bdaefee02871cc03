// consumer.ts — compiled by bundle.test.mjs with `tsc --noEmit -p tests/js/bundle-types`:
// embed.min.d.ts gives the single-file embed the element's, the client's and load()'s types.
import { EmbedHub, HubApiError, HubClient, HubError, SchemaError, load, mount, type Hub } from 'embedhub/embed.min.mjs';

async function use(host: Element): Promise<void> {
  const hub: Hub = await load({ wasm: new URL('https://cdn.example/embedhub-core.wasm') });
  const v = hub.compile({ type: 'integer' }, { mode: 'all' });
  const ok: boolean = v.validate(3).valid;
  const el: EmbedHub = mount(host, { apiBase: 'https://hub.example', hubId: 'h', userId: 'u', token: 't', hub });
  const client = new HubClient({ apiBase: 'https://hub.example', hubId: 'h', userId: 'u', token: 't' });
  const page = await client.listIntegrations({ first: 5 });
  console.log(ok, el, page.totalCount, HubApiError, HubError, SchemaError);
  // @ts-expect-error: mode is 'first' or 'all'
  hub.compile({}, { mode: 'some' });
  // @ts-expect-error: mount needs a target
  mount();
}
void use;
