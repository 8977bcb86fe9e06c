// SIGKILL at named steps of a very first start (SHEBAO_TEST_CRASH_AT, honoured outside production
// only), then a normal start: it must yield the complete demo (person, consents, partners) and a
// valid secrets.json. Before, a kill between seeding the person and granting its consents left a
// demo person without consents for good, and a kill while secrets.json was written left it empty,
// after which no start succeeded.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf, type DatabaseHandle } from '../src/db/database.js';
import { scratchPostgresDatabase } from './support/databases.js';

const serverDir = path.resolve(import.meta.dirname, '..');

/**
 * The built server when it is up to date (`pnpm test` builds first): it starts in about 2 s,
 * against 20 s for compiling the sources on the fly on a busy machine, which is the fallback.
 */
function entryPoint(): string[] {
  const built = path.join(serverDir, 'dist/index.js');
  if (!existsSync(built)) return ['--import', '@swc-node/register/esm-register', 'src/index.ts'];
  const builtAt = statSync(built).mtimeMs;
  const newest = (dir: string): number =>
    Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).mtimeMs)));
  return newest(path.join(serverDir, 'src')) <= builtAt ? [built] : ['--import', '@swc-node/register/esm-register', 'src/index.ts'];
}

type Run = { code: number | null; signal: NodeJS.Signals | null; output: string };

/** The product's own entry point in a child process; resolves when it exits, or stops it once it listens. */
function start(env: Record<string, string>, crashAt?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, entryPoint(), {
      cwd: serverDir,
      env: { ...process.env, ...env, ...(crashAt && { SHEBAO_TEST_CRASH_AT: crashAt }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (/listening on /.test(output)) child.kill('SIGTERM');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, output }));
  });
}

describe('a first start killed at any step', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let dropDatabase: (() => Promise<void>) | undefined;
  let openStore: () => Promise<DatabaseHandle>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'shebao-first-start-'));
    env = { NODE_ENV: 'development', HOST: '127.0.0.1', PORT: '0', SHEBAO_DATA_DIR: dataDir, SHEBAO_LOG_LEVEL: 'warn', SHEBAO_CLIENT_DIST: '/nonexistent' };
    const adminUrl = process.env.DATABASE_URL;
    if (adminUrl) {
      const scratch = await scratchPostgresDatabase(adminUrl);
      dropDatabase = scratch.drop;
      env.DATABASE_URL = scratch.url;
      openStore = () => openDatabase({ kind: 'postgres', url: scratch.url, maxConnections: 1 });
    } else {
      openStore = () => openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') });
    }
  });

  afterAll(async () => {
    await dropDatabase?.();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('resumes: the next start yields the whole demo and a valid secrets.json', { timeout: 180_000 }, async () => {
    // 1. Killed between writing the secrets and putting them in place: no secrets.json at all.
    const first = await start(env, 'atomic-write:before-rename');
    expect(first.signal).toBe('SIGKILL');
    expect(await readdir(dataDir)).not.toContain('secrets.json');

    // 2. Killed inside the seeding transaction: rolled back. 3. Killed after the demo person
    // was committed, before its consents were granted.
    for (const step of ['seed:in-transaction', 'seed:data-committed']) {
      const run = await start(env, step);
      expect(run.signal, `${step}: ${run.output}`).toBe('SIGKILL');
    }
    const between = await openStore();
    try {
      const [row] = rowsOf<{ people: number; consents: number }>(
        await between.db.execute(sql.raw('select (select count(*)::int from accounts) as people, (select count(*)::int from consent_events) as consents')),
      );
      expect(row).toEqual({ people: 1, consents: 0 });
    } finally {
      await between.close();
    }

    // 4. A normal start completes the demo.
    const last = await start(env);
    expect(last.output).toMatch(/listening on /);
    expect(last.code, last.output).toBe(0);

    const secrets = JSON.parse(await readFile(path.join(dataDir, 'secrets.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(secrets).sort()).toEqual(['dataKeys', 'format', 'hashKey', 'signingKeys']);
    expect((await readdir(dataDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const store = await openStore();
    try {
      const [row] = rowsOf<{ people: number; consents: number; partners: number; notices: number }>(
        await store.db.execute(sql.raw(
          `select (select count(*)::int from accounts) as people, (select count(*)::int from consent_events where kind = 'GRANT') as consents,
             (select count(*)::int from partners) as partners, (select count(*)::int from notice_versions) as notices`),
        ),
      );
      expect(row).toEqual({ people: 1, consents: 12, partners: 4, notices: 1 });
    } finally {
      await store.close();
    }
  });
});
