// embed-i18n.test.mjs — <embed-hub> in the user's language, in headless Chromium against the
// real hub server: German grid and dialog, Arabic right to left (the dialog mirrors, focus order
// follows), plural forms for 0, 1 and 2 connected, a validation message in Japanese, switching
// language on a mounted element, the page's <html lang>, English loading no locale module, and
// screenshots of de, ja and ar for review.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { activateViaApi, searchTile, ARTIFACTS, embedReady, openEmbed, startEmbedEnv, stopEmbedEnv } from './browser.mjs';

let s, browser, hubId;
before(async () => ({ s, browser, hubId } = await startEmbedEnv()));
after(() => stopEmbedEnv({ s, browser }));

const shot = (page, name) => page.screenshot({ path: new URL(`embed-${name}.png`, ARTIFACTS).pathname, fullPage: true });
const dialog = (page) => page.locator('embed-hub dialog[open]');

/** The embed for a fresh end user in `lang`, once ready; records the locale modules fetched. */
async function embedIn(user, lang, pageOptions = {}) {
  const { token } = await s.tokenFor('Acme CRM', user);
  const locales = [];
  const before = (page) => page.on('request', (r) => { if (r.url().includes('/src/locales/')) locales.push(new URL(r.url()).pathname); });
  const opened = await openEmbed(browser, s.url, { hubId, userId: user, token, ...(lang ? { lang } : {}) }, { ...pageOptions, before });
  await embedReady(opened.page);
  await opened.page.locator('embed-hub li.tile .badge').first().waitFor();
  return { ...opened, token, locales };
}

