#!/usr/bin/env node
// Lighthouse against the built PWA as the server serves it, in Debian's Chromium: the sign-in
// screen (a new person's first screen) and the signed-in home, medical, consent and rights
// screens, phone emulation with
// Lighthouse's default simulated throttling. Fails when performance, accessibility or best
// practices is under 0.95, or the first screen's JavaScript is over its budget.
// Run: pnpm --filter @shebao/client lighthouse   (LIGHTHOUSE_SKIP_BUILD=1 to reuse the build)
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { firstScreenJs, FIRST_SCREEN_JS_BUDGET_KB } from './first-screen-js.mjs';

const clientDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = join(clientDir, '..');
const outDir = join(clientDir, 'test-results/lighthouse');
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
const MIN_SCORE = 0.95;
const DEMO = { phone: '13800138000', password: 'Shebao-demo-2026' };

function build(filter) {
  const r = spawnSync('pnpm', ['--filter', filter, 'build'], { cwd: repoDir, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error(`${filter} build failed`);
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function startServer() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'shebao-lighthouse-'));
  const child = spawn(process.execPath, [join(repoDir, 'server/dist/index.js')], {
    cwd: repoDir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SHEBAO_DATA_DIR: dataDir, NODE_ENV: 'development', SHEBAO_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode != null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error('server not ready after 180 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    stop() {
      child.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The demo person's session cookie, signed in through the PWA's own persisted operation. */
async function sessionCookie(url) {
  const manifest = (await import('../src/gql/persisted-documents.json', { with: { type: 'json' } })).default;
  const documentId = Object.keys(manifest).find((k) => /mutation SignIn\b/.test(manifest[k]));
  const r = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
    body: JSON.stringify({ documentId, operationName: 'SignIn', variables: DEMO }),
  });
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  if (!cookie) throw new Error(`sign-in failed: ${r.status}`);
  return cookie;
}

const started = Date.now();
if (process.env.LIGHTHOUSE_SKIP_BUILD !== '1') {
  build('@shebao/client');
  build('@shebao/server');
}
const js = firstScreenJs(join(clientDir, 'dist'));
const server = await startServer();
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const failures = [];
const rows = [];
try {
  const cookie = await sessionCookie(server.url);
  const pages = [
    ['sign-in', '/sign-in', {}],
    ['home', '/', { Cookie: cookie }],
    ['medical', '/medical', { Cookie: cookie }],
    ['consent', '/consent', { Cookie: cookie }],
    ['rights', '/rights', { Cookie: cookie }],
  ];
  mkdirSync(outDir, { recursive: true });
  const only = process.env.LIGHTHOUSE_PAGES?.split(',');
  for (const [name, path, headers] of pages.filter(([n]) => !only || only.includes(n))) {
    const result = await lighthouse(`${server.url}${path}`, {
      port: chrome.port,
      output: 'html',
      logLevel: 'error',
      onlyCategories: CATEGORIES,
      extraHeaders: headers,
      // The service worker's first install would otherwise count against the first load.
      disableStorageReset: false,
    });
    writeFileSync(join(outDir, `${name}.html`), result.report);
    writeFileSync(join(outDir, `${name}.json`), JSON.stringify(result.lhr));
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, result.lhr.categories[c]?.score ?? 0]));
    rows.push({ page: name, ...scores });
    for (const [c, score] of Object.entries(scores)) {
      if (score < MIN_SCORE) {
        const audits = Object.values(result.lhr.audits).filter((a) => a.score != null && a.score < 0.9 && result.lhr.categories[c].auditRefs.some((r) => r.id === a.id && r.weight > 0));
        failures.push(`${name} ${c} ${score.toFixed(2)} < ${MIN_SCORE}: ${audits.map((a) => a.id).join(', ')}`);
      }
    }
  }
} finally {
  await chrome.kill();
  server.stop();
}
if (js.kb > FIRST_SCREEN_JS_BUDGET_KB) failures.push(`first-screen JS ${js.kb.toFixed(1)} KB > ${FIRST_SCREEN_JS_BUDGET_KB} KB`);
console.table(rows);
console.log(`first-screen JS (gzip): ${js.kb.toFixed(1)} KB in ${js.files.length} file(s), budget ${FIRST_SCREEN_JS_BUDGET_KB} KB`);
console.log(`reports: ${outDir}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
