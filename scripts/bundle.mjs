// bundle.mjs — the embed as one minified ES module (issue 14): web/dist/embedhub-embed.min.mjs
// holds <embed-hub> (element.mjs and ui/), HubClient (client.mjs), the core loader (core.mjs) and
// the emscripten glue, so a page's <script type="module"> fetches one file instead of a waterfall.
// It exports what element.mjs exports (EmbedHub, mount, HubClient, HubApiError) and what
// index.mjs exports (load, HubError, SchemaError).
//
// Beside it in web/dist:
// - embedhub-core.wasm, found through import.meta.url as from the source modules (every
//   `new URL('…', import.meta.url)` in the sources is rewritten to point from web/dist);
// - the locales (de, fr, es, ja, pt-BR, ar) stay lazy: esbuild splits each into its own chunk,
//   embedhub-embed-<locale>-<hash>.mjs, fetched the first time the embed speaks that language.
//
// Run by scripts/build.sh after the wasm target; `node scripts/bundle.mjs` alone rebuilds it.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'web/src');
export const outdir = join(root, 'web/dist');
export const BUNDLE = 'embedhub-embed.min.mjs';
const CHUNK_PREFIX = 'embedhub-embed-';

const ENTRY = `export * from './element.mjs';
export { load, HubError, SchemaError } from './core.mjs';
`;

// `new URL('../../dist/embedhub-core.wasm', import.meta.url)` in web/src/ui/ means web/dist/…;
// in the bundle (and its chunks), import.meta.url is web/dist/, so the path is made relative to it.
const URL_RE = /new URL\((['"])(\.{1,2}\/[^'"]+)\1, import\.meta\.url\)/g;
const rebase = (file, text) => text.replace(URL_RE, (_, q, rel) => {
  const target = resolve(dirname(file), rel);
  const from = relative(outdir, target).split(sep).join('/');
  if (from.startsWith('..')) throw new Error(`bundle.mjs: ${relative(root, file)} refers to ${rel}, outside web/dist`);
  return `new URL(${q}./${from}${q}, import.meta.url)`;
});

const embedPlugin = {
  name: 'embedhub-embed',
  setup(b) {
    b.onResolve({ filter: /^embedhub-embed$/ }, () => ({ path: 'embedhub-embed', namespace: 'entry' }));
    b.onLoad({ filter: /.*/, namespace: 'entry' }, () => ({ contents: ENTRY, resolveDir: src, loader: 'js' }));
    b.onLoad({ filter: /\.mjs$/ }, (args) => {
      if (!args.path.startsWith(src + sep)) return undefined; // web/dist's glue: as it is
      return { contents: rebase(args.path, readFileSync(args.path, 'utf8')), loader: 'js' };
    });
  },
};

/** Builds the bundle and its locale chunks into web/dist (or, with write: false, into memory);
 * returns esbuild's result, with its metafile (which sources went into which output). */
export async function bundle({ write = true } = {}) {
  if (write) {
    mkdirSync(outdir, { recursive: true });
    for (const f of readdirSync(outdir)) if (f.startsWith(CHUNK_PREFIX)) rmSync(join(outdir, f));
  }
  return build({
    entryPoints: [{ in: 'embedhub-embed', out: BUNDLE.replace(/\.mjs$/, '') }],
    outdir, bundle: true, splitting: true, minify: true, format: 'esm', platform: 'browser',
    target: 'es2022', outExtension: { '.js': '.mjs' }, chunkNames: `${CHUNK_PREFIX}[name]-[hash]`,
    legalComments: 'none', write, metafile: true, logLevel: 'warning', plugins: [embedPlugin],
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { metafile } = await bundle();
  console.log(`bundle.mjs: web/dist/${BUNDLE} and ${Object.keys(metafile.outputs).length - 1} locale chunks`);
}
