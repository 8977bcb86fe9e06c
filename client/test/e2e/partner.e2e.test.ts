// A partner's whole flow, end to end: examples/partner (a Node script, private_key_jwt, PAR, PKCE)
// starts it; the person signs in on the PWA's consent screen in headless Chromium and grants two of
// the three categories asked; the partner reads those and gets FORBIDDEN nulls for the third; the
// person withdraws the partner in the consent centre; the partner's next query is 401, its refresh
// fails and introspection says inactive. Screenshots of the consent screen: phone and desktop.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, recordFailure, repoDir, screenshot, screenshotDir, startServer, unavailableReason, type Browser, type RunningServer } from './harness';

const skip = unavailableReason();
const DEMO = { phone: '13800138000', password: 'Shebao-demo-2026' };
const REDIRECT_ORIGIN = 'http://127.0.0.1:4010';
const PARTNER_NAME = /安康健康保险（演示）|Ankang Health Insurance \(demo\)/;

/** One JSON line of the example's `--headless` output (see examples/partner/partner.mjs). */
type PartnerEvent = {
  event: string;
  url?: string;
  scope?: string;
  status?: number;
  data?: { me: { insurance: { city: string } | null; contributions: unknown[] | null; medicalRecords: unknown } } | null;
  forbidden?: { path: string[]; category: string; reason: string }[];
  graphqlStatus?: number;
  refresh?: string;
  active?: boolean;
};

