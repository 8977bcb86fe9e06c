// Two instances behind one public name, on one database with the same keys: a grant made through
// one is usable, refreshable, checkable and revocable through the other.
import { createHash } from 'node:crypto';
import { SignJWT, exportJWK } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { cloneTestDatabase } from '../support/test-app.js';
import { createAccount, oauthError, obtainTokens, partnerConfig, probe, registerTestPartner, startOAuthApp, testKeys, type OAuthTestApp, type TestPartner } from './oauth-harness.js';

let database: DatabaseHandle;
let second: DatabaseHandle | undefined;
let drop: () => Promise<void>;
let a: OAuthTestApp;
let b: OAuthTestApp;
let person: string;
let partner: TestPartner;

beforeAll(async () => {
  const cloned = await cloneTestDatabase();
  ({ database, drop } = cloned);
  // PostgreSQL: a second connection pool, as a second process would have. PGlite lives in one process.
  second = cloned.url ? await openDatabase({ kind: 'postgres', url: cloned.url, maxConnections: 2 }) : undefined;
  const keys = await testKeys();
  a = await startOAuthApp({ db: database.db, keys });
  b = await startOAuthApp({ db: (second ?? database).db, keys, publicUrl: a.url, consent: a.consent });
  person = await createAccount(database.db);
  partner = await registerTestPartner(database.db);
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await second?.close();
  await drop?.();
});

describe('two instances, one database', () => {
  it('publish the same issuer and keys', async () => {
    const [ma, mb] = await Promise.all([a, b].map(async (app) => (await fetch(`${app.url}/.well-known/oauth-authorization-server/oauth`)).json()));
    expect(mb.issuer).toBe(ma.issuer);
    const [ja, jb] = await Promise.all([a, b].map(async (app) => (await fetch(`${app.url}/oauth/jwks`)).json()));
    expect(jb).toEqual(ja);
  });

  it('a grant made through one is refreshed, checked and revoked through the other', async () => {
    const configA = await partnerConfig(a, partner);
    const configB = await partnerConfig(b, partner);
    const { tokens } = await obtainTokens(a, configA, person);

    expect((await probe(b, tokens.access_token)).body).toMatchObject({ accountId: person, partnerId: partner.id });
    expect((await oidc.tokenIntrospection(configB, tokens.access_token)).active).toBe(true);
    const refreshed = await oidc.refreshTokenGrant(configB, tokens.refresh_token!);
    expect((await probe(a, refreshed.access_token)).status).toBe(200);
    // The rotation done on B is known on A.
    expect(await oauthError(oidc.refreshTokenGrant(configA, tokens.refresh_token!))).toBe('invalid_grant');
    expect((await probe(b, refreshed.access_token)).status).toBe(401);
  });

  it('revocation on one instance is seen by the other at the next request', async () => {
    const configA = await partnerConfig(a, partner);
    const configB = await partnerConfig(b, partner);
    const first = await obtainTokens(b, configB, person);
    await oidc.tokenRevocation(configA, first.tokens.refresh_token!);
    expect((await probe(b, first.tokens.access_token)).status).toBe(401);

    const second = await obtainTokens(a, configA, person);
    expect(await b.oauth.revokePartnerGrant(person, partner.id)).toBe(1);
    expect((await probe(a, second.tokens.access_token)).status).toBe(401);
    expect(await oauthError(oidc.refreshTokenGrant(configA, second.tokens.refresh_token!))).toBe('invalid_grant');
  });

  it('a DPoP proof used at one instance is a replay at the other', async () => {
    const dpopPartner = await registerTestPartner(database.db, { dpopRequired: true });
    const configA = await partnerConfig(a, dpopPartner);
    const keyPair = await oidc.randomDPoPKeyPair('ES256');
    const { tokens } = await obtainTokens(a, configA, person, { DPoP: oidc.getDPoPHandle(configA, keyPair) });
    // One proof, sent to both instances (as a captured request replayed elsewhere would be); both
    // answer for the same public URL, so its htu fits either.
    const proof = await new SignJWT({ htm: 'GET', htu: `${a.url}/probe`, ath: createHash('sha256').update(tokens.access_token).digest('base64url') })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(keyPair.publicKey) })
      .setJti(crypto.randomUUID())
      .setIssuedAt()
      .sign(keyPair.privateKey);
    expect((await probe(a, tokens.access_token, { scheme: 'DPoP', dpop: proof })).status).toBe(200);
    expect(proof).toBeTruthy();
    expect((await probe(b, tokens.access_token, { scheme: 'DPoP', dpop: proof })).status).toBe(401);
  });

  it('a DPoP proof sent to both instances at once is accepted by one of them only', async () => {
    const dpopPartner = await registerTestPartner(database.db, { dpopRequired: true });
    const configA = await partnerConfig(a, dpopPartner);
    const keyPair = await oidc.randomDPoPKeyPair('ES256');
    const { tokens } = await obtainTokens(a, configA, person, { DPoP: oidc.getDPoPHandle(configA, keyPair) });
    for (let round = 0; round < 5; round++) {
      const proof = await new SignJWT({ htm: 'GET', htu: `${a.url}/probe`, ath: createHash('sha256').update(tokens.access_token).digest('base64url') })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(keyPair.publicKey) })
        .setJti(crypto.randomUUID())
        .setIssuedAt()
        .sign(keyPair.privateKey);
      const answers = await Promise.all([a, b, a, b].map((app) => probe(app, tokens.access_token, { scheme: 'DPoP', dpop: proof })));
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401, 401, 401]);
    }
  });
});
