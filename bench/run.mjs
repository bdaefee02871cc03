// run.mjs — `npm run bench`: embedhub against ajv and @cfworker/json-schema in one Node process,
// alternating rounds, medians; prints every figure and its ratio. Never part of `npm test`.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { Validator as CfValidator } from '@cfworker/json-schema';
import { build } from 'esbuild';
import { load } from '../web/src/node.mjs';
import { ROUNDS, ROUND_MS, fmt, line, median, race, timeMs } from './measure.mjs';
import { realWorld } from './real-world.mjs';
import { goal, printGoals } from './goals.mjs';
import { BUNDLE, bundle as embedBundle } from '../scripts/bundle.mjs';

const shared = new URL('../../shared/bench-fixtures/', import.meta.url);
const fixture = (name) => readFileSync(new URL(name, shared), 'utf8');
const schema = JSON.parse(fixture('variables-schema.json'));
const validText = fixture('dynamic-variables-valid.json');
const invalidText = fixture('dynamic-variables-invalid.json');

const newAjv = (allErrors = false) => { const ajv = new Ajv2020({ allErrors, strict: false }); addFormats(ajv); return ajv; };

const hub = await load();
console.log(`embedhub bench — Node ${process.version}, ${ROUNDS} alternating rounds of ${ROUND_MS} ms, medians\n`);

// ---- JSON Schema validation ------------------------------------------------------------------
{
  // ajv-formats and @cfworker check `format`; so does embedhub here (its default, as 2020-12
  // says, only annotates), or the race would compare different work.
  const eh = hub.compile(schema, { formats: 'assert' });
  const ehAll = hub.compile(schema, { formats: 'assert', mode: 'all' });
  const ajvValidate = newAjv().compile(schema);
  const ajvAll = newAjv(true).compile(schema);
  const cf = new CfValidator(schema, '2020-12', true);
  const validObj = JSON.parse(validText);
  const invalidObj = JSON.parse(invalidText);

  // The contenders must agree before their speed means anything.
  const verdicts = {
    embedhub: [eh.validateJson(validText).valid, eh.validateJson(invalidText).valid],
    ajv: [ajvValidate(validObj), ajvValidate(invalidObj)],
    cfworker: [cf.validate(validObj).valid, cf.validate(invalidObj).valid],
  };
  for (const [name, v] of Object.entries(verdicts)) {
    if (v[0] !== true || v[1] !== false) throw new Error(`${name} disagrees on the fixtures: ${v}`);
  }

  for (const [label, text, obj] of [['valid instance', validText, validObj], ['invalid instance', invalidText, invalidObj]]) {
    console.log(`validation, ${label} (${text.length} bytes), first-error mode — validations/s`);
    const r = race({
      'embedhub (JSON text)': () => eh.validateJson(text),
      'embedhub (object: binary encoding + validate)': () => eh.validate(obj),
      'ajv (object)': () => ajvValidate(obj),
      'ajv (JSON text: JSON.parse + validate)': () => ajvValidate(JSON.parse(text)),
      '@cfworker/json-schema (JSON text)': () => cf.validate(JSON.parse(text)),
    });
    for (const [k, v] of Object.entries(r)) line(k, `${fmt(v, 0).padStart(12)}/s  ${fmt(1e6 / v)} µs`);
    const base = r['ajv (JSON text: JSON.parse + validate)'];
    line('ratio embedhub text / ajv text', `${fmt(r['embedhub (JSON text)'] / base)}×`);
    line('ratio embedhub text / ajv object', `${fmt(r['embedhub (JSON text)'] / r['ajv (object)'])}×`);
    line('ratio embedhub object / ajv object', `${fmt(r['embedhub (object: binary encoding + validate)'] / r['ajv (object)'])}×`);
    line('ratio embedhub text / @cfworker text', `${fmt(r['embedhub (JSON text)'] / r['@cfworker/json-schema (JSON text)'])}×`);
    console.log();
  }

  console.log('validation, invalid instance, all-errors mode — validations/s');
  const r = race({
    'embedhub (JSON text)': () => ehAll.validateJson(invalidText),
    'ajv allErrors (JSON text)': () => ajvAll(JSON.parse(invalidText)),
  });
  for (const [k, v] of Object.entries(r)) line(k, `${fmt(v, 0).padStart(12)}/s  ${fmt(1e6 / v)} µs`);
  line('ratio embedhub / ajv', `${fmt(r['embedhub (JSON text)'] / r['ajv allErrors (JSON text)'])}×`);
  console.log();
  eh.free();
  ehAll.free();
}