test('German: the grid, its numbers and the activation dialog', async () => {
  const { page, problems, locales } = await embedIn('de@acme.test', 'de');
  assert.equal(await page.locator('embed-hub [part=title]').textContent(), 'Integrationen');
  assert.equal(await page.locator('embed-hub [part=count]').textContent(), '0 verbunden');
  assert.match(await page.locator('embed-hub [part=pager] span').textContent(), /^1–12 von \d+$/);
  assert.equal(await page.getByRole('button', { name: 'Demnächst' }).count(), 1);
  assert.equal(await page.locator('embed-hub section').getAttribute('lang'), 'de');
  assert.deepEqual(locales, ['/src/locales/de.mjs']);
  const tile = await searchTile(page, 'Freshdesk');
  assert.equal(await tile.locator('.badge').textContent(), 'Nicht verbunden');
  await tile.getByRole('button', { name: 'Freshdesk: Verbinden' }).click();
  const d = dialog(page);
  await d.getByLabel('Freshdesk-API-Schlüssel').waitFor();
  assert.equal(await d.getByRole('heading', { level: 2 }).textContent(), 'Freshdesk verbinden');
  assert.deepEqual(await d.locator('ol.steps li').allTextContents(), ['Freshdesk', 'Einstellungen']);
  await d.getByRole('button', { name: 'Weiter' }).click();
  assert.equal(await d.locator('.df [role=status]').textContent(), 'Wählen Sie ein Konto oder verbinden Sie ein neues.');
  await shot(page, 'de-dialog');
  await d.getByRole('button', { name: 'Abbrechen' }).click();
  await page.getByRole('button', { name: 'Suche löschen' }).count();
  await shot(page, 'de-grid');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('Arabic: right to left; the dialog mirrors and the focus order follows the reading order', async () => {
  const { page, problems } = await embedIn('ar@acme.test', 'ar', { viewport: { width: 1080, height: 800 } });
  assert.equal(await page.locator('embed-hub section').getAttribute('dir'), 'rtl');
  assert.equal(await page.locator('embed-hub [part=title]').textContent(), 'التكاملات');
  // The title sits right of the search box in a right-to-left header.
  const title = await page.locator('embed-hub [part=title]').boundingBox();
  const search = await page.getByRole('searchbox').boundingBox();
  assert.ok(title.x > search.x, 'the heading is on the right');
  await shot(page, 'ar-grid');

  const tile = await searchTile(page, 'Freshdesk');
  await tile.getByRole('button').click();
  const d = dialog(page);
  const key = d.locator('input[type=password]');
  await key.waitFor();
  assert.equal(await d.getAttribute('dir'), 'rtl');
  const close = await d.getByRole('button', { name: 'إغلاق' }).boundingBox();
  const heading = await d.getByRole('heading', { level: 2 }).boundingBox();
  assert.ok(close.x < heading.x, 'the close button is on the left');
  // Focus starts at the key and Tab moves right to left: the key, Show, then Connect.
  assert.equal(await page.evaluate(() => document.querySelector('embed-hub').shadowRoot.activeElement.type), 'password');
  const order = [];
  for (let i = 0; i < 3; i++) {
    order.push(await page.evaluate(() => {
      const a = document.querySelector('embed-hub').shadowRoot.activeElement;
      return { text: a.textContent || a.type, x: a.getBoundingClientRect().x };
    }));
    await page.keyboard.press('Tab');
  }
  assert.deepEqual(order.map((o) => o.text), ['password', 'إظهار', 'ربط']);
  assert.ok(order[0].x > order[1].x && order[1].x > order[2].x, `right to left: ${JSON.stringify(order)}`);
  const cancel = await d.getByRole('button', { name: 'إلغاء' }).boundingBox();
  const next = await d.getByRole('button', { name: 'متابعة' }).boundingBox();
  assert.ok(next.x < cancel.x, 'the primary button ends the footer on the left');
  await shot(page, 'ar-dialog');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('plural forms: 0, 1 and 2 connected in Arabic (three different words) and English', async () => {
  const user = 'plural@acme.test';
  const { page, problems, token } = await embedIn(user, 'ar');
  const count = () => page.locator('embed-hub [part=count]').textContent();
  assert.equal(await count(), 'لا شيء متصل');
  await activateViaApi(s, hubId, user, token, 'Airtable');
  await page.locator('embed-hub').evaluate((el) => el.refresh());
  await page.locator('embed-hub [part=count]', { hasText: 'تكامل واحد متصل' }).waitFor();
  await activateViaApi(s, hubId, user, token, 'Linear');
  await page.locator('embed-hub').evaluate((el) => el.refresh());
  await page.locator('embed-hub [part=count]', { hasText: 'تكاملان متصلان' }).waitFor();
  await page.locator('embed-hub').evaluate((el) => el.setAttribute('lang', 'en'));
  await page.locator('embed-hub [part=count]', { hasText: '2 connected' }).waitFor();
  assert.equal(await page.locator('embed-hub section').getAttribute('dir'), 'ltr');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('Japanese: a validation message from the core error’s keyword, in the user’s language', async () => {
  const { page, problems } = await embedIn('ja@acme.test', 'ja');
  const tile = await searchTile(page, 'Freshdesk');
  await tile.getByRole('button', { name: 'Freshdesk を接続' }).click();
  const d = dialog(page);
  await d.locator('input[type=password]').fill('fd-key-1');
  await d.getByRole('button', { name: '接続', exact: true }).click();
  await d.getByText('Freshdesk を接続しました。').waitFor();
  await d.getByRole('button', { name: '次へ' }).click();
  const host = d.getByLabel('Account subdomain');
  await host.fill('not a host!');
  await host.blur();
  await d.locator('[data-key=subdomain] .err').getByText('有効なホスト名を入力してください。').waitFor();
  assert.equal(await host.getAttribute('aria-invalid'), 'true');
  await d.getByRole('button', { name: '有効にする' }).click();
  assert.equal(await d.locator('.df [role=status]').textContent(), '強調表示された項目を修正してください。');
  await shot(page, 'ja-dialog');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('the language follows the attribute on a mounted element, else <html lang>; English loads no locale', async () => {
  const { page, problems, locales } = await embedIn('switch@acme.test', undefined);
  assert.equal(await page.locator('embed-hub [part=title]').textContent(), 'Integrations');
  assert.deepEqual(locales, [], 'an English page fetches no locale module');
  await page.getByRole('searchbox').fill('zoho');
  await page.locator('embed-hub li.tile h3', { hasText: 'Zoho CRM' }).waitFor();
  await page.locator('embed-hub').evaluate((el) => el.setAttribute('lang', 'fr'));
  await page.locator('embed-hub [part=title]', { hasText: 'Intégrations' }).waitFor();
  assert.equal(await page.getByRole('searchbox').inputValue(), 'zoho', 'the search is kept');
  assert.equal(await page.getByRole('searchbox').getAttribute('aria-label'), 'Rechercher des intégrations');
  // Without lang or locale, the host page's language.
  await page.locator('embed-hub').evaluate((el) => { el.removeAttribute('lang'); document.documentElement.lang = 'pt-BR'; el.configure({}); });
  await page.locator('embed-hub [part=title]', { hasText: 'Integrações' }).waitFor();
  assert.deepEqual(locales, ['/src/locales/fr.mjs', '/src/locales/pt-BR.mjs']);
  assert.deepEqual(problems, []);
  await page.context().close();
});
