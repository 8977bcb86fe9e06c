// Production mode: the schema is closed to browsing without a developer credential, field
// suggestions are off, and development-only operations refuse.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

const DEVELOPER_KEY = 'developer-key-for-tests-0123456789';
let t: TestApp;

beforeAll(async () => {
  // The same secrets the test database was seeded with, passed the way production passes them.
  const secrets = JSON.parse(await readFile(path.join(inject('testDatabase').dataDir, 'secrets.json'), 'utf8'));
  t = await startTestApp({
    env: {
      NODE_ENV: 'production',
      SHEBAO_DATA_KEY: secrets.dataKey,
      SHEBAO_HASH_KEY: secrets.hashKey,
      SHEBAO_SIGNING_JWK: JSON.stringify(secrets.signingJwk),
      SHEBAO_DEVELOPER_KEY: DEVELOPER_KEY,
    },
  });
});
afterAll(() => t?.close());

describe('production hardening', () => {
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
