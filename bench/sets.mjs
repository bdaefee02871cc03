// sets.mjs — the benchmark sets of `npm run bench` (run.mjs): a schema, valid instances as JSON
// text, and invalid ones (each valid instance with one member broken). The bench fixture, the
// package.json files under node_modules (a real corpus nobody here wrote) against a schema of the
// fields npm documents, and — when someone has put them in bench/data/schemastore/ with their
// Apache-2.0 licence — SchemaStore's schemas with instances in bench/data/schemastore/<name>/.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const MAX = Number(process.env.BENCH_SET_MAX ?? 400);

// package.json: the fields npm documents (docs.npmjs.com/cli/configuring-npm/package-json).
const packageJsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', maxLength: 214, pattern: '^(?:@[a-z0-9-*~][a-z0-9-*._~]*/)?[a-z0-9-~][a-z0-9-._~]*$' },
    version: { type: 'string', pattern: '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$' },
    description: { type: 'string' },
    keywords: { type: 'array', items: { type: 'string' } },
    homepage: { type: 'string', format: 'uri-reference' },
    bugs: { anyOf: [{ type: 'string' }, { type: 'object', properties: { url: { type: 'string' }, email: { type: 'string' } } }] },
    license: { type: 'string' },
    author: { $ref: '#/$defs/person' },
    contributors: { type: 'array', items: { $ref: '#/$defs/person' } },
    maintainers: { type: 'array', items: { $ref: '#/$defs/person' } },
    funding: { anyOf: [{ type: 'string' }, { type: 'object' }, { type: 'array' }] },
    files: { type: 'array', items: { type: 'string' } },
    main: { type: 'string' },
    type: { enum: ['commonjs', 'module'] },
    bin: { anyOf: [{ type: 'string' }, { $ref: '#/$defs/stringMap' }] },
    repository: {
      anyOf: [{ type: 'string' },
        { type: 'object', required: ['url'], properties: { type: { type: 'string' }, url: { type: 'string' }, directory: { type: 'string' } } }],
    },
    scripts: { $ref: '#/$defs/stringMap' },
    engines: { $ref: '#/$defs/stringMap' },
    dependencies: { $ref: '#/$defs/dependencyMap' },
    devDependencies: { $ref: '#/$defs/dependencyMap' },
    peerDependencies: { $ref: '#/$defs/dependencyMap' },
    optionalDependencies: { $ref: '#/$defs/dependencyMap' },
    private: { type: 'boolean' },
    publishConfig: { type: 'object' },
    exports: { anyOf: [{ type: 'string' }, { type: 'object' }, { type: 'array' }, { type: 'null' }] },
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

function packageJsonFiles(dir, out, depth = 0) {
  if (out.length >= MAX || depth > 4) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'test' && e.name !== 'fixtures') packageJsonFiles(p, out, depth + 1);
    else if (e.name === 'package.json' && statSync(p).size < 200_000) out.push(p);
    if (out.length >= MAX) break;
  }
  return out;
}

/** The member that breaks an instance: a number where the schema wants a string (or the root). */
const breakIt = (obj, key) => JSON.stringify({ ...obj, [key]: 12345 });

/** [{name, schema, valid: [text], invalid: [text]}] — instances each set's schema accepts. */
export function benchSets(accepts) {
  const sets = [];
  const fixtures = new URL('../../shared/bench-fixtures/', import.meta.url);
  const fx = (f) => readFileSync(new URL(f, fixtures), 'utf8');
  sets.push({ name: 'bench fixture', schema: JSON.parse(fx('variables-schema.json')),
    valid: [fx('dynamic-variables-valid.json')], invalid: [fx('dynamic-variables-invalid.json')] });

  const texts = packageJsonFiles(join(root, 'node_modules'), []).map((f) => readFileSync(f, 'utf8'))
    .filter((t) => { try { return accepts(packageJsonSchema, JSON.parse(t)); } catch { return false; } });
  sets.push({ name: `package.json ×${texts.length}`, schema: packageJsonSchema, valid: texts,
    invalid: texts.map((t) => breakIt(JSON.parse(t), 'version')) });

  const store = join(root, 'bench/data/schemastore');
  if (existsSync(store)) {
    for (const f of readdirSync(store).filter((n) => n.endsWith('.json'))) {
      const schema = JSON.parse(readFileSync(join(store, f), 'utf8'));
      const dir = join(store, f.replace(/\.json$/, ''));
      const valid = existsSync(dir) ? readdirSync(dir).map((n) => readFileSync(join(dir, n), 'utf8'))
        .filter((t) => accepts(schema, JSON.parse(t))) : [];
      if (valid.length) sets.push({ name: `SchemaStore ${f} ×${valid.length}`, schema, valid, invalid: [] });
    }
  }
  return sets;
}
