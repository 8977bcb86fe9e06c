// The operator console in headless Chromium against the real server: sign-in with a TOTP code
// computed here, a role's own menu, one flow per item (the partner manager registers, suspends
// and reinstates a partner; the privacy officer drafts, diffs and publishes a notice version),
// the console keeping nothing in the browser (no service worker, IndexedDB or web storage), and
// axe-core on each screen in both languages, on a phone and a desktop. Uses the development demo
// operators (documented secrets) and touches nothing other tests rely on: a fresh partner, and
// the RESEARCH purpose, which the demo person never granted.
import { randomBytes } from 'node:crypto';
import { AxeBuilder } from '@axe-core/playwright';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, recordFailure, screenshot, startServer, unavailableReason, type Browser, type RunningServer } from './harness';

const skip = unavailableReason();
const PASSWORD = 'Operator-demo-2026';
const OPERATORS = {
  partners: { login: 'demo-partners', secret: 'SHEBAODEMOPARTNERMANAGERAAAAAAAA' },
  privacy: { login: 'demo-privacy', secret: 'SHEBAODEMOPRIVACYOFFICERAAAAAAAA' },
};
const PHONE = { width: 390, height: 844 };
/** A loaded machine answers slowly; polls wait up to this long (not a speed assertion). */
const POLL = { timeout: 20_000 };
const DESKTOP = { width: 1200, height: 900 };

