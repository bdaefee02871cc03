// consumer.ts — compiled with `tsc --noEmit` by tests/js/types.test.mjs: the .d.ts must accept
// correct use and reject misuse (the @ts-expect-error lines fail the build if they type-check).
import { load, HubError, SchemaError, type Hub, type JsonCheckResult, type IntegrationPage, type ConnectionStatus, type TileAction, type ConnectionAction } from 'embedhub';

async function main(): Promise<void> {
  const hub: Hub = await load();
  const r: JsonCheckResult = hub.checkJson('{"a": 1}');
  if (!r.ok) {
    const where: string = `${r.error.line}:${r.error.column} (${r.error.offset}) ${r.error.code}: ${r.error.message}`;
    console.log(where);
  }
  hub.checkJson(new Uint8Array([0x7b, 0x7d]));
  await load({ wasm: new URL('https://cdn.example/embedhub-core.wasm') });
  const v: string = hub.version;
  console.log(v, hub.heapUsed() + 1);
  // @ts-expect-error checkJson takes text or bytes, not objects
  hub.checkJson({ a: 1 });
  // @ts-expect-error the error only exists when ok is false
  console.log(r.error);
  // @ts-expect-error version is read-only
  hub.version = 'x';
}
void main();

async function domain(): Promise<void> {
  const hub = await load();
  const key = new Uint8Array(16);
  const page: IntegrationPage = hub.page([], { first: '20', deployed: 'true' }, key);
  const next: string | undefined = page.next;
  const q = hub.pageQuery({ after: next }, key);
  const searched = hub.page([], { q: 'café', first: 5 }, key);
  console.log(searched.totalCount, hub.pageQuery({ q: 'x' }, key).q?.length);
  if (q.position) console.log(q.position.direction === 'after');
  const s: ConnectionStatus = hub.transition(null, 'create');
  const tile = hub.tileState({ integration: { isDeployed: true, isActivated: false } });
  const action: TileAction = tile.action;
  const todo: ConnectionAction = hub.actionFor('validation_error');
  console.log(todo === 'retry');
  // @ts-expect-error not a status
  hub.actionFor('broken');
  const form = hub.formFor({ type: 'object' });
  for (const f of form.fields) console.log(f.key, f.control, f.required, s, action);
  for (const e of hub.settingsRecord({ type: 'object' }, { a: 1 }, { secrets: 'omit' })) console.log(e.configkey, e.configvalue, e.configtype);
  hub.settingsRecord({ type: 'object' });
  // @ts-expect-error no such secrets mode
  hub.settingsRecord({ type: 'object' }, {}, { secrets: 'show' });
  try {
    hub.transition('active', 'validated');
  } catch (err) {
    if (err instanceof HubError) console.log(err.code, err.fields[0]?.field, err.field.length, err.toJSON().message);
  }
  // @ts-expect-error not an event
  hub.transition('active', 'explode');
  // @ts-expect-error the key is bytes
  hub.page([], {}, 'key');
}
void domain();

async function schemas(): Promise<void> {
  const hub = await load();
  const v = hub.compile({ type: 'object' }, { formats: 'assert', mode: 'all', dialect: 'draft-07' });
  const r = v.validate({ a: 1 });
  for (const e of r.errors) console.log(e.instancePath, e.schemaPath, e.keyword, e.message, e.field.toUpperCase());
  v.validateJson('{}');
  v.free();
  try {
    hub.compile({ type: 12 });
  } catch (err) {
    if (err instanceof SchemaError) console.log(err.pointer, err.code);
  }
  hub.addSchema('https://x.example/s.json', true);
  const m = hub.validateModel('Connection', {});
  console.log(m.valid);
  const a = hub.validateActivation({}, {}, [], { user: { id: 'u', externalId: 'e' } });
  if (a.valid && a.normalized) console.log(a.normalized.dynamicVariables);
  for (const e of a.errors) if (e.code === 'connection_not_active') console.log(e.action);
  const opts = hub.bindingOptions({}, [], { user: { id: 'u', externalId: 'e' } });
  for (const t of opts.templates) {
    const first: string | undefined = t.eligible[0];
    for (const no of t.ineligible) if (no.code === 'connection_not_active') console.log(first, no.connectionId, no.reasons[0].action);
  }
  hub.bindingOptions({}, []);
  // @ts-expect-error unknown model
  hub.validateModel('Nope', {});
  // @ts-expect-error no such mode
  hub.compile(true, { mode: 'some' });
}
void schemas();
