// Request rate limits, attacked over HTTP against production-mode servers with small budgets:
// a limited address cannot escape with a made-up cookie, token or X-Forwarded-For; one person's
// sessions share one budget; a partner's budget is per partner and person; health probes are
// never limited; every instance counts against the same budget; the OAuth endpoints answer 429
// with Retry-After too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_PHONE } from '../../src/seed/demo.js';
import { startOAuthApp, testKeys } from '../oauth/oauth-harness.js';
import { narrowedToken, partnerTokens } from '../support/partner-flow.js';
import { cloneTestDatabase } from '../support/test-app.js';
import { startProductionServer, trustedDocument, type ProductionServer } from './production-server.js';

// An hour-long window, so that no window ends in the middle of a test.
const requests = { windowSeconds: 3600, perAddress: 12, perAccount: 20, perPartnerPerson: 8 };
const TYPENAME = { query: '{ __typename }' };
/** What a signed-in PWA sends (a session runs trusted documents only). */
const SESSION = trustedDocument('Session');

let direct: ProductionServer; // no proxy trusted (the default)
let behindProxy: ProductionServer; // 127.0.0.1 is a trusted proxy
let secondInstance: ProductionServer; // same database as behindProxy
let dropShared: () => Promise<void>;

beforeAll(async () => {
  const shared = await cloneTestDatabase();
  dropShared = shared.drop;
  [direct, behindProxy, secondInstance] = await Promise.all([
    startProductionServer({ limits: { requests } }),
    startProductionServer({ limits: { requests }, trustProxy: '127.0.0.1', database: shared.database }),
    startProductionServer({ limits: { requests }, trustProxy: '127.0.0.1', database: shared.database }),
  ]);
});
afterAll(async () => {
  await Promise.all([direct?.close(), behindProxy?.close(), secondInstance?.close()]);
  await dropShared?.();
});

