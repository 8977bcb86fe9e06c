// Trusted documents in production: a request a person's session authenticates runs only the
// PWA's documents (so a stolen cookie or session token cannot run queries of its own); raw
// documents are for partner tokens, the developer key and anonymous requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../src/seed/demo.js';
import { partnerTokens } from '../support/partner-flow.js';
import { DEVELOPER_KEY, sessionCookie, startProductionServer, trustedDocument, type ProductionServer } from './production-server.js';

let t: ProductionServer;
let token: string;
beforeAll(async () => {
  t = await startProductionServer();
  token = await t.signInDemo();
});
afterAll(() => t?.close());

const RAW = { query: '{ me { phone identity { realName } documents { idNumber } } }' };

async function ask(body: unknown, headers: Record<string, string>) {
  const response = await t.post(body, headers);
  return { status: response.status, body: await response.json() };
}

describe('a person’s session runs trusted documents only', () => {
  it.each([
    ['the session cookie', () => sessionCookie(token)],
    ['the session as a bearer token', () => ({ authorization: `Bearer ${token}` })],
  ])('refuses a raw document with %s, and returns no personal data', async (_name, headers) => {
    const { status, body } = await ask(RAW, headers());
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_REQUIRED');
    expect(body.data).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain(DEMO_PHONE);
  });

  it('refuses a raw document over GET, and an automatic persisted query', async () => {
    const get = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ me { phone } }')}`, { headers: { ...sessionCookie(token), 'apollo-require-preflight': '1' } });
    expect(get.status).toBe(400);
    expect((await get.json()).errors[0].extensions.code).toBe('PERSISTED_QUERY_REQUIRED');
    const apq = await ask({ extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }, sessionCookie(token));
    expect(apq.status).toBe(400);
    expect(apq.body.data).toBeUndefined();
  });

  it('runs the PWA’s documents with the session, and ignores a query sent beside a documentId', async () => {
    const { status, body } = await ask({ ...trustedDocument('CardStatus'), query: RAW.query }, sessionCookie(token));
    expect(status).toBe(200);
    expect(body.data.me.linkedCard.maskedNumber).toBeTruthy();
    expect(body.data.me.phone).toBeUndefined();
  });

  it('lets the developer key run raw documents (GraphiQL in production)', async () => {
    const { status, body } = await ask(RAW, { ...sessionCookie(token), 'x-shebao-developer-key': DEVELOPER_KEY });
    expect(status).toBe(200);
    expect(body.data.me.phone).toBe('+86' + DEMO_PHONE);
    const wrongKey = await ask(RAW, { ...sessionCookie(token), 'x-shebao-developer-key': `${DEVELOPER_KEY}x` });
    expect(wrongKey.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_REQUIRED');
  });

  it('lets partner tokens and anonymous requests send raw documents', async () => {
    const partner = await partnerTokens(t.url, token, { scopes: ['identity.basic'] });
    const asPartner = await ask({ query: '{ me { identity { realName } } }' }, { authorization: `Bearer ${partner.accessToken}` });
    expect(asPartner.status).toBe(200);
    expect(asPartner.body.data.me.identity.realName).toBeTruthy();
    const anonymous = await ask({ query: '{ partners { name } }' }, {});
    expect(anonymous.status).toBe(200);
    // A stale cookie is no session: the request is anonymous, and anonymous sees nothing personal.
    const stale = await ask(RAW, { cookie: 'shebao_session=sbs_signed-out-long-ago-0123456789' });
    expect(stale.status).toBe(200);
    expect(stale.body.data.me).toBeNull();
  });
});
