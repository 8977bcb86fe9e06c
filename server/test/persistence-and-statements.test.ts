import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { createApp } from '../src/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('statements per request do not grow with list lengths', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const dashboard = (months: number) => /* GraphQL */ `{
    me {
      insurance { participations { insuranceType } }
      contributions(last: ${months}) { month base }
      balances { amount }
      medicalRecords(first: ${Math.min(months, 100)}) { nodes { date } }
      devices { model installations { appVersion events { kind } } }
      installations { installationNumber events { kind } }
      consents { version grants { purpose } }
    }
  }`;

  it('reads 10 or 500 contributions (and nested device lists) with the same number of statements', async () => {
    const token = await t.signInDemo();
    await t.gql(dashboard(2), {}, { token }); // warm the decision cache
    const counts: number[] = [];
    const rows: number[] = [];
    for (const months of [2, 100]) {
      const before = t.database.statementCount();
      const result = await t.gql(dashboard(months), {}, { token });
      expect(result.errors).toBeUndefined();
      counts.push(t.database.statementCount() - before);
      rows.push(result.data.me.contributions.length);
    }
    expect(rows[0]).toBe(10);
    expect(rows[1]).toBeGreaterThanOrEqual(500);
    expect(counts[1]).toBe(counts[0]);
  });
});

describe.runIf(inject('testDatabase').kind === 'pglite')('the embedded database keeps data across restarts', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'shebao-restart-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('serves the same person after a restart on the same folder', async () => {
    const config = loadConfig({ NODE_ENV: 'test', SHEBAO_DATA_DIR: dataDir, PORT: '0', SHEBAO_LOG_LEVEL: 'silent', SHEBAO_CLIENT_DIST: '/nonexistent' });
    const query = async (url: string, body: object, token?: string) =>
      (await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      }).then((r) => r.json())) as any;

    const first = await createApp(config);
    const url1 = await first.listen();
    const signIn = await query(url1, { query: 'mutation { signIn(phone: "13800138000", password: "Shebao-demo-2026") { token } }' });
    const token = signIn.data.signIn.token as string;
    await query(url1, { query: 'mutation { updateProfile(input: { displayName: "重启之前" }) { displayName } }' }, token);
    await first.close();

    const second = await createApp(config);
    const url2 = await second.listen();
    const me = await query(url2, { query: '{ me { profile { displayName } contributions(last: 1) { month } } }' }, token);
    expect(me.data.me.profile.displayName).toBe('重启之前');
    expect(me.data.me.contributions.length).toBeGreaterThan(0);
    await second.close();
  }, 120_000);
});
