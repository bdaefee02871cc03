// ui-locale.test.mjs — the embed's languages (web/src/messages.mjs, web/src/locales/): every
// locale complete with the same placeholders as English, picking a locale, plural forms by
// Intl.PluralRules, numbers and lists by Intl, and validation messages built from an error's
// keyword and parameters in the user's language.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCALES, dirOf, en, loadMessages, pickLocale, translator } from '../../web/src/messages.mjs';
import { messageFor } from '../../web/src/form.mjs';

const placeholders = (v) => new Set([...(typeof v === 'string' ? [v] : Object.values(v)).join(' ').matchAll(/\{(\w+)\}/g)].map((m) => m[1]));

test('every locale has every string, with the placeholders the English one fills in', async () => {
  assert.deepEqual(LOCALES, ['en', 'de', 'fr', 'es', 'ja', 'pt-BR', 'ar']);
  for (const locale of LOCALES.slice(1)) {
    const table = await loadMessages(locale);
    assert.deepEqual(Object.keys(table).sort(), Object.keys(en).sort(), `${locale}: the same keys as en`);
    for (const [key, value] of Object.entries(table)) {
      const want = placeholders(en[key]);
      const got = placeholders(value);
      // A plural form may say the number in words ("one integration") and leave {count} out.
      for (const p of got) assert.ok(want.has(p), `${locale}.${key}: {${p}} is not a parameter`);
      if (typeof value === 'string') for (const p of want) assert.ok(got.has(p), `${locale}.${key} drops {${p}}`);
      else assert.ok(typeof value.other === 'string', `${locale}.${key} has an "other" form`);
      for (const form of typeof value === 'string' ? [value] : Object.values(value)) assert.ok(form.trim().length > 0, `${locale}.${key} is empty`);
    }
  }
});

test('the locale: an exact tag, else the language, else English; only Arabic is right to left', () => {
  assert.equal(pickLocale(['pt-BR']), 'pt-BR');
  assert.equal(pickLocale(['pt-PT']), 'pt-BR');
  assert.equal(pickLocale(['de-AT', 'fr']), 'de');
  assert.equal(pickLocale([undefined, '', 'xx', 'ja-JP']), 'ja');
  assert.equal(pickLocale(['zh-CN', 'ko']), 'en');
  assert.equal(pickLocale([]), 'en');
  assert.deepEqual(LOCALES.map(dirOf), ['ltr', 'ltr', 'ltr', 'ltr', 'ltr', 'ltr', 'rtl']);
});

test('plural forms follow Intl.PluralRules: Arabic has six, English two, Japanese one', async () => {
  const ar = translator('ar', {}, await loadMessages('ar'));
  const forms = [0, 1, 2, 3, 11, 100].map((count) => ar('connectedCount', { count }));
  assert.equal(new Set(forms).size, 6, forms.join(' | '));
  assert.equal(forms[0], 'لا شيء متصل');
  assert.equal(forms[2], 'تكاملان متصلان');
  const t = translator(undefined);
  assert.deepEqual([0, 1, 2].map((count) => t('loaded', { count })), ['0 integrations', '1 integration', '2 integrations']);
  const ja = translator('ja', {}, await loadMessages('ja'));
  assert.deepEqual([1, 2].map((count) => ja('loaded', { count })), ['1 件の連携', '2 件の連携']);
  // A host's override may be plural forms too, with exact matches first.
  const host = translator('en', { connectedCount: { '=0': 'Nothing connected yet', one: 'One connected', other: '{count} connected' } });
  assert.deepEqual([0, 1, 5].map((count) => host('connectedCount', { count })), ['Nothing connected yet', 'One connected', '5 connected']);
});

test('numbers, lists and dates are formatted for the locale; plain English keeps plain digits', async () => {
  const de = translator('de', {}, await loadMessages('de'));
  assert.equal(de('pageRange', { from: 1, to: 12, total: 1234 }), '1–12 von 1.234');
  assert.equal(de('v_enum', { list: ['a', 'b', 'c'] }), 'Wählen Sie a, b oder c.');
  assert.equal(de.date('2026-03-05T12:00:00Z'), '05.03.2026');
  assert.equal(translator(undefined)('pageRange', { from: 1, to: 12, total: 1234 }), '1–12 of 1234');
  assert.equal(translator('en-US')('pageRange', { from: 1, to: 12, total: 1234 }), '1–12 of 1,234');
  assert.equal(translator(undefined)('no_such_key'), 'no_such_key', 'a missing string shows its key');
});

test('validation messages come from the keyword and parameters, never from the English text', async () => {
  const ja = translator('ja', {}, await loadMessages('ja'));
  const field = { constraints: { maxLength: 8, format: 'email', minimum: 1 } };
  const e = (keyword, extra = {}) => ({ keyword, instancePath: '/x', message: 'ENGLISH', ...extra });
  assert.equal(messageFor(ja, e('maxLength'), field), '8 文字以内で入力してください。');
  assert.equal(messageFor(ja, e('maxLength', { params: { limit: 3 } }), field), '3 文字以内で入力してください。', 'params win over the constraints');
  assert.equal(messageFor(ja, e('format'), field), '有効なメールアドレスを入力してください。');
  assert.equal(messageFor(ja, e('required', { property: 'x' }), field), 'この項目は必須です。');
  assert.equal(messageFor(ja, e('enum', { params: { allowedValues: ['a', 1] } }), field), 'いずれかを選んでください: aまたは1');
  assert.equal(messageFor(ja, e('minProperties'), field), 'この値は無効です。', 'an unknown keyword: a generic message, not the English');
  const t = translator(undefined);
  assert.equal(messageFor(t, e('minLength', { params: { limit: 1 } }), field), 'Must be at least 1 character.');
  assert.equal(messageFor(t, e('minProperties'), field), 'ENGLISH', 'English pages keep the core’s sentence as the fallback');
});