// ---- compile time ------------------------------------------------------------------------------
{
  console.log('schema compile time (the fixture schema) — median ms');
  const text = JSON.stringify(schema);
  // A new hub's first compile also compiles the meta-schema: the median over 15 new hubs.
  const firsts = [];
  for (let i = 0; i < 15; i++) {
    const fresh = await load();
    const t0 = performance.now();
    fresh.compile(text, { formats: 'assert' }).free();
    firsts.push(performance.now() - t0);
  }
  const ehCold = median(firsts);
  const ehWarm = timeMs(() => hub.compile(text, { formats: 'assert' }).free(), 200);
  const ajvCold = timeMs(() => newAjv().compile(schema), 30);
  const cfCold = timeMs(() => new CfValidator(schema, '2020-12', true).validate(JSON.parse(validText)), 30);
  line('embedhub, first compile in a new hub (median of 15 hubs)', `${fmt(ehCold, 3)} ms`);
  line('embedhub, compile', `${fmt(ehWarm, 3)} ms`);
  line('ajv, cold compile (new Ajv2020 + ajv-formats)', `${fmt(ajvCold, 3)} ms`);
  line('@cfworker/json-schema, construct + first validate', `${fmt(cfCold, 3)} ms`);
  line('ratio ajv cold / embedhub compile', `${fmt(ajvCold / ehWarm, 1)}×`);
  line('ratio ajv cold / embedhub first compile in a new hub', `${fmt(ajvCold / ehCold, 1)}×`);
  console.log();
}

// ---- linear-time patterns ----------------------------------------------------------------------
{
  console.log("pathological pattern ^(a+)+$ against 'a'×n + '!'");
  const v = hub.compile({ type: 'string', pattern: '^(a+)+$' });
  const subject = 'a'.repeat(30_000) + '!';
  const ms = timeMs(() => v.validate(subject), 5);
  line('embedhub, n = 30 000', `${fmt(ms, 3)} ms  (valid: ${v.validate(subject).valid})`);
  v.free();
  const re = /^(a+)+$/; // V8's backtracking engine, as ajv uses it
  let last = 0;
  for (const n of [16, 18, 20, 22, 24]) {
    const s = 'a'.repeat(n) + '!';
    last = timeMs(() => re.test(s), 3);
    line(`backtracking RegExp (V8), n = ${n}`, `${fmt(last, 3)} ms`);
  }
  // ×2 per extra 'a' overflows a double long before n = 30 000: extrapolate in logarithms.
  const log10Years = Math.log10(last / 3.15576e10) + (30_000 - 24) * Math.log10(2);
  line('backtracking RegExp, n = 30 000 (extrapolated ×2 per a)', `~10^${Math.round(log10Years)} years`);
  console.log();
}

