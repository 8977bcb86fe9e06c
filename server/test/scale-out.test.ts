// Two server instances on one PostgreSQL: neither holds state the other cannot see. A withdrawal
// made through one is enforced by the other on its next request, and a notice published by one
// reaches the other through LISTEN/NOTIFY.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { openDatabase, type DatabaseHandle } from '../src/db/database.js';
import { createApp, type App } from '../src/index.js';
import { NOTICE_V1 } from '../src/modules/consent/notice.content.js';
import { freePort } from './oauth/oauth-harness.js';
import { partnerTokens } from './support/partner-flow.js';
import { cloneTestDatabase } from './support/test-app.js';

describe.runIf(inject('testDatabase').kind === 'postgres')('several instances behind a load balancer', () => {
  let drop: () => Promise<void>;
  let second: DatabaseHandle;
  const apps: App[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    const clone = await cloneTestDatabase();
    drop = clone.drop;
    second = await openDatabase({ kind: 'postgres', url: clone.url!, maxConnections: 5 });
    // One public name for both, as behind a load balancer: the OAuth issuer and token audience.
    const port = await freePort();
    const env = { NODE_ENV: 'test', SHEBAO_PUBLIC_URL: `http://127.0.0.1:${port}`, SHEBAO_DATA_DIR: inject('testDatabase').dataDir, SHEBAO_LOG_LEVEL: 'silent', SHEBAO_CLIENT_DIST: '/nonexistent' };
    for (const [database, listenOn] of [[clone.database, port], [second, 0]] as const) {
      const app = await createApp(loadConfig({ ...env, PORT: String(listenOn) }), { database });
      apps.push(app);
      urls.push(await app.listen());
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await second?.close();
    await drop?.();
  });

  const gql = async (url: string, query: string, token?: string) =>
    (await (
      await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query }),
      })
    ).json()) as any;

  it('a withdrawal on instance A is enforced by instance B on the next request', async () => {
    const [a, b] = urls as [string, string];
    const owner = (await gql(a, 'mutation { signIn(phone: "13800138000", password: "Shebao-demo-2026") { token } }')).data.signIn.token;
    const partner = (await partnerTokens(a, owner, { scopes: ['identity.basic', 'insurance.contributions'] })).accessToken;
    expect((await gql(b, '{ me { contributions(last: 1) { base } } }', partner)).errors).toBeUndefined(); // B has now cached its decision
    const partnerId = (await gql(a, '{ partners { id clientId } }')).data.partners.find((p: any) => p.clientId === 'demo-insurer').id;
    // One category: the grant stays, B withholds the category at once.
    await gql(a, `mutation { withdrawConsent(input: { purpose: PARTNER_SHARING, recipient: { type: PARTNER, partnerId: "${partnerId}" }, categories: ["insurance.contributions"] }) { version } }`, owner);
    const after = await gql(b, '{ me { contributions(last: 1) { base } identity { realName } } }', partner);
    expect(after.data.me.contributions).toBeNull();
    expect(after.data.me.identity.realName).toEqual(expect.any(String));
    expect(after.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });
    // The whole partner: its token is refused by B at the next request.
    await gql(a, `mutation { withdrawConsent(input: { purpose: PARTNER_SHARING, recipient: { type: PARTNER, partnerId: "${partnerId}" } }) { version } }`, owner);
    expect((await gql(b, '{ me { identity { realName } } }', partner)).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('a notice published on A reaches B without a restart', async () => {
    const [, b] = urls as [string, string];
    const before = (await gql(b, '{ privacyNotice { version } }')).data.privacyNotice.version;
    const changed = structuredClone(NOTICE_V1);
    changed.purposes.find((p) => p.purpose === 'PRODUCT_NOTICES')!.retentionDays = 30;
    await apps[0]!.services.notice.publish(changed);
    let seen = before;
    for (let i = 0; i < 50 && seen === before; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      seen = (await gql(b, '{ privacyNotice { version } }')).data.privacyNotice.version;
    }
    expect(seen).toBe(before + 1);
  });
});
