// Browser-test harness: builds and starts the real server on a fresh database of its own (embedded,
// or on PostgreSQL when DATABASE_URL is set), launches headless Chromium with a fresh profile, and offers
// helpers to look into IndexedDB from the page. E2E_DEBUG=1 writes every page's console, errors
// and responses to /tmp/e2e-browser-<pid>.log and the server's output to /tmp/e2e-server-<port>.log.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const clientDir = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const repoDir = join(clientDir, '..');
export const screenshotDir = join(clientDir, 'test-results/screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REQUIRE = process.env.REQUIRE_BROWSER === '1';

function loud(message: string): void {
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n!! ${message}\n${bar}\n`);
}

/** Why the browser suite cannot run here, or null when it can. Fails instead under REQUIRE_BROWSER=1. */
export function unavailableReason(): string | null {
  let reason: string | null = null;
  if (!existsSync(CHROMIUM)) reason = `No Chromium at ${CHROMIUM}: browser tests SKIPPED (apt-get install -y chromium).`;
  if (reason && REQUIRE) throw new Error(`REQUIRE_BROWSER=1 but ${reason}`);
  if (reason) loud(reason);
  return reason;
}

function run(cmd: string, args: string[], cwd: string): void {
  // Vitest sets NODE_ENV=test, which would make Vite build a non-production bundle.
  const env = { ...process.env, NODE_ENV: 'production' };
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with ${r.status}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * On PostgreSQL (DATABASE_URL set) every server gets a database of its own, created next to the
 * given one and dropped when the server stops: test files never see each other's people or
 * consents, as on PGlite, where the data directory is the database.
 */
function ownDatabase(): { url: string; drop(): void } | null {
  const given = process.env.DATABASE_URL;
  if (!given) return null;
  const name = `shebao_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new URL(given);
  admin.pathname = '/postgres';
  const psql = (sql: string) => {
    const r = spawnSync('psql', [admin.toString(), '-qc', sql], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`psql failed with ${r.status}`);
  };
  psql(`create database ${name}`);
  const url = new URL(given);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => psql(`drop database if exists ${name} with (force)`) };
}

export interface RunningServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** `env`: extra server variables for this file's server (e.g. SHEBAO_LIMITS). */
export async function startServer(options: { env?: Record<string, string> } = {}): Promise<RunningServer> {
  if (process.env.SHEBAO_E2E_SKIP_BUILD !== '1') {
    run('pnpm', ['--filter', '@shebao/client', 'build'], repoDir);
    run('pnpm', ['--filter', '@shebao/server', 'build'], repoDir);
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'shebao-e2e-data-'));
  const database = ownDatabase();
  const child: ChildProcess = spawn(process.execPath, [join(repoDir, 'server/dist/index.js')], {
    cwd: repoDir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SHEBAO_DATA_DIR: dataDir, NODE_ENV: 'development', ...(database ? { DATABASE_URL: database.url } : {}), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000; // a fresh embedded database: 10–20 s, far more on a loaded machine
  for (;;) {
    if (child.exitCode != null) throw new Error(`server exited with ${child.exitCode}:\n${output.slice(-4000)}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server not ready after 180 s:\n${output.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    async stop() {
      if (process.env.E2E_DEBUG) (await import('node:fs')).writeFileSync(`/tmp/e2e-server-${port}.log`, output);
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      if (child.exitCode == null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
      database?.drop();
    },
  };
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'shebao-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
    locale: 'zh-CN',
    serviceWorkers: 'allow',
  });
  if (process.env.E2E_DEBUG) {
    const { appendFileSync } = await import('node:fs');
    const log = (line: string) => appendFileSync(`/tmp/e2e-browser-${process.pid}.log`, `${new Date().toISOString()} ${line}\n`);
    const watch = (p: Page) => {
      p.on('console', (m) => log(`console.${m.type()} ${p.url()} ${m.text()}`));
      p.on('pageerror', (e) => log(`pageerror ${p.url()} ${e.message}`));
      p.on('requestfailed', (r) => log(`requestfailed ${r.url()} ${r.failure()?.errorText}`));
      p.on('response', (r) => log(`response ${r.status()} ${r.request().method()} ${r.url()} sw=${r.fromServiceWorker()}`));
    };
    context.pages().forEach(watch);
    context.on('page', watch);
    context.on('serviceworker', (w) => log(`serviceworker ${w.url()}`));
  }
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface IdbSnapshot {
  readonly entries: { operationName: string | null; categories: string[] }[];
  readonly outbox: number;
  readonly keys: number;
}

/** Reads the offline database directly, as any script on the origin could. */
export async function readIdb(page: Page): Promise<IdbSnapshot> {
  return page.evaluate(
    () =>
      new Promise<IdbSnapshot>((resolve, reject) => {
        const req = indexedDB.open('shebao-offline');
        req.onerror = () => reject(req.error);
        req.onupgradeneeded = () => {
          // Not created yet: report empty without leaving a half-made database behind.
          req.transaction?.abort();
        };
        req.onsuccess = () => {
          const db = req.result;
          const names = ['entries', 'outbox', 'keys'].filter((n) => db.objectStoreNames.contains(n));
          if (names.length < 3) {
            db.close();
            resolve({ entries: [], outbox: 0, keys: 0 });
            return;
          }
          const tx = db.transaction(names, 'readonly');
          const e = tx.objectStore('entries').getAll();
          const o = tx.objectStore('outbox').count();
          const k = tx.objectStore('keys').count();
          tx.oncomplete = () => {
            db.close();
            resolve({
              entries: (e.result as { operationName: string | null; categories: string[] }[]).map((x) => ({ operationName: x.operationName, categories: x.categories })),
              outbox: o.result,
              keys: k.result,
            });
          };
        };
      }),
  ).catch(() => ({ entries: [], outbox: 0, keys: 0 }));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/**
 * After a failed test: every open tab's screenshot (failed-<test>-<n>.png) and what it showed, so
 * a failure on CI explains itself. The pages hold demo data only.
 */
export async function recordFailure(context: { task: { name: string; result?: { state?: string } } }, browser: Browser | undefined): Promise<void> {
  if (context.task.result?.state !== 'fail' || !browser) return;
  const slug = context.task.name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60);
  for (const [n, page] of browser.context.pages().entries()) {
    try {
      await screenshot(page, `failed-${slug}-${n}`);
      const text = await page.locator('body').innerText({ timeout: 2000 });
      console.error(`[failed test] tab ${n} at ${new URL(page.url()).pathname}:\n${text.slice(0, 2000)}`);
    } catch (error) {
      console.error(`[failed test] tab ${n}: could not record (${(error as Error).message})`);
    }
  }
}

export async function waitForController(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 20_000 });
}

export async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 150));
  }
}