async function signIn(server: ProductionServer, headers: Record<string, string> = {}): Promise<string> {
  const response = await server.post({ query: 'mutation($p: String!, $w: String!) { signIn(phone: $p, password: $w) { token } }', variables: { p: DEMO_PHONE, w: DEMO_PASSWORD } }, headers);
  const body = await response.json();
  if (!body.data?.signIn) throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(body.errors)}`);
  return body.data.signIn.token;
}

/** Sends until the first 429 (at most `max` + 5 requests); returns how many were served and the 429. */
async function spend(send: () => Promise<Response>, max: number): Promise<{ served: number; limited: Response }> {
  for (let served = 0; served <= max + 5; served += 1) {
    const response = await send();
    if (response.status === 429) return { served, limited: response };
    await response.arrayBuffer();
  }
  throw new Error('never limited');
}

async function expectLimited(response: Response): Promise<void> {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  const body = await response.json();
  expect(body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: retryAfter });
}

describe('a limited address', () => {
  let session: string;
  let limited: Response;

  beforeAll(async () => {
    session = await signIn(direct); // one anonymous request of the address's budget
    const spent = await spend(() => direct.post(TYPENAME), requests.perAddress);
    expect(spent.served).toBe(requests.perAddress - 1);
    limited = spent.limited;
  });

  it('answers 429 with Retry-After and RATE_LIMITED', async () => {
    await expectLimited(limited);
  });

  it('cannot escape with a made-up session cookie, bearer token or X-Forwarded-For', async () => {
    for (const headers of <Record<string, string>[]>[
      { cookie: 'shebao_session=sbs_made-up-session-token-0123456789' },
      { cookie: `shebao_session=${'x'.repeat(40)}` },
      { authorization: 'Bearer sbs_made-up-session-token-0123456789' },
      { authorization: 'Bearer eyJhbGciOiJFUzI1NiJ9.eyJ0eXAiOiJwYXJ0bmVyIn0.c2lnbmF0dXJl' },
      { authorization: 'Basic bm9ib2R5Om5vdGhpbmc=' },
      { 'x-forwarded-for': '203.0.113.7' },
      { 'x-forwarded-for': '203.0.113.8', 'x-real-ip': '203.0.113.9', forwarded: 'for=203.0.113.10' },
    ]) {
      await expectLimited(await direct.post(TYPENAME, headers));
    }
  });

  it('limits every route, not only /graphql', async () => {
    await expectLimited(await fetch(`${direct.url}/.well-known/jwks.json`));
    await expectLimited(await fetch(`${direct.url}/graphiql`));
  });

  it('never limits health and readiness probes', async () => {
    for (let i = 0; i < 2 * requests.perAddress; i += 1) {
      expect((await fetch(`${direct.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${direct.url}/readyz`)).status).toBe(200);
    }
  });

  it('still serves a real session, from its own budget', async () => {
    const response = await direct.post(SESSION, { authorization: `Bearer ${session}` });
    expect(response.status).toBe(200);
  });
});

describe('budgets by who is asking', () => {
  it('one person’s sessions share one budget: a new sign-in does not buy a new one', async () => {
    const first = await signIn(behindProxy, { 'x-forwarded-for': '198.51.100.1' });
    const second = await signIn(behindProxy, { 'x-forwarded-for': '198.51.100.2' });
    let served = 0;
    for (let i = 0; i < requests.perAccount / 2; i += 1) {
      if ((await behindProxy.post(SESSION, { authorization: `Bearer ${first}` })).status === 200) served += 1;
    }
    const rest = await spend(() => behindProxy.post(SESSION, { cookie: `shebao_session=${second}` }), requests.perAccount);
    // Both sessions (and the account's earlier requests in this file) drew on the same budget.
    expect(served + rest.served).toBeLessThanOrEqual(requests.perAccount);
    await expectLimited(rest.limited);
    const third = await signIn(behindProxy, { 'x-forwarded-for': '198.51.100.3' });
    await expectLimited(await behindProxy.post(SESSION, { authorization: `Bearer ${third}` }));
  });

  it('a partner’s budget is per partner client and per person, apart from the person’s own', async () => {
    // A server of its own: the OAuth flow's few requests come from this address too.
    const server = await startProductionServer({ limits: { requests } });
    try {
      const flow = await partnerTokens(server.url, await signIn(server), { scopes: ['identity.basic'] });
      const a = flow.accessToken;
      // A second token of the same partner for the same person (a refresh of the same grant).
      const b = (await narrowedToken(flow, ['identity.basic'])).accessToken;
      const first = await spend(() => server.post(TYPENAME, { authorization: `Bearer ${a}` }), requests.perPartnerPerson);
      expect(first.served).toBe(requests.perPartnerPerson);
      await expectLimited(first.limited);
      await expectLimited(await server.post(TYPENAME, { authorization: `Bearer ${b}` }));
    } finally {
      await server.close();
    }
  });

  it('trusts X-Forwarded-For from a configured proxy: each client address has its own budget', async () => {
    const from = (address: string) => () => behindProxy.post(TYPENAME, { 'x-forwarded-for': address });
    const one = await spend(from('192.0.2.10'), requests.perAddress);
    expect(one.served).toBe(requests.perAddress);
    expect((await behindProxy.post(TYPENAME, { 'x-forwarded-for': '192.0.2.11' })).status).toBe(200);
  });

  it('counts every instance against the same budget', async () => {
    const address = { 'x-forwarded-for': '192.0.2.20' };
    for (let i = 0; i < requests.perAddress; i += 1) {
      const server = i % 2 === 0 ? behindProxy : secondInstance;
      expect((await server.post(TYPENAME, address)).status).toBe(200);
    }
    await expectLimited(await secondInstance.post(TYPENAME, address));
    await expectLimited(await behindProxy.post(TYPENAME, address));
  });

  it('counts concurrent requests exactly', async () => {
    const address = { 'x-forwarded-for': '192.0.2.30' };
    const statuses = await Promise.all(Array.from({ length: 3 * requests.perAddress }, (_, i) => (i % 2 ? behindProxy : secondInstance).post(TYPENAME, address).then((r) => r.status)));
    expect(statuses.filter((status) => status === 200)).toHaveLength(requests.perAddress);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2 * requests.perAddress);
  });
});

describe('the OAuth endpoints', () => {
  it('answer 429 with Retry-After past the budget: the product’s limit, registered before the provider routes', async () => {
    const { database, drop } = await cloneTestDatabase();
    const oauth = await startOAuthApp({ db: database.db, keys: await testKeys(), rateLimitMax: 5, productPlugins: true });
    try {
      const token = () =>
        fetch(`${oauth.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=authorization_code&code=x' });
      const { served, limited } = await spend(token, 5);
      expect(served).toBe(5);
      await expectLimited(limited);
      await expectLimited(await fetch(`${oauth.url}/oauth/.well-known/openid-configuration`));
    } finally {
      await oauth.close();
      await drop();
    }
  });
});
