// embed-axe.test.mjs — an axe-core audit (WCAG 2.2 A and AA) of <embed-hub> in headless
// Chromium: the grid, the activation dialog, the settings form showing errors, the manage dialog
// and its edit-settings screen, in light and dark, left to right (en) and right to left (ar); and of the demo page
// around it, dark, on a 360 px phone (its status line's contrast, its header's width).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import { startServer } from '../server/helpers.mjs';
import { activateViaApi, searchTile, embedReady, launch, openEmbed, stopEmbedEnv } from './browser.mjs';

let s, browser, hubId;
before(async () => {
  s = await startServer();
  hubId = s.hubs['Acme CRM'].id;
  browser = await launch();
});
after(() => stopEmbedEnv({ s, browser }));

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The violations on the page, as "rule: target (summary)" lines. */
async function violations(page) {
  const { violations: found } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return found.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${n.failureSummary.split('\n')[1]?.trim()})`));
}

const dialog = (page) => page.locator('embed-hub dialog[open]');

for (const lang of ['en', 'ar']) {
  for (const colorScheme of ['light', 'dark']) {
    test(`no WCAG 2.2 A/AA violations: grid, dialog, form with errors, manage, edit settings (${lang}, ${colorScheme})`, async () => {
      const user = `axe-${lang}-${colorScheme}@acme.test`;
      const { token } = await s.tokenFor('Acme CRM', user);
      await activateViaApi(s, hubId, user, token, 'Stripe', { dynamicVariables: { currency: 'EUR', salesAccount: '4000', webhookSecret: 'whsec-0123456789-abcdef' } });
      const { page, problems } = await openEmbed(browser, s.url, { hubId, userId: user, token, lang }, { colorScheme });
      await embedReady(page);
      await page.locator('embed-hub li.tile .badge').first().waitFor();
      const found = { grid: await violations(page) };

      await (await searchTile(page, 'Freshdesk')).getByRole('button').click();
      const d = dialog(page);
      await d.locator('input[type=password]').waitFor();
      found.dialog = await violations(page);

      await d.locator('input[type=password]').fill('fd-key-1');
      await d.locator('.newconn .btn.primary').click();
      await d.locator('.df .msg[data-kind=ok]').waitFor();
      await d.locator('.df .btn.primary').click();
      await d.locator('[data-key=subdomain] input').waitFor();
      await d.locator('[data-key=subdomain] input').fill('not a host!');
      await d.locator('[data-key="escalation.afterHours"] input').fill('500');
      await d.locator('.df .btn.primary').click();
      await d.locator('[data-key=subdomain] .err:not(:empty)').waitFor();
      found.formWithErrors = await violations(page);
      await page.keyboard.press('Escape');
      await d.waitFor({ state: 'detached' });

      await (await searchTile(page, 'Stripe')).getByRole('button').click();
      await d.locator('.conns').waitFor();
      found.manage = await violations(page);
      await d.locator('.db > p > .btn').click();
      await d.locator('[data-key=salesAccount] input').fill('x');
      await d.locator('.df .btn.primary').click();
      await d.locator('[data-key=salesAccount] .err:not(:empty)').waitFor();
      found.editSettings = await violations(page);

      assert.deepEqual(found, { grid: [], dialog: [], formWithErrors: [], manage: [], editSettings: [] });
      assert.deepEqual(problems, []);
      await page.context().close();
    });
  }
}

test('the demo page, dark, on a 360 px phone: no violations, and its header fits', async () => {
  const { token } = await s.tokenFor('Acme CRM', 'alice@acme.test');
  const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${s.url}/demo/#token=${token}`);
  await page.locator('embed-hub li.tile .badge').first().waitFor({ timeout: 20_000 });
  await page.locator('#status[data-state=ok]').waitFor();
  assert.deepEqual(await violations(page), []);
  await page.fill('#json', '{"a": tru}');
  await page.locator('#status[data-state=error]').waitFor();
  assert.deepEqual(await violations(page), [], 'the error status too');
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, header: document.querySelector('.bar').scrollWidth }));
  assert.ok(widths.page <= 360 && widths.header <= 360, `nothing wider than the screen: ${JSON.stringify(widths)}`);
  await context.close();
});
