// sets.mjs — the benchmark sets of `npm run bench` (run.mjs): a schema (with the schemas it
// refers to and its dialect), valid instances as JSON text, and invalid ones (each valid instance
// with one member broken). The sets:
// - the bench fixture (/work/shared/bench-fixtures);
// - the package.json files under node_modules (a real corpus nobody here wrote) against a schema of
//   the fields npm documents;
// - SchemaStore's package.json, tsconfig and GitHub-workflow schemas (Apache-2.0, schemastore.org)
//   with real instances: the package.json files, the tsconfig*.json files (comments and trailing
//   commas dropped, as tsc reads them) and the .github/workflows/*.yml files (read with `yaml`) under node_modules. The schemas
//   come from the npm package `schemastore` (its schemas/json/ folder; EMBEDHUB_SCHEMASTORE names
//   another copy of that folder). Without them benchSets() throws: the goals must hold on
//   schemas nobody here tuned for, so a bench without them is not the bench.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

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

/** Files under `dir` (at most `depth` folders down) whose path matches `test`, sorted, at most MAX. */
function filesUnder(dir, test, out = [], depth = 0) {
  if (depth > 5) return out;
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (out.length >= MAX) break;
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'test' && e.name !== 'fixtures') filesUnder(p, test, out, depth + 1);
    else if (e.isFile() && test(p) && statSync(p).size < 200_000) out.push(p);
  }
  return out;
}

/** The member that breaks an instance: a number where the schema wants something else. */
const breakIt = (obj, key) => JSON.stringify({ ...obj, [key]: 12345 });

const tryParse = (text, parse = JSON.parse) => { try { return parse(text); } catch { return undefined; } };

/** JSON with comments and trailing commas (as tsc reads tsconfig files) → JSON text. */
function jsonc(text) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = /"(?:[^"\\\n]|\\.)*"/y;
      end.lastIndex = i;
      const m = end.exec(text);
      if (!m) return text; // not well-formed: JSON.parse says so
      out += m[0];
      i += m[0].length - 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return text;
      i = close + 1;
      out += ' ';
    } else out += c;
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

// ---- SchemaStore ---------------------------------------------------------------------------------
const STORE = process.env.EMBEDHUB_SCHEMASTORE ?? join(root, 'node_modules/schemastore/schemas/json');
const STORE_URI = 'https://json.schemastore.org/';
const DRAFT7 = 'http://json-schema.org/draft-07/schema#';

// embedhub refuses lookaround in `pattern` and `patternProperties` (it runs patterns in linear
// time); two of the schemas have one. Both contenders get the same rewritten schema:
// - package.json's `^(?![\.0-9]).` is exactly `^[^.0-9\n\r\u2028\u2029]` (`.` in u mode is any
//   code point but a line terminator);
// - stylelintrc.json's `^((?!message|severity).)*$` (package.json refers to it for the `stylelint`
//   member) has no short equivalent; it becomes `^[^\n\r\u2028\u2029]*$`, which changes no
//   verdict here because no instance of the corpus has a `stylelint` member (storeSet checks).
const LINE_TERMINATORS = '\\n\\r\\u2028\\u2029';
const REWRITES = new Map([
  ['^(?![\\.0-9]).', { to: `^[^.0-9${LINE_TERMINATORS}]`, exact: true }],
  ['^((?!message|severity).)*$', { to: `^[^${LINE_TERMINATORS}]*$`, exact: false, member: 'stylelint' }],
]);
export const rewritten = [];

function rewritePatterns(x, file) {
  if (!x || typeof x !== 'object') return x;
  if (Array.isArray(x)) return x.map((v) => rewritePatterns(v, file));
  const out = {};
  for (const [k, v] of Object.entries(x)) {
    if (k === 'pattern' && REWRITES.has(v)) {
      out[k] = REWRITES.get(v).to;
      rewritten.push({ file, from: v, ...REWRITES.get(v) });
    } else if (k === 'patternProperties' && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => {
        if (!REWRITES.has(pk)) return [pk, rewritePatterns(pv, file)];
        rewritten.push({ file, from: pk, ...REWRITES.get(pk) });
        return [REWRITES.get(pk).to, rewritePatterns(pv, file)];
      }));
    } else out[k] = rewritePatterns(v, file);
  }
  return out;
}

/** A SchemaStore schema from the folder. Those written for draft-04 (package.json, tsconfig and
 * what they refer to) use none of draft-04's differences from draft-07 but the root's `id`: read
 * as draft-07 with `$id`, by embedhub and ajv alike. */
