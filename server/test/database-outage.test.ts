// A real PostgreSQL stopped under load and started again: a throwaway cluster made with initdb in a
// temporary folder, so no shared database is touched. While it is down every request is answered
// at once with 503 + Retry-After + SERVICE_UNAVAILABLE (never 500, never a hang), /readyz answers
// within a second, the log says once that it went and once that it came back, and requests
// succeed again soon after it returns.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { createApp, type App } from '../src/index.js';
import { DEMO_PASSWORD, DEMO_PHONE } from '../src/seed/demo.js';
import { startTestApp } from './support/test-app.js';

/** The newest PostgreSQL's binaries on this machine (Debian layout), if any. */
function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => path.join(root, v, 'bin')).find((bin) => existsSync(path.join(bin, 'initdb')));
}

const bin = postgresBin();
const isRoot = process.getuid?.() === 0;
/** PostgreSQL refuses to run as root: as root, its tools run as the `postgres` user. */
const postgresUid = isRoot ? Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()) || undefined : undefined;
const skipReason = !bin
  ? 'no PostgreSQL binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)'
  : isRoot && (!postgresUid || spawnSync('runuser', ['--help']).error)
    ? 'running as root without a `postgres` user or runuser to run the cluster as'
    : undefined;
if (skipReason) console.warn(`database outage test SKIPPED: ${skipReason}`);

function pg(tool: string, args: string[]): void {
  const [command, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin!, tool), ...args]] : [path.join(bin!, tool), args];
  execFileSync(command, argv, { stdio: 'pipe' });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

