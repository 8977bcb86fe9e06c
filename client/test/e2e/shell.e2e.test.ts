// The shell as a card holder meets it on a phone (390 × 844), against the real server in headless
// Chromium, one server start for the file: a new person from registration through onboarding to
// a filled dashboard, the bottom navigation by keyboard, an offline withdrawal's 「已同步」, and
// every screen at phone and desktop size in both languages (screenshots under
// client/test-results/screenshots, axe-core with no serious or critical violation on each).
import type { Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, readIdb, recordFailure, screenshot, startServer, unavailableReason, until, type Browser, type RunningServer } from './harness';

const skip = unavailableReason();
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

async function setLanguage(page: Page, lang: 'zh-CN' | 'en') {
  const current = await page.evaluate(() => document.documentElement.lang);
  if (current !== lang) await page.locator('.lang-switch').click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** What axe-core finds serious or critical on the page as it is now. */
async function seriousViolations(page: Page, name: string): Promise<string[]> {
  const audit = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(audit.passes.length).toBeGreaterThan(10); // the rules really ran
  return audit.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${name}: ${v.id} ×${v.nodes.length} e.g. ${String(v.nodes[0]?.target)}`);
}

describe.skipIf(skip != null)('the shell on a phone, against the server', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  let taps = 0;
  const tap = async (locator: ReturnType<Page['locator']>) => {
    taps++;
    await locator.click();
  };

  beforeAll(async () => {
    server = await startServer();
    base = server.url;
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setViewportSize(PHONE);
  }, 240_000);

  afterEach(async (context) => {
    await recordFailure(context, browser);
    await browser?.context.setOffline(false);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a new person registers, goes through onboarding, links a card and sees a filled dashboard', async () => {
    const phone = `136${String(Date.now()).slice(-8)}`;
    await page.goto(`${base}/register`);
    await page.getByLabel(/手机号|Phone number/).first().fill(phone);
    await page.getByRole('button', { name: /获取验证码|Send code/ }).click();
    const hint = page.locator('[data-testid=dev-code]');
    await hint.waitFor();
    const code = /(\d{4,8})/.exec((await hint.textContent()) ?? '')?.[1] ?? '';
    await page.getByLabel(/短信验证码|SMS code/).fill(code);
    await page.getByLabel(/设置密码|Choose a password/).fill('Shell-e2e-2026!');
    // Whatever agreement boxes registration asks for, the person ticks them.
    for (const box of await page.locator('main form input[type=checkbox]').all()) await box.check();
    await page.getByRole('button', { name: /^(注册|Register)$/ }).click();
    await page.waitForURL(/\/welcome$/);

    // Step 1: what the service needs and why; the continue button after it.
    await page.locator('#onboarding-step').waitFor();
    await screenshot(page, 'onboarding-1.phone.zh-CN');
    await tap(page.getByRole('button', { name: /^(下一步|Next)$/ }));

    // Step 2: each sensitive category on one screen, each its own unticked box.
    const sensitive = page.locator('[data-testid=onboarding-sensitive] input[type=checkbox]');
    await sensitive.first().waitFor();
    const boxes = await sensitive.all();
    expect(boxes.length).toBeGreaterThanOrEqual(4);
    for (const box of boxes) expect(await box.isChecked()).toBe(false);
    await screenshot(page, 'onboarding-2.phone.zh-CN');
    for (const label of ['insurance.contributions', 'insurance.balance', 'medical.records']) await tap(page.locator(`#ob-s-${label.replace('.', '\\.')}`));
    await tap(page.getByRole('button', { name: /^(下一步|Next)$/ }));

    // Step 3: the optional purposes last, then one confirmation for everything chosen.
    await page.locator('[data-testid=onboarding-optional]').waitFor();
    for (const box of await page.locator('[data-testid=onboarding-optional] input[type=checkbox]').all()) expect(await box.isChecked()).toBe(false);
    await tap(page.locator('#ob-p-LOCAL_CACHE'));
    await screenshot(page, 'onboarding-3.phone.zh-CN');
    const grants: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql') && r.method() === 'POST' && /GrantConsent/.test(r.postData() ?? '')) grants.push(JSON.parse(r.postData()!).operationName as string);
    });
    await tap(page.getByTestId('onboarding-finish'));
    // Headless Chromium may offer installing first; either way the next tap is the card.
    await page.waitForURL(/\/(welcome|link-card)$/);
    if (page.url().endsWith('/welcome')) {
      await page.getByRole('button', { name: /绑定社保卡|link your card/ }).waitFor();
      await screenshot(page, 'onboarding-done.phone.zh-CN');
      await tap(page.getByRole('button', { name: /绑定社保卡|link your card/ }));
      await page.waitForURL(/\/link-card$/);
    }
    // The choices went to the server in one round trip.
    expect(grants).toEqual(['GrantConsents']);

    // A DEMO… card: the simulator gives it a working history (about one random card in 27 has none
    // yet); DEMO9… is never the demo person's DEMO00001.
    await page.getByLabel(/社保卡号|Card number/).fill(`DEMO9${String(Date.now()).slice(-4)}`);
    await page.getByLabel(/社保查询密码|Card query password/).fill('123456');
    await tap(page.getByRole('button', { name: /^(绑定|Link card)$/ }));
    await page.waitForURL(`${base}/`);
    // A filled dashboard: participation, balances, both charts; nothing withheld.
    await page.locator('[data-testid=participation] dl').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid=participation] .record-card').first().waitFor();
    await page.locator('[data-testid=balances] .big-number').first().waitFor({ timeout: 20_000 });
    // Each chart is drawn, or says its period has no records (the simulator's data differ per card).
    for (const chart of ['contributions-chart', 'medical-chart']) {
      await page.locator(`[data-testid=${chart}] canvas, [data-testid=${chart}] [data-testid=chart-empty]`).first().waitFor({ timeout: 20_000 });
    }
    expect(await page.locator('main .forbidden').count()).toBe(0);
    expect(await page.locator('[data-testid=participation]').textContent()).toMatch(/\d+ 年/);
    expect(taps).toBeLessThanOrEqual(10);

    // The chart reads out a month on tap.
    const drawn = (await page.locator('[data-testid=contributions-chart] canvas').count()) > 0 ? 'contributions-chart' : 'medical-chart';
    const chart = page.locator(`[data-testid=${drawn}] .chart`);
    const readout = page.locator(`[data-testid=${drawn}] [data-testid=chart-readout]`);
    await chart.locator('canvas').waitFor();
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height / 2);
    await until(() => readout.textContent(), (s) => /\d{4}年\d{1,2}月/.test(s ?? ''));
    expect(await readout.textContent()).toMatch(/\d{4}年\d{1,2}月.*¥/);
    // The same readout by keyboard: the last month, then one back.
    await chart.focus();
    await page.keyboard.press('End');
    const last = await readout.textContent();
    await page.keyboard.press('ArrowLeft');
    expect(await readout.textContent()).not.toBe(last);
    expect(await readout.textContent()).toMatch(/\d{4}年\d{1,2}月.*合计/);
    await screenshot(page, 'dashboard-new-person.phone.zh-CN');
  }, 90_000);

  it('the bottom navigation works by keyboard and marks the current tab', async () => {
    await page.goto(`${base}/`);
    const bar = page.locator('[data-testid=tabbar]');
    await bar.waitFor();
    const barBox = (await bar.boundingBox())!;
    expect(barBox.y + barBox.height).toBeGreaterThanOrEqual(PHONE.height - 2); // at the bottom of the screen
    const tabs = bar.locator('a');
    expect(await tabs.count()).toBe(4);
    for (const t of await tabs.all()) expect((await t.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(await bar.locator('[aria-current=page]').getAttribute('data-tab')).toBe('home');

    await bar.locator('[data-tab=home]').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-tab'))).toBe('medical');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/medical$/);
    expect(await bar.locator('[aria-current=page]').getAttribute('data-tab')).toBe('medical');
    // The new page's heading takes focus, so a screen reader starts there.
    await until(() => page.evaluate(() => document.activeElement?.tagName), (v) => v === 'H1');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    // Records as cards on a phone, the filters folded away.
    await page.locator('[data-testid=medical-cards] li').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('details.filters').getAttribute('open')).toBeNull();

    await bar.locator('[data-tab=medical]').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/me$/);
    expect(await bar.locator('[aria-current=page]').getAttribute('data-tab')).toBe('me');
    // Pages off the bar are one tap from 我的, and keep 我的 marked.
    await page.getByRole('link', { name: /谁读取了我的数据|Who read my data/ }).click();
    await page.waitForURL(/\/access-log$/);
    expect(await bar.locator('[aria-current=page]').getAttribute('data-tab')).toBe('me');
  });

  it('an offline withdrawal applies at once and says 「已同步」 when it reaches the server', async () => {
    await page.goto(`${base}/settings`);
    const box = page.locator('[data-testid=offline-settings] [data-category="insurance.status"] input[type=checkbox]');
    await box.waitFor();
    expect(await until(() => box.isChecked(), (v) => v)).toBe(true);
    await browser.context.setOffline(true);
    await box.uncheck();
    await page.locator('[data-testid=pending-banner]').waitFor();
    expect((await readIdb(page)).outbox).toBe(1);
    await browser.context.setOffline(false);
    const toast = page.locator('[data-testid=toasts] .toast', { hasText: '已同步' });
    await toast.waitFor({ timeout: 30_000 });
    expect(await toast.textContent()).toMatch(/已同步/);
    expect((await readIdb(page)).outbox).toBe(0);
    await screenshot(page, 'synced.phone.zh-CN');
  }, 60_000);

  it('「前往同意管理」 lands on the exact consent row, focused', async () => {
    await page.goto(`${base}/consent`);
    const row = page.locator('[data-testid=purpose-SERVICE] li[data-category="location"]');
    await row.waitFor({ timeout: 20_000 });
    await page.goto(`${base}/devices`);
    const link = page.locator('[data-testid=location-hint] a');
    await link.waitFor({ timeout: 20_000 });
    await link.click();
    await page.waitForURL(/\/consent#/);
    await until(() => page.evaluate(() => document.activeElement?.getAttribute('data-category')), (v) => v === 'location');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-category'))).toBe('location');
    await screenshot(page, 'consent-deep-link.phone.zh-CN');
  });

  let screens: [string, string][] = [];
  async function screensAt(size: 'phone' | 'desktop', viewport: { width: number; height: number }): Promise<string[]> {
    if (!screens.length) {
      await page.goto(`${base}/consent`);
      const receiptHref = await page.locator('a[href^="/consent/receipts/"]').first().getAttribute('href', { timeout: 20_000 });
      screens = [
        ['home', '/'],
        ['medical', '/medical'],
        ['consent', '/consent'],
        ['me', '/me'],
        ['access-log', '/access-log'],
        ['devices', '/devices'],
        ['account', '/account'],
        ['settings', '/settings'],
        ['link-card', '/link-card'],
        ['onboarding', '/welcome'],
        ['receipt', receiptHref ?? '/consent'],
        ['notice', '/privacy/notice/1'],
      ];
    }
    const violations: string[] = [];
    const timings: string[] = [];
    await page.setViewportSize(viewport);
    for (const lang of ['zh-CN', 'en'] as const) {
      await page.goto(`${base}/`);
      await setLanguage(page, lang);
      for (const [name, path] of screens) {
        // In-app navigation, as a person moves around: no reload per screen.
        await page.evaluate((p) => {
          history.pushState(null, '', p);
          dispatchEvent(new PopStateEvent('popstate'));
        }, path);
        await page.locator('main h1').waitFor();
        await page.waitForFunction(() => !document.querySelector('main .skeleton, main .skeleton-title'), undefined, { timeout: 15_000 });
        if (name === 'home') await page.locator('[data-testid=medical-chart] canvas, [data-testid=medical-chart] [data-testid=chart-empty]').first().waitFor();
        const started = Date.now();
        await screenshot(page, `${name}.${size}.${lang}`);
        // The desktop layout's CSS is the same in both languages: axe runs there once (zh-CN), on the phone in both.
        if (size === 'phone' || lang === 'zh-CN') violations.push(...(await seriousViolations(page, `${name}.${size}.${lang}`)));
        timings.push(`${name}.${size}.${lang} ${Date.now() - started} ms`);
      }
    }
    await setLanguage(page, 'zh-CN');
    await page.setViewportSize(PHONE);
    if (process.env.SHEBAO_E2E_TIMINGS === '1') console.log(timings.join('\n'));
    return violations;
  }

  it('every screen at phone size, in both languages: screenshots, and no serious accessibility violation', async () => {
    expect(await screensAt('phone', PHONE)).toEqual([]);
  }, 150_000);

  it('every screen at desktop size, in both languages: screenshots, and no serious accessibility violation', async () => {
    expect(await screensAt('desktop', DESKTOP)).toEqual([]);
  }, 150_000);
});
