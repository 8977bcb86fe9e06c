// The account screens a card holder meets on a phone (390×844), against the real server in
// headless Chromium, one server for the file: registration with the agreement and the live
// password checklist, the lockout's wait, password reset by SMS code, sign-in by SMS code with
// one installation identity across sign-outs, and the card page (refresh, confirmed
// replacement). axe-core on each screen; screenshots in both languages (and a few at desktop
// size) go to client/test-results/screenshots.
import type { Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, recordFailure, screenshot, startServer, unavailableReason, until, type Browser, type RunningServer } from './harness';

const skip = unavailableReason();
const PHONE_SIZE = { width: 390, height: 844 };
const DESKTOP_SIZE = { width: 1280, height: 800 };
/** A number of its own per run: the PostgreSQL run shares one database between files and runs. */
const phone = `137${String(Date.now()).slice(-8)}`;
const FIRST_PASSWORD = 'Accounts-e2e-2026';
const NEW_PASSWORD = 'Reset-e2e-2026!';

async function setLanguage(page: Page, lang: 'zh-CN' | 'en') {
  const current = await page.evaluate(() => document.documentElement.lang);
  if (current !== lang) await page.locator('.lang-switch').click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

const violations: string[] = [];
async function audit(page: Page, name: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(result.passes.length).toBeGreaterThan(5);
  for (const v of result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
    violations.push(`${name}: ${v.id} ×${v.nodes.length} e.g. ${String(v.nodes[0]?.target)}`);
  }
}

/** Audit and screenshot the screen as it is, in both languages; back to zh-CN after. */
async function lookAt(page: Page, name: string, options: { desktop?: boolean } = {}) {
  for (const lang of ['zh-CN', 'en'] as const) {
    await setLanguage(page, lang);
    await audit(page, `${name}.${lang}`);
    await screenshot(page, `accounts-${name}.${lang}`);
  }
  if (options.desktop) {
    await page.setViewportSize(DESKTOP_SIZE);
    await screenshot(page, `accounts-${name}.en.desktop`);
    await setLanguage(page, 'zh-CN');
    await screenshot(page, `accounts-${name}.zh-CN.desktop`);
    await page.setViewportSize(PHONE_SIZE);
  }
  await setLanguage(page, 'zh-CN');
}

/** A modal dialog makes the language switch inert: open it once per language to look at it. */
async function lookAtDialog(page: Page, name: string, open: (lang: 'zh-CN' | 'en') => Promise<void>, close: () => Promise<void>) {
  for (const lang of ['zh-CN', 'en'] as const) {
    await setLanguage(page, lang);
    await open(lang);
    await audit(page, `${name}.${lang}`);
    await screenshot(page, `accounts-${name}.${lang}`);
    await close();
  }
  await setLanguage(page, 'zh-CN');
}

/** Submits and waits for the server's answer to be on screen. */
async function submitAndWait(page: Page, click: () => Promise<void>) {
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/graphql') && r.request().method() === 'POST'), click()]);
  await page.waitForFunction(() => !document.querySelector('button[aria-busy=true]'));
}

async function devCode(page: Page): Promise<string> {
  const hint = page.locator('[data-testid=dev-code]');
  await hint.waitFor();
  return /(\d{6})/.exec((await hint.textContent()) ?? '')?.[1] ?? '';
}

/** The installation's identity as the page's IndexedDB holds it. */
async function installationId(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      new Promise<string | null>((resolve) => {
        const req = indexedDB.open('shebao-offline');
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('meta')) return resolve(null);
          const get = db.transaction('meta').objectStore('meta').get('installation');
          get.onsuccess = () => resolve((get.result as { deviceIdentifier?: string } | undefined)?.deviceIdentifier ?? null);
          get.onerror = () => resolve(null);
        };
        req.onerror = () => resolve(null);
      }),
  );
}

/** A raw GraphQL request with the page's session (development mode accepts raw documents). */
async function gql<T>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  return page.evaluate(
    async ([q, v]) => {
      const r = await fetch('/graphql', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-shebao-cache': 'network-only' }, body: JSON.stringify({ query: q, variables: v }) });
      return ((await r.json()) as { data: T }).data;
    },
    [query, variables] as const,
  );
}

const devicesOnServer = (page: Page) => gql<{ me: { devices: { deviceIdentifier: string }[] | null } }>(page, '{ me { devices { deviceIdentifier } } }').then((d) => d.me.devices ?? []);