type Outcome = { status: number; code?: string; retryAfter: string | null; ms: number; at: number; kind: string };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(skipReason)('PostgreSQL stopped and restarted under load', () => {
  let dir: string;
  let port: number;
  let app: App;
  let url: string;
  const logLines: Array<{ level: number; msg: string; event?: string }> = [];
  const start = () => pg('pg_ctl', ['-D', dir, '-l', path.join(dir, 'server.log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  const stop = () => pg('pg_ctl', ['-D', dir, '-m', 'fast', '-w', 'stop']);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shebao-outage-'));
    if (postgresUid) await chown(dir, postgresUid, postgresUid);
    pg('initdb', ['-D', dir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--no-locale']);
    port = await freePort();
    start();
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`,
      SHEBAO_DATA_DIR: path.join(dir, 'app'),
      SHEBAO_LOG_LEVEL: 'warn',
      SHEBAO_CLIENT_DIST: '/nonexistent',
      SHEBAO_DB_POOL_MAX: '4',
    });
    const logDestination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as (typeof logLines)[number]);
        done();
      },
    });
    app = await createApp(config, { logDestination });
    url = await app.listen();
  });

  afterAll(async () => {
    await app?.close();
    if (dir) {
      try {
        stop();
      } catch {
        // already stopped
      }
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers 503 with Retry-After while it is down, /readyz within a second, logs it once each way, and recovers', async () => {
    const signIn = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($p: String!, $w: String!) { signIn(phone: $p, password: $w) { token } }', variables: { p: DEMO_PHONE, w: DEMO_PASSWORD } }),
    });
    const token = ((await signIn.json()) as { data: { signIn: { token: string } } }).data.signIn.token;

    // Each kind of request touches the database on a different path: the rate limit and the
    // session before GraphQL, a resolver's query, and readiness.
    const requests: Record<string, () => Promise<Response>> = {
      me: () =>
        fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ me { identity { realName } } }' }),
          signal: AbortSignal.timeout(3_000),
        }),
      partners: () =>
        fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ partners { name } }' }),
          signal: AbortSignal.timeout(3_000),
        }),
      jwks: () => fetch(`${url}/.well-known/jwks.json`, { signal: AbortSignal.timeout(3_000) }),
      readyz: () => fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3_000) }),
    };
    const outcomes: Outcome[] = [];
    let running = true;
    const worker = async (kind: string) => {
      while (running) {
        const began = performance.now();
        try {
          const response = await requests[kind]!();
          const body = (await response.json().catch(() => ({}))) as { errors?: Array<{ extensions?: { code?: string } }> };
          outcomes.push({ kind, status: response.status, code: body.errors?.[0]?.extensions?.code, retryAfter: response.headers.get('retry-after'), ms: performance.now() - began, at: Date.now() });
        } catch {
          outcomes.push({ kind, status: 0, retryAfter: null, ms: performance.now() - began, at: Date.now() });
        }
        await sleep(kind === 'readyz' ? 100 : 20);
      }
    };
    const workers = [...Object.keys(requests), 'me', 'partners'].map(worker);

    await sleep(500);
    const stoppedAt = Date.now();
    stop();
    await sleep(5_000);
    start();
    const restartedAt = Date.now();
    // Recovered: a resolver's database read succeeds again.
    let recoveredAt: number | undefined;
    while (!recoveredAt && Date.now() - restartedAt < 10_000) {
      const response = await requests.me!().catch(() => undefined);
      if (response?.status === 200) recoveredAt = Date.now();
      else await sleep(25);
    }
    await sleep(300);
    running = false;
    await Promise.all(workers);

    const during = outcomes.filter((o) => o.at > stoppedAt + 200 && o.at < restartedAt);
    expect(outcomes.filter((o) => o.status === 500)).toEqual([]);
    expect(outcomes.filter((o) => o.status === 0)).toEqual([]); // no request hung until its client gave up
    const failed = during.filter((o) => o.kind !== 'readyz' && o.status !== 200);
    expect(failed.length).toBeGreaterThan(10);
    for (const o of failed) expect(o).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', retryAfter: '2' });
    // Fail fast: nothing waits for a connection that will not come.
    expect(Math.max(...failed.map((o) => o.ms))).toBeLessThan(2_500);
    const probes = outcomes.filter((o) => o.kind === 'readyz');
    expect(probes.filter((o) => o.at > stoppedAt + 200 && o.at < restartedAt).every((o) => o.status === 503)).toBe(true);
    expect(Math.max(...probes.map((o) => o.ms))).toBeLessThan(1_000);
    // The JWKS needs no database, but is rate-limited through it: 503 too, never a 500.
    expect(during.some((o) => o.kind === 'jwks' && o.status === 503)).toBe(true);

    expect(logLines.filter((l) => l.event === 'database.unavailable')).toHaveLength(1);
    expect(logLines.filter((l) => l.event === 'database.available')).toHaveLength(1);
    expect(logLines.filter((l) => l.level >= 50)).toEqual([]); // no error lines: an outage is not a bug
    expect(recoveredAt).toBeDefined();
    console.info(`database outage: ${failed.length} requests answered 503 while down (slowest ${Math.round(Math.max(...failed.map((o) => o.ms)))} ms), recovered ${recoveredAt! - restartedAt} ms after the restart`);
    // Generous against a loaded CI machine; the figure is printed above.
    expect(recoveredAt! - restartedAt).toBeLessThan(3_000);
  });
});

describe('the database handle failing under a running server (PGlite or PostgreSQL, whichever the suite runs on)', () => {
  it('answers 503 with Retry-After and SERVICE_UNAVAILABLE, on GraphQL and REST routes, never 500', async () => {
    const testApp = await startTestApp();
    await testApp.database.close();
    try {
      const me = await testApp.gql('{ partners { name } }');
      expect(me.status).toBe(503);
      expect(me.headers.get('retry-after')).toBe('2');
      expect(me.errors?.[0]?.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2 });
      const jwks = await fetch(`${testApp.url}/.well-known/jwks.json`);
      expect(jwks.status).toBe(503);
      const ready = await fetch(`${testApp.url}/readyz`);
      expect(ready.status).toBe(503);
    } finally {
      await testApp.app.close().catch(() => {});
    }
  });
});