function storeSchema(file) {
  const path = join(STORE, file);
  if (!existsSync(path)) {
    throw new Error(`bench/sets.mjs: SchemaStore's ${file} is missing (${path}). The real-world sets need SchemaStore's `
      + 'schemas: the devDependency schemastore (npm; its schemas/json/ folder), or EMBEDHUB_SCHEMASTORE=<a copy of that folder>.');
  }
  const { id, $schema, ...rest } = rewritePatterns(JSON.parse(readFileSync(path, 'utf8')), file);
  if (!/draft-0[47]\/schema#?$/.test($schema ?? '')) throw new Error(`bench/sets.mjs: ${file} is ${$schema}, not draft-04 or draft-07`);
  return { $schema: DRAFT7, ...(id ? { $id: id } : {}), ...rest };
}

/** The SchemaStore schemas `schema` refers to, transitively: [{uri, schema}]. */
function storeRefs(schema) {
  const refs = new Map();
  const walk = (x) => {
    if (!x || typeof x !== 'object') return;
    for (const [k, v] of Object.entries(x)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(STORE_URI)) {
        const uri = v.split('#')[0];
        if (!refs.has(uri)) {
          const file = uri.slice(STORE_URI.length);
          refs.set(uri, storeSchema(file.endsWith('.json') ? file : `${file}.json`));
          walk(refs.get(uri));
        }
      } else walk(v);
    }
  };
  walk(schema);
  return [...refs].map(([uri, s]) => ({ uri, schema: s }));
}

/** A set from SchemaStore's `file`, with the instances (values) the schema accepts, each broken
 * at `key` for the invalid ones (those that have it). */
function storeSet(name, file, values, key, accepts) {
  const set = { name, schema: storeSchema(file), dialect: 'draft-07' };
  set.refs = storeRefs(set.schema);
  for (const r of rewritten.filter((x) => !x.exact)) {
    if (values.some((v) => r.member in v)) throw new Error(`bench/sets.mjs: an instance of ${name} has ${r.member}, where ${r.file}'s pattern ${r.from} was simplified`);
  }
  const ok = values.filter((v) => accepts(set, v));
  set.rejected = values.filter((v) => !ok.includes(v)).map((v) => JSON.stringify(v));
  set.name = `${name} ×${ok.length} (of ${values.length} found)`;
  set.valid = ok.map((v) => JSON.stringify(v));
  set.invalid = ok.filter((v) => key in v).map((v) => breakIt(v, key));
  if (!ok.length) throw new Error(`bench/sets.mjs: no instance of ${name} is valid: the corpus or the schema is not what it should be`);
  return set;
}

/** [{name, schema, dialect, refs: [{uri, schema}], valid: [text], invalid: [text], rejected?: [text]}],
 * each set's valid instances being those its schema accepts (accepts(set, value)); `rejected`: the
 * real instances it refused. */
export function benchSets(accepts) {
  const sets = [];
  const fixtures = new URL('../../shared/bench-fixtures/', import.meta.url);
  const fx = (f) => readFileSync(new URL(f, fixtures), 'utf8');
  sets.push({ name: 'bench fixture', schema: JSON.parse(fx('variables-schema.json')), dialect: '2020-12', refs: [],
    valid: [fx('dynamic-variables-valid.json')], invalid: [fx('dynamic-variables-invalid.json')] });

  const nm = join(root, 'node_modules');
  const packages = filesUnder(nm, (p) => p.endsWith('/package.json')).map((f) => tryParse(readFileSync(f, 'utf8'))).filter((v) => v && typeof v === 'object');
  const npmSet = { schema: packageJsonSchema, dialect: '2020-12', refs: [] };
  const npmOk = packages.filter((v) => accepts(npmSet, v));
  sets.push({ ...npmSet, name: `package.json (npm's documented fields) ×${npmOk.length}`, valid: npmOk.map((v) => JSON.stringify(v)),
    invalid: npmOk.map((v) => breakIt(v, 'version')) });

  const tsconfigs = filesUnder(nm, (p) => /\/tsconfig[\w.-]*\.json$/.test(p)).map((f) => tryParse(jsonc(readFileSync(f, 'utf8')))).filter(Boolean);
  const workflows = filesUnder(nm, (p) => /\/\.github\/workflows\/[^/]+\.ya?ml$/.test(p))
    .map((f) => tryParse(readFileSync(f, 'utf8'), parseYaml)).filter((v) => v && typeof v === 'object');
  sets.push(storeSet('SchemaStore package.json', 'package.json', packages, 'version', accepts));
  sets.push(storeSet('SchemaStore tsconfig', 'tsconfig.json', tsconfigs, 'compilerOptions', accepts));
  sets.push(storeSet('SchemaStore github-workflow', 'github-workflow.json', workflows, 'jobs', accepts));
  return sets;
}
