// cli.mjs — `npm run bench`: the `embedhub` command on a CI-sized batch. 5,000 package.json files
// (copies of those under node_modules) are validated against a package.json schema with $refs,
// by `embedhub validate DIR` (the WASI program under node:wasi, one process) and by a small Node
// script with ajv doing what ajv-cli does (read, JSON.parse, validate, print errors as JSON).
// Each is timed as a whole process, start-up included: what a CI step pays. Medians of RUNS.
// (ajv-cli itself is not a dependency; `node bench/cli.mjs --ajv SCHEMA DIR` is the script.)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FILES = Number(process.env.BENCH_CLI_FILES ?? 5000);
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 5);

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'package.json (the fields npm documents)',
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', maxLength: 214, pattern: '^(?:@[a-z0-9-*~][a-z0-9-*._~]*/)?[a-z0-9-~][a-z0-9-._~]*$' },
    version: { type: 'string', pattern: '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$' },
    description: { type: 'string' },
    keywords: { type: 'array', items: { type: 'string' } },
    homepage: { type: 'string' },
    bugs: { anyOf: [{ type: 'string' }, { type: 'object', properties: { url: { type: 'string' }, email: { type: 'string' } } }] },
    license: { type: 'string' },
    author: { $ref: '#/$defs/person' },
    contributors: { type: 'array', items: { $ref: '#/$defs/person' } },
    maintainers: { type: 'array', items: { $ref: '#/$defs/person' } },
    funding: { anyOf: [{ type: 'string' }, { type: 'object' }, { type: 'array' }] },
    files: { type: 'array', items: { type: 'string' } },
    main: { type: 'string' },
    module: { type: 'string' },
    types: { type: 'string' },
    type: { enum: ['commonjs', 'module'] },
    bin: { anyOf: [{ type: 'string' }, { $ref: '#/$defs/stringMap' }] },
    man: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    repository: {
      anyOf: [{ type: 'string' },
        { type: 'object', required: ['url'], properties: { type: { type: 'string' }, url: { type: 'string' }, directory: { type: 'string' } } }],
    },
    scripts: { $ref: '#/$defs/stringMap' },
    engines: { $ref: '#/$defs/stringMap' },
    os: { type: 'array', items: { type: 'string' } },
    cpu: { type: 'array', items: { type: 'string' } },
    dependencies: { $ref: '#/$defs/dependencyMap' },
    devDependencies: { $ref: '#/$defs/dependencyMap' },
    peerDependencies: { $ref: '#/$defs/dependencyMap' },
    optionalDependencies: { $ref: '#/$defs/dependencyMap' },
    bundleDependencies: { anyOf: [{ type: 'boolean' }, { type: 'array', items: { type: 'string' } }] },
    private: { type: 'boolean' },
    publishConfig: { type: 'object' },
    workspaces: { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'object' }] },
  },
  $defs: {
    person: {
      anyOf: [{ type: 'string' },
        { type: 'object', required: ['name'], properties: { name: { type: 'string' }, email: { type: 'string' }, url: { type: 'string' } } }],
    },
    stringMap: { type: 'object', additionalProperties: { type: 'string' } },
    dependencyMap: { type: 'object', propertyNames: { minLength: 1, maxLength: 214 }, additionalProperties: { type: 'string' } },
  },
};

/** The ajv side: what ajv-cli's `validate -s SCHEMA -d DIR/*.json` does, as a plain script. */
async function ajvBatch(schemaPath, dir) {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f));
  let invalid = 0;
  const out = [];
  for (const file of files) {
    let data;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      out.push(JSON.stringify({ file, message: e.message }));
      invalid++;
      continue;
    }
    if (!validate(data)) {
      invalid++;
      for (const e of validate.errors) out.push(JSON.stringify({ file, ...e }));
    }
  }
  if (out.length) process.stdout.write(`${out.join('\n')}\n`);
  process.exitCode = invalid ? 1 : 0;
}

if (process.argv[2] === '--ajv') {
  await ajvBatch(process.argv[3], process.argv[4]);
} else {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const cli = join(root, 'web/src/cli.mjs');

  // ---- the batch: copies of the package.json files under node_modules, as they are -----------
  const sources = [];
  const collect = (dir, depth) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory() && depth < 6 && e.name !== 'test') collect(p, depth + 1);
      else if (e.name === 'package.json' && e.isFile()) {
        const text = readFileSync(p, 'utf8');
        try { JSON.parse(text); sources.push(text); } catch { /* a template, not a package.json */ }
      }
    }
  };
  collect(join(root, 'node_modules'), 0);
  if (sources.length === 0) throw new Error('no package.json under node_modules: run npm install first');
  const tmp = mkdtempSync(join(tmpdir(), 'embedhub-bench-cli-'));
  const dir = join(tmp, 'packages');
  mkdirSync(dir);
  let bytes = 0;
  for (let i = 0; i < FILES; i++) {
    const text = sources[i % sources.length];
    writeFileSync(join(dir, `package-${String(i).padStart(5, '0')}.json`), text);
    bytes += Buffer.byteLength(text);
  }
  const schemaPath = join(tmp, 'package.schema.json');
  writeFileSync(schemaPath, JSON.stringify(schema, null, 2));

  const contenders = {
    'embedhub validate (WASI, node:wasi)': [cli, 'validate', '--schema', schemaPath, dir],
    'embedhub validate --errors text': [cli, 'validate', '--errors', 'text', '--schema', schemaPath, dir],
    'Node script with ajv 8 (Ajv2020)': [fileURLToPath(import.meta.url), '--ajv', schemaPath, dir],
  };
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  const invalidFiles = {};
  for (let r = 0; r < RUNS; r++) {
    const names = Object.keys(contenders);
    if (r % 2) names.reverse();
    for (const name of names) {
      const t = performance.now();
      const p = spawnSync(process.execPath, contenders[name], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
      times[name].push(performance.now() - t);
      if (p.status !== 0 && p.status !== 1) throw new Error(`${name}: exit ${p.status}: ${p.stderr}`);
      if (name.includes('text')) continue;
      invalidFiles[name] = new Set(p.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l).file)).size;
    }
  }
  rmSync(tmp, { recursive: true, force: true });

  console.log(`\nembedhub CLI: ${FILES} package.json files (${(bytes / FILES / 1024).toFixed(1)} KB on average, `
    + `${sources.length} distinct, from node_modules) in one process, start-up included; median of ${RUNS} runs`);
  for (const [name, ts] of Object.entries(times)) {
    const ms = median(ts);
    const invalid = invalidFiles[name] === undefined ? '' : `, ${invalidFiles[name]} invalid`;
    console.log(`  ${name.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms  ${Math.round(FILES / (ms / 1000)).toLocaleString('en-US').padStart(8)} files/s${invalid}`);
  }
  const [a, b] = [median(times['embedhub validate (WASI, node:wasi)']), median(times['Node script with ajv 8 (Ajv2020)'])];
  console.log(`  embedhub / ajv throughput: ${(b / a).toFixed(2)}x`);
  const counts = new Set(Object.values(invalidFiles));
  if (counts.size !== 1) console.log(`  NOTE: the two disagree on the number of invalid files: ${JSON.stringify(invalidFiles)}`);
}
