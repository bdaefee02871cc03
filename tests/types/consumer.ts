// consumer.ts — compiled with `tsc --noEmit` by tests/js/types.test.mjs: the .d.ts must accept
// correct use and reject misuse (the @ts-expect-error lines fail the build if they type-check).
import { load, type Hub, type JsonCheckResult } from 'embedhub';

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
