// Production mode: the schema is closed to browsing without a developer credential, field
// suggestions are off, and development-only operations refuse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPER_KEY, startProductionServer, type ProductionServer } from './security/production-server.js';
import { partnerTokens } from './support/partner-flow.js';

let t: ProductionServer;

beforeAll(async () => {
  t = await startProductionServer();
});
afterAll(() => t?.close());

describe('production hardening', () => {
  it("sends helmet's headers on every response: GraphQL, errors, health and the app", async () => {
    const responses = [
      await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }),
      await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{"}' }),
      await fetch(`${t.url}/healthz`),
      await fetch(`${t.url}/`),
    ];
    for (const response of responses) {
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain('upgrade-insecure-requests');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.has('x-powered-by')).toBe(false);
    }
  });

  it('refuses introspection without a developer credential, in every spelling', async () => {
    for (const query of [
      '{ __schema { types { name } } }',
      '{ __type(name: "Person") { fields { name } } }',
      '{ ... on Query { __schema { queryType { name } } } }',
      'query { ...F } fragment F on Query { __type(name: "Balance") { name } }',
    ]) {
      const r = await t.gql(query);
      expect(r.status).toBe(403);
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await t.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('shows a partner token its own variant of the schema, and has no public GraphiQL client', async () => {
    const partner = (await partnerTokens(t.url, await t.signInDemo(), { scopes: ['insurance.status'] })).accessToken;
    const r = await t.gql('{ __type(name: "Person") { fields { name } } }', {}, { token: partner });
    const fields = r.data.__type.fields.map((f: { name: string }) => f.name);
    expect(fields).toContain('insurance');
    expect(fields).not.toContain('balances');
    const par = await fetch(`${t.url}/oauth/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'shebao-graphiql', response_type: 'code', redirect_uri: `${t.url}/graphiql`, scope: 'identity.basic', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' }),
    });
    expect(par.status).toBe(401);
    expect(await par.json()).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
  });

  it('allows introspection with the developer credential', async () => {
    const r = await t.gql('{ __schema { queryType { name } } }', {}, { headers: { 'x-shebao-developer-key': DEVELOPER_KEY } });
    expect(r.data.__schema.queryType.name).toBe('Query');
    const wrong = await t.gql('{ __schema { queryType { name } } }', {}, { headers: { 'x-shebao-developer-key': `${DEVELOPER_KEY}x` } });
    expect(wrong.status).toBe(403);
  });

  it('does not suggest field names', async () => {
    const r = await t.gql('{ me { contributon { base } } }');
    expect(r.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('refuses development-only operations and marks the session cookie Secure', async () => {
    expect((await t.gql('{ developmentSmsCode(phone: "13800138000") }')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const signIn = await t.gql('mutation { signIn(phone: "13800138000", password: "Shebao-demo-2026") { token } }');
    expect(signIn.headers.get('set-cookie')).toMatch(/shebao_session=.*HttpOnly.*Secure.*SameSite=Strict/i);
    // With the developer key, so that the raw document runs at all (a session alone runs trusted documents only).
    const asDeveloper = { token: signIn.data.signIn.token, headers: { 'x-shebao-developer-key': DEVELOPER_KEY } };
    expect((await t.gql('mutation { developmentResearcherToken }', {}, asDeveloper)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
