// The person's rights page at phone size: file an export, see its deadline and status, download
// the prepared copy, open support access (the reference shows once); axe finds nothing serious
// in either language.
import { AxeBuilder } from '@axe-core/playwright';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, recordFailure, screenshot, startServer, unavailableReason, type Browser, type RunningServer } from './harness';

const skip = unavailableReason();
const PASSWORD = 'Rights-e2e-2026';

async function gql(server: string, query: string, variables: Record<string, unknown>) {
  const response = await fetch(`${server}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data: Record<string, string | null> };
}

/** A fresh person for this file (the e2e database is shared with other files and restarts). */
async function registerFresh(server: string): Promise<string> {
  const phone = `139${String(Date.now()).slice(-8)}`;
  await gql(server, 'mutation($p: String!) { requestRegistrationCode(phone: $p) }', { p: phone });
  const code = (await gql(server, 'query($p: String!) { developmentSmsCode(phone: $p) }', { p: phone })).data.developmentSmsCode;
  // The agreement registration needs: the current versions of the user agreement and the privacy notice.
  const versions = (await gql(server, '{ userAgreement { version } privacyNotice { version } }', {})).data as unknown as { userAgreement: { version: number }; privacyNotice: { version: number } };
  const agreement = { userAgreementVersion: versions.userAgreement.version, privacyNoticeVersion: versions.privacyNotice.version };
  const registered = await gql(server, 'mutation($i: RegisterInput!) { register(input: $i) { token } }', { i: { phone, code, password: PASSWORD, agreement } });
  if (!registered.data?.register) throw new Error('registration failed');
  return phone;
}

async function auditSerious(page: Page): Promise<string[]> {
  const audit = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return audit.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} ×${v.nodes.length} e.g. ${String(v.nodes[0]?.target)}`);
}

describe.skipIf(skip != null)('my rights (phone size)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let reference = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
  }, 240_000);

  afterEach((context) => recordFailure(context, browser));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('files an export, shows its deadline, downloads it once ready, and opens support access', async () => {
    const phone = await registerFresh(server.url);
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel(/手机号|Phone number/).fill(phone);
    await page.getByLabel(/^(密码|Password)$/).fill(PASSWORD);
    await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.goto(`${server.url}/account`);
    await page.getByRole('link', { name: /^我的权利/ }).click();
    await page.waitForURL(/\/rights$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('我的权利');

    await page.getByLabel('获取我的数据副本').check();
    await page.getByRole('button', { name: '提交请求' }).click();
    await page.getByText('请求已提交。').waitFor();
    // The job prepares the copy at the server's next tick; the page shows it once it is ready.
    const download = page.getByRole('button', { name: '下载文件' });
    for (let i = 0; i < 30 && !(await download.isVisible()); i += 1) {
      await page.reload();
      await page.waitForTimeout(1000);
    }
    await expect.poll(() => page.getByText('答复期限').count()).toBeGreaterThan(0);
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toMatch(/^shebao-export-\d{4}-\d{2}-\d{2}\.json$/);

    await page.getByRole('group', { name: '客服可以查看的类别' }).getByLabel('注册手机号').check();
    await page.getByRole('button', { name: '开启客服查看' }).click();
    await page.getByText(/请把这个查询码告诉客服/).waitFor();
    reference = (await page.locator('.notice-success strong').textContent()) ?? '';
    expect(reference).toMatch(/^[A-Z2-9]{8}$/);
    await screenshot(page, 'rights.zh-CN.phone');
    expect(await auditSerious(page)).toEqual([]);

    await page.locator('.lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.getByRole('heading', { level: 1, name: 'My rights' }).waitFor();
    await screenshot(page, 'rights.en.phone');
    expect(await auditSerious(page)).toEqual([]);
  });

  it('support sees that person’s allowed data, masked, in the operator console', async () => {
    const console = await browser.context.newPage();
    await console.setViewportSize({ width: 390, height: 844 });
    await console.goto(`${server.url}/operator`);
    for (let attempt = 0; attempt < 2; attempt++) {
      await console.getByLabel(/^(账号|Login name)$/).fill('demo-support');
      await console.getByLabel(/^(密码|Password)$/).fill('Operator-demo-2026');
      await console.getByLabel(/动态码|Code/).fill(await generate({ secret: 'SHEBAODEMOSUPPORTOPERATORAAAAAAA' }));
      await console.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
      const outcome = await Promise.race([
        console.getByRole('navigation').waitFor({ timeout: 15_000 }).then(() => 'in' as const),
        console.getByRole('alert').waitFor({ timeout: 15_000 }).then(() => 'refused' as const),
      ]);
      if (outcome === 'in') break;
      await console.waitForTimeout(30_000 - (Date.now() % 30_000) + 500); // a code spent this half-minute: the next one
    }
    await console.getByRole('link', { name: '客服查看' }).click();
    await console.getByLabel('查询码').fill(reference);
    await console.getByRole('button', { name: '查看' }).click();
    await console.getByRole('heading', { level: 2, name: '注册手机号' }).waitFor();
    expect(await console.locator('pre').first().textContent()).toMatch(/\+86\*{4}\d{4}/);
    await screenshot(console, 'operator.support-view.phone');
    expect(await auditSerious(console)).toEqual([]);
    await console.getByRole('link', { name: '请求队列' }).click();
    await console.getByRole('heading', { level: 1, name: '请求队列' }).waitFor();
    await screenshot(console, 'operator.request-queue.phone');
    expect(await auditSerious(console)).toEqual([]);
    // The person sees the look in their access log.
    await page.goto(`${server.url}/access-log`);
    await page.getByText(/supportView/).first().waitFor();
    await console.close();
  }, 90_000);

  it('files a restriction that shows as in effect, and lifts it', async () => {
    await page.goto(`${server.url}/rights`);
    await page.locator('.lang-switch').waitFor();
    if ((await page.evaluate(() => document.documentElement.lang)) !== 'zh-CN') {
      await page.locator('.lang-switch').click();
      await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    }
    await page.getByLabel('限制处理某些数据').check();
    await expect.poll(() => page.getByText(/合作方无法再读取所选类别/).count()).toBe(1);
    await page.getByRole('group', { name: '涉及的数据类别' }).getByLabel('历史缴费明细').check();
    await page.getByRole('button', { name: '提交请求' }).click();
    await page.getByText('请求已提交。').waitFor();
    const restriction = page.locator('li.card', { hasText: '限制处理某些数据' });
    await restriction.getByText('限制中').waitFor();
    await screenshot(page, 'rights.restriction.zh-CN.phone');
    await restriction.getByRole('button', { name: '解除限制' }).click();
    await restriction.getByText(/^已于 .+ 解除$/).waitFor();
    expect(await restriction.getByText('限制中').count()).toBe(0);
    expect(await auditSerious(page)).toEqual([]);
  });
});