// ---- domain: activation checks and paging ----------------------------------------------------------
{
  // A realistic activation: the bench fixture's variablesSchema, two templates, the user's
  // connections (one per template plus unrelated ones), the fixture's valid variables.
  const conn = (i, connector) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, tenant_id: 'u-1', environment_integration_id: connector,
    authentication_method: 'oauth2', context: {}, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
    is_sandbox: false, last_action_result: null, last_error: null, region: 'eu', status: 'active',
  });
  const connections = [conn(1, 'c-crm'), conn(2, 'c-mail'), ...Array.from({ length: 8 }, (_, i) => conn(10 + i, `c-other-${i}`))];
  const integration = {
    id: 'int-1', name: 'ACME CRM', imageUrl: '/icons/acme.svg', description: 'Sync contacts', isDeployed: true,
    isActivated: false, variablesSchema: schema,
    connectionTemplates: [
      { id: 't-crm', name: 'ACME CRM', connectorId: 'c-crm', authenticationMethod: 'oauth2', writes: true },
      { id: 't-mail', name: 'Mail', connectorId: 'c-mail', authenticationMethod: 'oauth2' },
    ],
  };
  const payload = {
    userId: 'ext-1', integrationId: 'int-1', dynamicVariables: JSON.parse(validText),
    connections: [{ templateId: 't-crm', connectionId: connections[0].id }, { templateId: 't-mail', connectionId: connections[1].id }],
  };
  const context = { user: { id: 'u-1', externalId: 'ext-1' } };
  if (!hub.validateActivation(payload, integration, connections, context).valid) throw new Error('the bench activation must be valid');
  const items = Array.from({ length: 10_000 }, (_, i) => ({
    id: `int-${i}`, name: `Integration ${String((i * 7919) % 10_000).padStart(5, '0')}`, imageUrl: `/icons/${i}.svg`,
    description: 'Keeps records in sync between the two products.', isDeployed: i % 5 !== 0, isActivated: i % 7 === 0,
  }));
  const itemsText = JSON.stringify(items);
  const key = new Uint8Array(16);
  const next = hub.page(itemsText, { first: 20, deployed: true }, key).next;
  console.log('domain core — operations/s');
  const ajvVars = newAjv().compile(schema);
  const r = race({
    'validateActivation (fixture schema, 2 templates, 10 connections)': () => hub.validateActivation(payload, integration, connections, context),
    'ajv validating the same dynamicVariables alone (object)': () => ajvVars(payload.dynamicVariables),
    'page of 20 from 10 000 integrations (JSON text in)': () => hub.page(itemsText, { first: 20, deployed: true, after: next }, key),
  });
  for (const [k, v] of Object.entries(r)) line(k, `${fmt(v, 0).padStart(12)}/s  ${fmt(1e6 / v)} µs`);
  goal('validateActivation ≥ 0.5× ajv validating its dynamicVariables alone',
    r['validateActivation (fixture schema, 2 templates, 10 connections)'] / r['ajv validating the same dynamicVariables alone (object)'], 0.5, '×');
  console.log();
}

// ---- real-world sets: text, object, first error, all errors (real-world.mjs) -----------------------
realWorld(hub);

// ---- size ----------------------------------------------------------------------------------------
{
  console.log('size, gzip -9 — bytes');
  const gz = (buf) => gzipSync(buf, { level: 9 }).length;
  const dist = (f) => readFileSync(new URL(`../web/dist/${f}`, import.meta.url));
  const glue = gz(dist('embedhub-core.mjs'));
  const wasm = gz(dist('embedhub-core.wasm'));
  const bundle = async (contents) => (await build({
    stdin: { contents, resolveDir: new URL('.', import.meta.url).pathname, loader: 'js' },
    bundle: true, minify: true, format: 'esm', write: false, platform: 'browser', logLevel: 'silent',
  })).outputFiles[0].contents;
  const ajvSize = gz(await bundle("export { Ajv2020 } from 'ajv/dist/2020.js'; export { default as addFormats } from 'ajv-formats';"));
  const cfSize = gz(await bundle("export { Validator } from '@cfworker/json-schema';"));
  line('embedhub core glue (embedhub-core.mjs)', fmt(glue, 0));
  line('embedhub core wasm (embedhub-core.wasm)', fmt(wasm, 0));
  line('embedhub core, glue + wasm', fmt(glue + wasm, 0));
  line('ajv + ajv-formats, esbuild-minified', fmt(ajvSize, 0));
  line('@cfworker/json-schema, esbuild-minified', fmt(cfSize, 0));
  line('ratio embedhub / ajv+formats', `${fmt((glue + wasm) / ajvSize)}×`);
  goal('core (glue + wasm) ≤ 50 KB gzip, on the way to 40 KB', (glue + wasm) / 1024, 50, ' KB', 'max');
  // The whole embed as a page loads it: the single-file bundle (scripts/bundle.mjs, made here from
  // the current sources) and the .wasm; the locales are lazy chunks, not counted.
  const embed = (await embedBundle({ write: false })).outputFiles.find((f) => f.path.endsWith(`/${BUNDLE}`));
  const embedJs = gz(embed.contents);
  line(`embed bundle (${BUNDLE}: element, client, loader, glue), minified`, fmt(embedJs, 0));
  line('whole embed: bundle + wasm', fmt(embedJs + wasm, 0));
  goal('whole embed (bundle + wasm) ≤ 75 KB gzip, on the way to 60 KB', (embedJs + wasm) / 1024, 75, ' KB', 'max');
  console.log();
}

printGoals();
