// check-dist.mjs — refuses to pack the npm package before the WebAssembly outputs are built.
import { existsSync } from 'node:fs';

const needed = ['web/dist/embedhub-core.mjs', 'web/dist/embedhub-core.wasm', 'web/dist/embedhub-cli.wasm', 'web/dist/embedhub-embed.min.mjs'];
const missing = needed.filter((f) => !existsSync(new URL(`../${f}`, import.meta.url)));
if (missing.length) {
  console.error(`embedhub: build first (npm run build); missing: ${missing.join(', ')}`);
  process.exit(1);
}