/** The example partner as a child process: its JSON events in order, and a line to its stdin. */
function startPartner(server: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(repoDir, 'examples/partner/partner.mjs'), '--server', server, '--headless', '--then', 'watch', '--scope', 'insurance.status insurance.contributions medical.records'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const events: PartnerEvent[] = [];
  const waiters: { names: string[]; resolve: (e: PartnerEvent) => void }[] = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const event = JSON.parse(line) as PartnerEvent;
    events.push(event);
    const waiter = waiters.find((w) => w.names.includes(event.event) || event.event === 'failed');
    if (waiter) waiter.resolve(event);
  });
  return {
    /** The next event named one of `names` (or `failed`). */
    next(names: string | string[], timeoutMs = 30_000): Promise<PartnerEvent> {
      const wanted = typeof names === 'string' ? [names] : names;
      const seen = events.find((e) => wanted.includes(e.event) || e.event === 'failed');
      if (seen) {
        events.splice(events.indexOf(seen), 1);
        return Promise.resolve(seen);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${wanted.join('/')} event from the partner; stderr: ${stderr}`)), timeoutMs);
        const waiter = {
          names: wanted,
          resolve: (e: PartnerEvent) => {
            clearTimeout(timer);
            waiters.splice(waiters.indexOf(waiter), 1);
            events.splice(events.indexOf(e), 1);
            resolve(e);
          },
        };
        waiters.push(waiter);
      });
    },
    send: (line: string) => child.stdin!.write(`${line}\n`),
    stop: () => child.kill('SIGTERM'),
  };
}

async function auditSerious(page: Page): Promise<string[]> {
  const audit = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(audit.passes.length).toBeGreaterThan(10);
  return audit.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} ×${v.nodes.length} e.g. ${String(v.nodes[0]?.target)}`);
}

describe.skipIf(skip != null)('a partner app, the person and the consent screen', () => {
  let server: RunningServer;
  let browser: Browser;
  let partner: ReturnType<typeof startPartner>;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, 240_000);

  afterEach((context) => recordFailure(context, browser));

  afterAll(async () => {
    partner?.stop();
    await browser?.close();
    await server?.stop();
  });

  it('grants two of three categories, the partner reads them, and loses everything at the withdrawal', async () => {
    partner = startPartner(server.url);
    const url = (await partner.next('authorize')).url!;
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    // The partner's redirect URI: the browser's last stop, handed to the partner as a person would paste it.
    let callback: string | null = null;
    await page.route(`${REDIRECT_ORIGIN}/**`, async (route) => {
      callback = route.request().url();
      await route.fulfill({ status: 200, contentType: 'text/plain', body: 'back at the partner' });
    });

    // The authorization request lands on the consent screen, which asks the person to sign in first.
    await page.goto(url);
    await page.waitForURL(/\/authorize\/[A-Za-z0-9_-]+$/);
    await page.getByLabel(/手机号|Phone number/).fill(DEMO.phone);
    await page.getByLabel(/^(密码|Password)$/).fill(DEMO.password);
    await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
    await page.getByRole('heading', { level: 1, name: PARTNER_NAME }).waitFor({ timeout: 20_000 });

    // The partner, its contact and purposes; the non-sensitive category ticked as asked, each sensitive one its own unticked choice.
    const text = await page.locator('main').textContent();
    expect(text).toMatch(/privacy@ankang\.example/);
    // Each category in the notice's own words.
    for (const words of ['参保情况（险种、单位、缴费年限）', '历史缴费明细', '就医与医保结算记录']) expect(text).toContain(words);
    const choice = (category: string) => page.locator(`input[name=category][value="${category}"]`);
    const [status, contributions, medical] = [choice('insurance.status'), choice('insurance.contributions'), choice('medical.records')];
    expect([await status.isChecked(), await contributions.isChecked(), await medical.isChecked()]).toEqual([true, false, false]);
    // The longest grant the partner may ask for (90 days) caps the choice.
    const durations = await page.getByLabel(/授权期限/).locator('option').allTextContents();
    expect(durations.at(-1)).toBe('90 天');

    const violations: string[] = [];
    for (const [name, viewport] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1200, height: 900 }]] as const) {
      await page.setViewportSize(viewport);
      await screenshot(page, `authorize.zh-CN.${name}`);
      violations.push(...(await auditSerious(page)).map((v) => `zh-CN.${name}: ${v}`));
    }
    await page.locator('.lang-switch').click();
    await page.getByRole('heading', { level: 1, name: /asks to read your data/ }).waitFor();
    await screenshot(page, 'authorize.en.desktop');
    violations.push(...(await auditSerious(page)).map((v) => `en: ${v}`));
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'authorize.en.phone');
    await page.locator('.lang-switch').click();
    expect(violations).toEqual([]);

    // Two of three: insurance status and (separately) contributions; medical records stay unticked.
    await contributions.check();
    await page.getByLabel(/授权期限/).selectOption('30');
    await page.getByRole('button', { name: /同意提供 2 个类别/ }).click();
    await expect.poll(() => callback, { timeout: 20_000 }).not.toBeNull();
    partner.send(callback!);

    const tokens = await partner.next('tokens');
    expect(tokens.scope!.split(' ').sort()).toEqual(['insurance.contributions', 'insurance.status']);
    const read = await partner.next('read');
    expect(read.status).toBe(200);
    expect(read.data?.me.insurance?.city).toEqual(expect.any(String));
    expect(read.data?.me.contributions?.length).toBeGreaterThan(0);
    expect(read.data?.me.medicalRecords).toBeNull();
    expect(read.forbidden).toEqual([{ path: ['me', 'medicalRecords'], category: 'medical.records', reason: 'SCOPE_MISSING' }]);
    expect((await partner.next('refreshed')).scope!.split(' ').sort()).toEqual(['insurance.contributions', 'insurance.status']);
    await partner.next('watching');

    // The person withdraws the partner in the consent centre.
    await page.goto(`${server.url}/consent`);
    const withdraw = page.getByRole('button', { name: /撤回对「安康健康保险（演示）」的全部授权/ });
    await withdraw.waitFor({ timeout: 45_000 });
    await withdraw.scrollIntoViewIfNeeded();
    await page.locator('[data-partner]', { has: withdraw }).screenshot({ path: join(screenshotDir, 'consent-centre-partner.zh-CN.png') });
    await withdraw.click();
    await withdraw.waitFor({ state: 'detached', timeout: 20_000 });

    // The page withdraws locally first and then sends it; the partner checks until the server has it.
    let outcome: PartnerEvent = { event: 'read' };
    for (let i = 0; i < 40 && outcome.event === 'read'; i += 1) {
      partner.send('check');
      outcome = await partner.next(['read', 'access-ended']);
      if (outcome.event === 'read') await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(outcome).toMatchObject({ event: 'access-ended', graphqlStatus: 401, refresh: 'invalid_grant', active: false });
  }, 180_000);

  it('GraphiQL’s "As partner" runs the same flow in the browser and comes back with a partner token', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/graphiql`);
    await page.getByRole('button', { name: 'As partner' }).click();
    await page.waitForURL(/\/authorize\/[A-Za-z0-9_-]+$/);
    // Signed in already (the first test), the person answers for GraphiQL's public client.
    await page.getByRole('heading', { level: 1, name: /GraphiQL/ }).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: /同意提供/ }).click();
    await page.waitForURL(`${server.url}/graphiql`, { timeout: 20_000 });
    await page.getByText('A partner token is in Headers').waitFor({ timeout: 20_000 });
    await screenshot(page, 'graphiql-as-partner');
    // The token GraphiQL put in Headers reads as the partner.
    const token = await page.evaluate(async () => {
      const editors = [...document.querySelectorAll('.graphiql-editor-tool .CodeMirror')] as unknown as { CodeMirror?: { getValue(): string } }[];
      const headers = editors.map((e) => e.CodeMirror?.getValue() ?? '').find((v) => v.includes('Authorization')) ?? '{}';
      return (JSON.parse(headers) as { Authorization?: string }).Authorization?.replace('Bearer ', '') ?? null;
    });
    expect(token).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/));
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { insurance { city } } }' }),
    });
    expect(response.status).toBe(200);
    await page.close();
  }, 90_000);
});