async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const audit = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(audit.passes.length).toBeGreaterThan(5);
  return audit.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${where}: ${v.id} ×${v.nodes.length} e.g. ${String(v.nodes[0]?.target)}`);
}

/** Screenshots at phone and desktop size; axe once (the markup is the same at both sizes). */
async function look(page: Page, name: string, violations: string[]): Promise<void> {
  await page.setViewportSize(PHONE);
  await screenshot(page, `operator.${name}.phone`);
  await page.setViewportSize(DESKTOP);
  await screenshot(page, `operator.${name}.desktop`);
  violations.push(...(await seriousViolations(page, name)));
}

/** Signs in with the current code; a code already spent (another run this half-minute) waits for the next step. */
async function signIn(page: Page, who: { login: string; secret: string }): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    await page.getByLabel(/^(账号|Login name)$/).fill(who.login);
    await page.getByLabel(/^(密码|Password)$/).fill(PASSWORD);
    await page.getByLabel(/动态码|Code/).fill(await generate({ secret: who.secret }));
    await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
    const outcome = await Promise.race([
      page.getByRole('navigation').waitFor({ timeout: 15_000 }).then(() => 'in' as const),
      page.getByRole('alert').waitFor({ timeout: 15_000 }).then(() => 'refused' as const),
    ]);
    if (outcome === 'in') return;
    await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
  }
  throw new Error(`${who.login} could not sign in`);
}

describe.skipIf(skip != null)('the operator console', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, 240_000);
  afterEach((context) => recordFailure(context, browser));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in with TOTP, shows each role its own menu, and works the partner registry and notice versions', { timeout: 120_000 }, async () => {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('dialog', (dialog) => void dialog.accept());
    const violations: string[] = [];

    const response = await page.goto(`${server.url}/operator`);
    expect(response?.headers()['cache-control']).toBe('no-store');
    await page.getByRole('heading', { level: 1, name: '运营人员登录' }).waitFor();
    await look(page, 'sign-in.zh-CN', violations);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Operator sign-in' }).waitFor();
    await look(page, 'sign-in.en', violations);
    await page.getByRole('button', { name: '切换到中文' }).click();

    // A wrong code is refused without saying which part was wrong.
    await page.getByLabel('账号').fill(OPERATORS.partners.login);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByLabel(/动态码/).fill('000000');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), POLL).toContain('账号、密码或动态码不正确');

    // The partner manager: only the registry in the menu.
    await signIn(page, OPERATORS.partners);
    const menu = page.getByRole('navigation', { name: '功能' });
    expect(await menu.getByRole('link').allTextContents()).toEqual(['首页', '合作方登记']);
    await menu.getByRole('link', { name: '合作方登记' }).click();
    await page.getByRole('heading', { level: 1, name: '合作方登记' }).waitFor();

    const clientId = `e2e-${randomBytes(3).toString('hex')}`;
    await page.getByRole('button', { name: '登记新合作方' }).click();
    await page.getByLabel(/客户端 ID/).fill(clientId);
    await page.getByLabel('名称（中文）').fill('端到端测试伙伴');
    await page.getByLabel('名称（英文）').fill('E2E Partner');
    await page.getByLabel('简介（中文）').fill('测试用合作方');
    await page.getByLabel('简介（英文）').fill('A partner for the test');
    await page.getByLabel('处理目的（中文）').fill('核保');
    await page.getByLabel('处理目的（英文）').fill('Underwriting');
    await page.getByLabel(/个人信息联系方式/).fill('privacy@e2e.example');
    await page.getByRole('checkbox', { name: /参保情况/ }).check();
    await page.getByLabel(/回调地址/).fill('http://127.0.0.1:4999/cb');
    await page.getByLabel(/沙盒合作方/).check();
    await look(page, 'partner-form.zh-CN', violations);
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), POLL).toContain('沙盒密钥（只显示这一次）');

    const card = page.locator('li.op-card', { has: page.getByRole('heading', { name: '端到端测试伙伴' }) });
    await expect.poll(() => card.textContent(), POLL).toContain(clientId);
    await card.getByRole('button', { name: /暂停/ }).click();
    await expect.poll(() => card.textContent(), POLL).toContain('已暂停');
    await look(page, 'partners.zh-CN', violations);
    await card.getByRole('button', { name: /恢复/ }).click();
    await expect.poll(() => card.textContent(), POLL).toContain('正常');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Partner registry' }).waitFor();
    await look(page, 'partners.en', violations);
    await page.getByRole('button', { name: '切换到中文' }).click();

    // Signing out brings back the sign-in; the privacy officer sees only notice versions.
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { level: 1, name: '运营人员登录' }).waitFor();
    await signIn(page, OPERATORS.privacy);
    expect(await page.getByRole('navigation', { name: '功能' }).getByRole('link').allTextContents()).toEqual(['首页', '隐私声明版本', '请求队列', '向机关提供']);
    await page.getByRole('link', { name: '隐私声明版本' }).click();
    await page.getByRole('heading', { level: 1, name: '隐私声明版本' }).waitFor();
    await page.getByRole('heading', { level: 2, name: '已发布版本' }).waitFor();
    const newDraft = page.getByRole('button', { name: /新建草稿/ });
    if (await newDraft.isVisible()) await newDraft.click(); // a draft left by an earlier run is worked on instead
    await page.locator('summary', { hasText: 'RESEARCH' }).click();
    const research = page.getByRole('group', { name: /统计研究与公共卫生/ });
    const retention = research.getByLabel(/保存期限/);
    await retention.fill(String(400 + Math.floor(Math.random() * 500)));
    await page.getByRole('button', { name: '查看差异' }).click();
    const diff = page.getByRole('region', { name: '与当前版本的差异' });
    await expect.poll(() => diff.textContent(), POLL).toContain('RESEARCH — 有变化');
    expect(await diff.textContent()).toContain('需重新同意');
    await look(page, 'notices.zh-CN', violations);
    const before = (await page.getByRole('region', { name: '已发布版本' }).getByRole('listitem').count()) || 0;
    await page.getByRole('button', { name: '发布' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), POLL).toMatch(/已发布第 \d+ 版/);
    await expect.poll(() => page.getByRole('region', { name: '已发布版本' }).getByRole('listitem').count(), POLL).toBe(before + 1);

    // Nothing of the console stays in the browser.
    const kept = await page.evaluate(async () => ({
      workers: (await navigator.serviceWorker.getRegistrations()).length,
      databases: (await indexedDB.databases()).length,
      local: localStorage.length,
      session: sessionStorage.length,
      cookies: document.cookie,
    }));
    expect(kept).toEqual({ workers: 0, databases: 0, local: 0, session: 0, cookies: '' });
    expect(violations).toEqual([]);
  });
});
