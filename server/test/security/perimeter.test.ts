// The rest of the perimeter, attacked over HTTP against a production-mode server: query limits at
// and one past their edge, introspection without a credential in every spelling (the `__schema`
// naming tricks too), CSRF, batching, body size, forged and tampered tokens, and the
// authorization decision through aliases and fragments.
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_PHONE } from '../../src/seed/demo.js';
import { partnerTokens } from '../support/partner-flow.js';
import { startProductionServer, type ProductionServer } from './production-server.js';

let t: ProductionServer;
let partnerToken: string;
beforeAll(async () => {
  t = await startProductionServer();
  const { session } = await t.app.services.accounts.signIn(DEMO_PHONE, DEMO_PASSWORD, { address: '192.0.2.1' });
  // The demo person grants this partner identity.basic on its consent screen; the token carries only that.
  partnerToken = (await partnerTokens(t.url, session.token, { scopes: ['identity.basic'] })).accessToken;
});
afterAll(() => t?.close());

async function ask(body: unknown, headers: Record<string, string> = {}) {
  const response = await t.post(body, headers);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as { data?: any; errors?: Array<{ message: string; path?: unknown[]; extensions: Record<string, any> }> } };
}
const codeOf = (answer: { body: { errors?: Array<{ extensions: Record<string, any> }> } }) => answer.body.errors?.[0]?.extensions.code;

describe('query limits, at the edge and one past it', () => {
  /** Depth counts the levels of selection: n nested inline fragments around a field are n + 1 deep. */
  const nest = (depth: number) => `{ ${'... on Query { '.repeat(depth - 1)}__typename${' }'.repeat(depth - 1)} }`;
  const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: partners { id }`).join(' ')} }`;
  const directives = (n: number) => `{ ${'partners @include(if: true) { id } '.repeat(n)}}`;

  it.each([
    ['depth', nest, 12],
    ['aliases', aliases, 20],
    ['directives', directives, 20],
  ] as const)('%s: the limit passes, one more is QUERY_TOO_COMPLEX', async (_name, build, limit) => {
    const at = await ask({ query: build(limit) });
    expect(at.status).toBe(200);
    expect(at.body.errors).toBeUndefined();
    const past = await ask({ query: build(limit + 1) });
    expect(past.status).toBe(400);
    expect(codeOf(past)).toBe('QUERY_TOO_COMPLEX');
    expect(past.body.data).toBeUndefined();
  });

  it('cost: a page size that multiplies past the budget is refused before it runs', async () => {
    const past = await ask({ query: '{ me { medicalRecords(first: 100000) { nodes { id } } } }' });
    expect(past.status).toBe(400);
    expect(codeOf(past)).toBe('QUERY_TOO_COMPLEX');
  });
});

describe('introspection without a credential', () => {
  it.each([
    ['plain', '{ __schema { types { name } } }'],
    ['__type', '{ __type(name: "Person") { fields { name } } }'],
    ['aliased', '{ s: __schema { queryType { name } } }'],
    ['in an inline fragment', '{ ... on Query { __schema { queryType { name } } } }'],
    ['in a nested inline fragment', '{ ... { ... on Query { __type(name: "Balance") { name } } } }'],
    ['in a named fragment', 'query { ...F } fragment F on Query { __schema { queryType { name } } }'],
    ['in a fragment spread inside a fragment', 'query { ...A } fragment A on Query { ...B } fragment B on Query { __type(name: "Query") { name } }'],
    ['an operation named __schema', 'query __schema { __schema { queryType { name } } }'],
    ['with the GraphiQL header but no key', '{ __schema { queryType { name } } }'],
  ])('is refused: %s', async (_name, query) => {
    const answer = await ask({ query }, { 'x-shebao-developer-key': '' });
    expect(answer.status).toBe(403);
    expect(codeOf(answer)).toBe('FORBIDDEN');
    expect(answer.body.data).toBeUndefined();
  });

  it('lets __typename and an alias merely called __schema-like through, and says nothing of the schema', async () => {
    const answer = await ask({ query: '{ __typename schema: __typename }' });
    expect(answer.body.data).toEqual({ __typename: 'Query', schema: 'Query' });
  });
});

describe('CSRF, batching and body size', () => {
  it('refuses a GET without a preflight header, and a form-encoded POST', async () => {
    const get = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(get.status).toBe(400);
    const form = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B__typename%7D' });
    expect(form.status).toBeGreaterThanOrEqual(400);
    expect(form.status).toBeLessThan(500);
    const text = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(text.status).toBeGreaterThanOrEqual(400);
    expect(text.status).toBeLessThan(500);
  });

  it('refuses batched arrays', async () => {
    const answer = await ask([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe('BAD_REQUEST');
  });

  it('refuses a body over 100 KB with 413', async () => {
    const answer = await ask({ query: '{ __typename }', variables: { padding: 'x'.repeat(101 * 1024) } });
    expect(answer.status).toBe(413);
    expect(codeOf(answer)).toBe('REQUEST_TOO_LARGE');
  });
});

describe('forged and tampered tokens', () => {
  it.each([
    ['a JWT signed with another key', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      return new SignJWT({ typ: 'partner', sub: 'someone', scope: 'identity.basic' }).setProtectedHeader({ alg: 'ES256', kid: 'shebao-1' }).setExpirationTime('5m').sign(privateKey);
    }],
    ['an unsigned JWT (alg none)', async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"typ":"researcher","sub":"r"}').toString('base64url')}.`],
    ['a JWT with an HMAC over the public key', async () => {
      const { publicKey } = await generateKeyPair('ES256', { extractable: true });
      const secret = new TextEncoder().encode(JSON.stringify(await exportJWK(publicKey)));
      return new SignJWT({ typ: 'researcher', sub: 'r' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(secret);
    }],
    ['a tampered partner token', async () => `${partnerToken.slice(0, -4)}AAAA`],
    ['a made-up session token', async () => `sbs_${'A'.repeat(43)}`],
  ])('refuses %s with 401 UNAUTHENTICATED', async (_name, forge) => {
    const answer = await ask({ query: '{ me { identity { realName } } }' }, { authorization: `Bearer ${await forge()}` });
    expect(answer.status).toBe(401);
    expect(codeOf(answer)).toBe('UNAUTHENTICATED');
    expect(answer.body.data).toBeUndefined();
  });
});

describe('the authorization decision through aliases and fragments', () => {
  it('withholds a category the token lacks however it is asked for, once per field', async () => {
    const query = `
      query {
        a: me { realName: identity { realName } money: balances { amount } }
        b: me { ...Money ... on Person { again: balances { amount } } }
      }
      fragment Money on Person { balances { amount } contributions(last: 1) { base } }`;
    const answer = await ask({ query }, { authorization: `Bearer ${partnerToken}` });
    expect(answer.status).toBe(200);
    expect(answer.body.data.a.realName.realName).toBeTruthy();
    expect(answer.body.data.a.money).toBeNull();
    expect(answer.body.data.b.balances).toBeNull();
    expect(answer.body.data.b.again).toBeNull();
    expect(answer.body.data.b.contributions).toBeNull();
    const denials = answer.body.errors!.filter((e) => e.extensions.code === 'FORBIDDEN');
    expect(denials.map((e) => e.extensions.category).sort()).toEqual(['insurance.balance', 'insurance.balance', 'insurance.balance', 'insurance.contributions']);
  });
});