async function signOut(page: Page, base: string) {
  const button = page.getByRole('button', { name: /^(退出登录|Sign out)$/ });
  if (!(await button.isVisible())) await page.goto(`${base}/me`);
  await button.first().click();
  await page.waitForURL(/\/sign-in$/);
}

describe.skipIf(skip != null)('account screens on a phone', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    // The shipped one-code-a-minute gap per number would make this file wait between its
    // registration, reset and sign-in codes; the server tests check that rule.
    server = await startServer({ env: { SHEBAO_LIMITS: JSON.stringify({ registrationCodes: { perNumberResend: { limit: 10 } } }) } });
    base = server.url;
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setViewportSize(PHONE_SIZE);
  }, 240_000);

  afterEach((context) => recordFailure(context, browser));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    expect(violations).toEqual([]);
  });

  it('registers only after the agreement is ticked, with the password rule ticking live', async () => {
    await page.goto(`${base}/register`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await setLanguage(page, 'zh-CN');

    // Both documents open in a dialog, rendered from their data.
    const close = () => page.getByRole('dialog').getByRole('button', { name: /^(关闭|Close)$/ }).click();
    await lookAtDialog(
      page,
      'user-agreement',
      async (lang) => {
        await page.getByRole('button', { name: lang === 'en' ? 'user agreement' : '《用户协议》' }).click();
        await page.getByRole('dialog', { name: lang === 'en' ? 'Shebao user agreement' : '社保通用户协议' }).getByRole('heading', { name: lang === 'en' ? /^1\. What this service is/ : /^一、本服务是什么/ }).waitFor();
      },
      close,
    );
    await lookAtDialog(
      page,
      'privacy-notice',
      async (lang) => {
        await page.getByRole('button', { name: lang === 'en' ? 'privacy policy' : '《隐私政策》' }).click();
        await page.getByRole('dialog', { name: lang === 'en' ? /Privacy notice/ : /隐私告知/ }).getByRole('heading', { name: lang === 'en' ? /Providing the service/ : /提供社保查询服务/ }).waitFor();
      },
      close,
    );

    await page.getByLabel(/^手机号/).fill(phone);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByLabel('短信验证码').fill(await devCode(page));
    const checklist = page.locator('[data-testid=password-checklist]');
    await page.getByLabel('设置密码').fill('password1234');
    expect(await checklist.locator('[data-met=true]').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')))).toEqual(['length', 'notPhone']);
    await screenshot(page, 'accounts-register-weak-password.zh-CN');
    await page.getByLabel('设置密码').fill(FIRST_PASSWORD);
    expect(await checklist.locator('[data-met=false]').count()).toBe(0);

    // Not ticked: the form says so beside the box and stays.
    await page.getByRole('button', { name: /^注册$/ }).click();
    await page.locator('#agree-err').waitFor();
    expect(await page.locator('#agree-err').textContent()).toContain('《用户协议》');
    expect(page.url()).toMatch(/\/register$/);
    await lookAt(page, 'register-agreement-missing', { desktop: true });

    const box = page.getByRole('checkbox', { name: /我已阅读并同意/ });
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await page.getByRole('button', { name: /^注册$/ }).click();
    await page.waitForURL(/\/welcome$/);

    // With consent to device information, this installation reports itself once.
    const notice = await gql<{ privacyNotice: { version: number } }>(page, '{ privacyNotice { version } }');
    await gql(page, 'mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id } }', {
      i: { noticeVersion: notice.privacyNotice.version, purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories: ['device.info'] },
    });
    await page.reload();
    expect((await until(() => devicesOnServer(page), (d) => d.length > 0)).length).toBe(1);
  });

  it('says how long a locked-out number waits, and resets the password by SMS code', async () => {
    await signOut(page, base);
    const idBefore = await installationId(page);
    expect(idBefore).toMatch(/^[0-9a-f-]{36}$/);
    // Production build: no demo credentials on the sign-in page.
    expect(await page.locator('body').textContent()).not.toContain('Shebao-demo-2026');

    await page.getByLabel(/^手机号/).fill(phone);
    const password = page.getByLabel(/^密码$/);
    for (let i = 0; i < 6; i += 1) {
      await password.fill(`Wrong-password-${i}`);
      await submitAndWait(page, () => page.getByRole('button', { name: /^登录$/ }).click());
      if (/请 \d+ (秒|分钟)后再试/.test((await page.locator('.notice-error').textContent()) ?? '')) break;
    }
    expect(await page.locator('.notice-error').textContent()).toMatch(/操作太频繁，请 \d+ (秒|分钟)后再试/);
    await lookAt(page, 'sign-in-locked');
    // The way out is offered beside the message.
    await page.locator('.notice-error').getByRole('button', { name: '改用验证码登录' }).waitFor();

    await page.getByRole('link', { name: '忘记密码？' }).click();
    await page.waitForURL(/\/reset-password$/);
    await page.getByLabel(/^手机号/).fill(phone);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByLabel('短信验证码').fill(await devCode(page));
    await page.getByLabel('设置密码').fill(NEW_PASSWORD);
    await lookAt(page, 'reset-password', { desktop: true });
    await page.getByRole('button', { name: '重设密码并登录' }).click();
    await page.waitForURL(`${base}/`);

    // Signed out and in again: the same installation, not a new device.
    expect(await installationId(page)).toBe(idBefore);
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await devicesOnServer(page)).toEqual([{ deviceIdentifier: idBefore }]);
  });

  it('signs in by SMS code', async () => {
    await signOut(page, base);
    const idBefore = await installationId(page);
    await page.getByText('验证码登录').click();
    await page.getByLabel(/^手机号/).fill(phone);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByLabel('短信验证码').fill(await devCode(page));
    await lookAt(page, 'sign-in-sms');
    await page.getByRole('button', { name: /^登录$/ }).click();
    await page.waitForURL(`${base}/`);
    expect(await installationId(page)).toBe(idBefore);
    expect(await devicesOnServer(page)).toEqual([{ deviceIdentifier: idBefore }]);
  });

  it('shows the linked card, refreshes its data and replaces it only after confirming', async () => {
    const first = `AC${String(Date.now()).slice(-7)}`;
    const second = `AD${String(Date.now()).slice(-7)}`;
    await page.goto(`${base}/link-card`);
    await page.getByLabel('社保卡号').fill(first);
    await page.getByLabel('社保查询密码').fill('123456');
    await page.getByRole('button', { name: /^绑定$/ }).click();
    await page.waitForURL(`${base}/`);

    await page.goto(`${base}/link-card`);
    const masked = page.locator('[data-testid=masked-card]');
    await masked.waitFor();
    expect(await masked.textContent()).toBe(`${first.slice(0, 2)}*****${first.slice(-2)}`);
    expect(await page.locator('body').textContent()).not.toContain(first);

    await page.getByRole('button', { name: '刷新社保数据' }).click();
    const card = page.locator('[data-testid=linked-card]');
    await card.getByLabel('社保查询密码').fill('123456');
    await card.getByRole('button', { name: '开始刷新' }).click();
    await card.locator('.notice-success').waitFor();
    expect(await card.locator('.notice-success').textContent()).toMatch(/^已更新，数据截至/);
    await lookAt(page, 'card-refreshed', { desktop: true });

    const replace = page.getByRole('region', { name: '更换社保卡' });
    await replace.getByLabel('社保卡号').fill(second);
    await replace.getByLabel('社保查询密码').fill('123456');
    await replace.getByRole('button', { name: /^更换$/ }).click();
    const dialog = page.getByRole('dialog', { name: '更换社保卡？' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`${first.slice(0, 2)}*****${first.slice(-2)}`);
    await audit(page, 'card-replace-confirm.zh-CN');
    await screenshot(page, 'accounts-card-replace-confirm.zh-CN');
    // Cancelling changes nothing.
    await dialog.getByRole('button', { name: '取消' }).click();
    expect(await masked.textContent()).toBe(`${first.slice(0, 2)}*****${first.slice(-2)}`);
    await setLanguage(page, 'en');
    await page.getByRole('region', { name: 'Link a different card' }).getByRole('button', { name: /^Replace$/ }).click();
    await page.getByRole('dialog', { name: 'Replace your card?' }).waitFor();
    await audit(page, 'card-replace-confirm.en');
    await screenshot(page, 'accounts-card-replace-confirm.en');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await setLanguage(page, 'zh-CN');

    await replace.getByRole('button', { name: /^更换$/ }).click();
    await dialog.getByRole('button', { name: '确认更换' }).click();
    await replace.locator('.notice-success').waitFor();
    await page.waitForFunction((m) => document.querySelector('[data-testid=masked-card]')?.textContent === m, `${second.slice(0, 2)}*****${second.slice(-2)}`);
    await screenshot(page, 'accounts-card-replaced.zh-CN');
  });
});
