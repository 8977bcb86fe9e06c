// The partner authorization server over real HTTP: discovery, PAR + PKCE + private_key_jwt through
// the consent backend to tokens, and every refusal the FAPI 2.0 profile and our registry call for.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { rowsOf, type DatabaseHandle } from '../../src/db/database.js';
import { cloneTestDatabase } from '../support/test-app.js';
import {
  Browser,
  PARTNER_CATEGORIES,
  REDIRECT_URI,
  authorize,
  createAccount,
  oauthError,
  obtainTokens,
  partnerConfig,
  probe,
  registerTestPartner,
  startOAuthApp,
  testKeys,
  type OAuthTestApp,
  type TestPartner,
} from './oauth-harness.js';

let database: DatabaseHandle;
let drop: () => Promise<void>;
let app: OAuthTestApp;
let person: string;
let otherPerson: string;
let partner: TestPartner;
let config: oidc.Configuration;

beforeAll(async () => {
  ({ database, drop } = await cloneTestDatabase());
  app = await startOAuthApp({ db: database.db, keys: await testKeys() });
  [person, otherPerson] = await Promise.all([createAccount(database.db), createAccount(database.db)]);
  partner = await registerTestPartner(database.db);
  config = await partnerConfig(app, partner);
});

afterAll(async () => {
  vi.useRealTimers();
  await app?.close();
  await drop?.();
});

/** A raw PAR request signed as the partner (for what openid-client would not send). */
async function rawPar(p: TestPartner, params: Record<string, string>, key: CryptoKey = p.privateKey, kid = p.kid) {
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid })
    .setIssuer(p.clientId)
    .setSubject(p.clientId)
    .setAudience(app.oauth.issuer)
    .setJti(crypto.randomUUID())
    .setIssuedAt()
    .setExpirationTime('1m')
    .sign(key);
  const response = await fetch(`${app.oauth.issuer}/request`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: p.clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      ...params,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

const challenge = async () => {
  const verifier = oidc.randomPKCECodeVerifier();
  return { verifier, challenge: await oidc.calculatePKCECodeChallenge(verifier) };
};

describe('discovery', () => {
  it('serves RFC 8414 path-inserted metadata and OpenID configuration under the issuer, alike', async () => {
    const rfc8414 = await (await fetch(`${app.url}/.well-known/oauth-authorization-server/oauth`)).json();
    const openid = await (await fetch(`${app.oauth.issuer}/.well-known/openid-configuration`)).json();
    expect(rfc8414).toEqual(openid);
    expect(rfc8414).toMatchObject({
      issuer: `${app.url}/oauth`,
      authorization_endpoint: `${app.url}/oauth/auth`,
      token_endpoint: `${app.url}/oauth/token`,
      pushed_authorization_request_endpoint: `${app.url}/oauth/request`,
      require_pushed_authorization_requests: true,
      code_challenge_methods_supported: ['S256'],
      subject_types_supported: ['pairwise'],
      response_types_supported: ['code'],
      authorization_response_iss_parameter_supported: true,
      introspection_endpoint: `${app.url}/oauth/token/introspection`,
      revocation_endpoint: `${app.url}/oauth/token/revocation`,
    });
    expect(rfc8414.token_endpoint_auth_methods_supported.sort()).toEqual(['client_secret_basic', 'private_key_jwt']);
    expect(rfc8414.dpop_signing_alg_values_supported).toContain('ES256');
    expect(rfc8414.userinfo_endpoint).toBeUndefined();
    expect(rfc8414.registration_endpoint).toBeUndefined();

    // openid-client finds it the RFC 8414 way from the issuer alone.
    const discovered = await oidc.discovery(new URL(app.oauth.issuer), partner.clientId, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
      algorithm: 'oauth2',
    });
    expect(discovered.serverMetadata().issuer).toBe(app.oauth.issuer);
  });

  it('publishes the public signing keys at the JWKS endpoint', async () => {
    const { jwks_uri } = await (await fetch(`${app.oauth.issuer}/.well-known/openid-configuration`)).json();
    expect(jwks_uri).toBe(`${app.url}/oauth/jwks`);
    const jwks = await (await fetch(jwks_uri)).json();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwks.keys[0].d).toBeUndefined();
  });
});

describe('authorization code with PAR, PKCE and private_key_jwt', () => {
  it('issues short-lived opaque tokens for the GraphQL API after the person consents', async () => {
    const before = app.consent.grants.length;
    const { tokens, details } = await obtainTokens(app, config, person);
    expect(details).toMatchObject({
      signedIn: true,
      partner: { clientId: partner.clientId, name: { en: 'Test partner' }, contact: 'privacy@partner.example', purposes: [{ en: 'Underwriting' }] },
      purpose: 'PARTNER_SHARING',
      maxDays: 90,
      requestedCategories: PARTNER_CATEGORIES.map((category) => ({ category, sensitive: expect.any(Boolean) })),
    });
    expect(JSON.stringify(details)).not.toContain(person);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBeLessThanOrEqual(600);
    expect(tokens.scope!.split(' ').sort()).toEqual([...PARTNER_CATEGORIES].sort());
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.id_token).toBeUndefined();
    expect(tokens.access_token.split('.')).toHaveLength(1); // opaque, not a JWT

    const { status, body } = await probe(app, tokens.access_token);
    expect(status).toBe(200);
    expect(body).toMatchObject({ accountId: person, partnerId: partner.id, partnerClientId: partner.clientId });
    expect((body.scopes as string[]).sort()).toEqual([...PARTNER_CATEGORIES].sort());

    expect(app.consent.grants.slice(before)).toEqual([
      { accountId: person, partnerId: partner.id, categories: PARTNER_CATEGORIES, purpose: 'PARTNER_SHARING', expiresAt: expect.any(Date) },
    ]);
    const days = (app.consent.grants.at(-1)!.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
  });
});

describe('refresh tokens', () => {
  it('rotate on every use; reusing a rotated one revokes the whole grant', async () => {
    const { tokens } = await obtainTokens(app, config, person);
    const first = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(first.refresh_token).toBeTruthy();
    expect(first.refresh_token).not.toBe(tokens.refresh_token);
    expect((await probe(app, first.access_token)).status).toBe(200);

    expect(await oauthError(oidc.refreshTokenGrant(config, tokens.refresh_token!))).toBe('invalid_grant');
    // The reuse ended the grant: the newest refresh token and every access token are dead too.
    expect(await oauthError(oidc.refreshTokenGrant(config, first.refresh_token!))).toBe('invalid_grant');
    expect((await probe(app, first.access_token)).status).toBe(401);
    expect((await probe(app, tokens.access_token)).status).toBe(401);
  });

  it('cannot widen the scope of the grant', async () => {
    const { tokens } = await obtainTokens(app, config, person, { scope: 'insurance.status' });
    expect(await oauthError(oidc.refreshTokenGrant(config, tokens.refresh_token!, { scope: 'insurance.status medical.records' }))).toBe('invalid_scope');
  });
});

describe('revocation and introspection', () => {
  it('revoking a refresh token ends the grant (RFC 7009)', async () => {
    const { tokens } = await obtainTokens(app, config, person);
    await oidc.tokenRevocation(config, tokens.refresh_token!);
    expect((await probe(app, tokens.access_token)).status).toBe(401);
    expect(await oauthError(oidc.refreshTokenGrant(config, tokens.refresh_token!))).toBe('invalid_grant');
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
  });

  it('shows the partner its own token with a pairwise subject, and nothing to anyone else (RFC 7662)', async () => {
    const { tokens } = await obtainTokens(app, config, person);
    const active = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(active).toMatchObject({ active: true, client_id: partner.clientId, aud: app.oauth.resource, token_type: 'Bearer', iss: app.oauth.issuer });
    expect(active.scope!.split(' ').sort()).toEqual([...PARTNER_CATEGORIES].sort());
    expect(active.sub).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(active.sub).not.toBe(person);
    expect(JSON.stringify(active)).not.toContain(person);

    // The same person has another pairwise subject at another partner, a stable one here.
    const other = await registerTestPartner(database.db);
    const otherConfig = await partnerConfig(app, other);
    const { tokens: otherTokens } = await obtainTokens(app, otherConfig, person);
    const otherView = await oidc.tokenIntrospection(otherConfig, otherTokens.access_token);
    expect(otherView.sub).not.toBe(active.sub);
    const again = await obtainTokens(app, config, person);
    expect((await oidc.tokenIntrospection(config, again.tokens.access_token)).sub).toBe(active.sub);
    // ...and a different person another one.
    const someoneElse = await obtainTokens(app, config, otherPerson);
    expect((await oidc.tokenIntrospection(config, someoneElse.tokens.access_token)).sub).not.toBe(active.sub);

    // Another partner cannot introspect this partner's token, nor revoke it (the answer looks the same).
    expect((await oidc.tokenIntrospection(otherConfig, again.tokens.access_token)).active).toBe(false);
    expect((await oidc.tokenIntrospection(config, 'not-a-token')).active).toBe(false);
    await oidc.tokenRevocation(otherConfig, again.tokens.refresh_token!);
    expect((await probe(app, again.tokens.access_token)).status).toBe(200);
  });
});

describe('refusals', () => {
  it('refuses a PAR request without PKCE, with plain PKCE, and a code with the wrong verifier', async () => {
    const base = { response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'insurance.status' };
    const missing = await rawPar(partner, base);
    expect(missing).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    const plain = await rawPar(partner, { ...base, code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' });
    expect(plain).toMatchObject({ status: 400, body: { error: 'invalid_request' } });

    const flow = await authorize(app, config, person, { scope: 'insurance.status' });
    const wrong = oidc.authorizationCodeGrant(config, flow.callbackUrl, { pkceCodeVerifier: oidc.randomPKCECodeVerifier(), expectedState: flow.state });
    expect(await oauthError(wrong)).toBe('invalid_grant');
  });

  it('refuses a redirect URI that is not registered exactly', async () => {
    const { challenge: code_challenge } = await challenge();
    for (const redirect_uri of [`${REDIRECT_URI}/`, `${REDIRECT_URI}?x=1`, 'https://evil.example/cb', REDIRECT_URI.replace('https', 'http')]) {
      const result = await rawPar(partner, { response_type: 'code', redirect_uri, scope: 'insurance.status', code_challenge, code_challenge_method: 'S256' });
      expect(result.status).toBe(400);
      expect(['invalid_redirect_uri', 'invalid_request']).toContain(result.body.error);
    }
  });

  it('refuses a code used twice, and revokes the tokens of its first use', async () => {
    const flow = await authorize(app, config, person);
    const tokens = await oidc.authorizationCodeGrant(config, flow.callbackUrl, { pkceCodeVerifier: flow.codeVerifier, expectedState: flow.state });
    expect((await probe(app, tokens.access_token)).status).toBe(200);
    const replay = oidc.authorizationCodeGrant(config, flow.callbackUrl, { pkceCodeVerifier: flow.codeVerifier, expectedState: flow.state });
    expect(await oauthError(replay)).toBe('invalid_grant');
    expect((await probe(app, tokens.access_token)).status).toBe(401);
    expect(await oauthError(oidc.refreshTokenGrant(config, tokens.refresh_token!))).toBe('invalid_grant');
  });

  it('refuses an authorization request that did not come through PAR', async () => {
    const { challenge: code_challenge } = await challenge();
    const url = new URL(`${app.oauth.issuer}/auth`);
    for (const [k, v] of Object.entries({ client_id: partner.clientId, response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'insurance.status', code_challenge, code_challenge_method: 'S256', state: 'abc' })) {
      url.searchParams.set(k, v);
    }
    const response = await new Browser(app.url).request('GET', url.href);
    const location = response.headers.get('location');
    const error = location ? new URL(location).searchParams.get('error') : ((await response.json()) as { error: string }).error;
    expect(error).toBe('invalid_request');
    expect(location === null || location.startsWith(REDIRECT_URI)).toBe(true);
  });

  it('refuses private_key_jwt signed with a key that is not registered', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const { challenge: code_challenge } = await challenge();
    const params = { response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'insurance.status', code_challenge, code_challenge_method: 'S256' };
    expect(await rawPar(partner, params, privateKey, partner.kid)).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await rawPar(partner, params, privateKey, 'unknown-kid')).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    // The registered key passes the same request.
    expect((await rawPar(partner, params)).status).toBe(201);
    // openid-client with the wrong key: refused at the token endpoint too.
    const impostor = await partnerConfig(app, partner, oidc.PrivateKeyJwt({ key: privateKey, kid: partner.kid }));
    expect(await oauthError(oidc.tokenIntrospection(impostor, 'x'))).toBe('invalid_client');
  });

  it('answers a category the partner is not registered for, or openid, with invalid_scope', async () => {
    const { challenge: code_challenge } = await challenge();
    // (`offline_access` is a static scope the provider drops by itself: refresh tokens come anyway.)
    for (const scope of ['identity.document', 'insurance.status insurance.balance', 'openid', 'openid insurance.status', 'not-a-category']) {
      const result = await rawPar(partner, { response_type: 'code', redirect_uri: REDIRECT_URI, scope, code_challenge, code_challenge_method: 'S256' });
      expect(result, scope).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
      expect(JSON.stringify(result.body)).not.toContain(person);
    }
    const none = await rawPar(partner, { response_type: 'code', redirect_uri: REDIRECT_URI, code_challenge, code_challenge_method: 'S256' });
    expect(none).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
  });

  it('knows one resource server, the GraphQL API', async () => {
    const { challenge: code_challenge } = await challenge();
    const base = { response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'insurance.status', code_challenge, code_challenge_method: 'S256' };
    expect(await rawPar(partner, { ...base, resource: 'https://elsewhere.example/api' })).toMatchObject({ status: 400, body: { error: 'invalid_target' } });
    expect((await rawPar(partner, { ...base, resource: app.oauth.resource })).status).toBe(201);
  });

  it('leaves request bodies to the provider, whatever their type', async () => {
    for (const headers of [{}, { 'content-type': 'application/json' }, { 'content-type': 'text/plain' }] as Record<string, string>[]) {
      const response = await fetch(`${app.oauth.issuer}/token`, { method: 'POST', headers, body: 'grant_type=authorization_code' });
      expect(response.status).toBe(400);
      expect((await response.json()).error).toBe('invalid_request');
    }
  });

  it('refuses a suspended partner at once', async () => {
    const suspended = await registerTestPartner(database.db);
    const suspendedConfig = await partnerConfig(app, suspended);
    const { tokens } = await obtainTokens(app, suspendedConfig, person);
    await database.db.execute(sql`update partners set active = false where id = ${suspended.id}`);
    expect((await probe(app, tokens.access_token)).status).toBe(401);
    expect(await oauthError(oidc.refreshTokenGrant(suspendedConfig, tokens.refresh_token!))).toBe('invalid_client');
  });

  it('sends access_denied to the partner when the person declines', async () => {
    const flow = await authorize(app, config, person, { consent: 'refuse' });
    expect(flow.callbackUrl.href.startsWith(REDIRECT_URI)).toBe(true);
    expect(flow.callbackUrl.searchParams.get('error')).toBe('access_denied');
    expect(flow.callbackUrl.searchParams.get('code')).toBeNull();
  });
});

describe('the consent backend', () => {
  async function startInteraction(scope = PARTNER_CATEGORIES.join(' ')) {
    const { verifier, challenge: code_challenge } = await challenge();
    const url = await oidc.buildAuthorizationUrlWithPAR(config, { redirect_uri: REDIRECT_URI, scope, code_challenge, code_challenge_method: 'S256', state: 's' });
    const browser = new Browser(app.url);
    const response = await browser.request('GET', url.href);
    const path = new URL(response.headers.get('location')!, app.url).pathname;
    return { browser, path, verifier };
  }

  it('sends the browser to the PWA consent page, and needs a signed-in person to consent', async () => {
    const { browser, path } = await startInteraction();
    const page = await browser.request('GET', path);
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(`/authorize/${path.split('/').pop()}`);
    const details = await browser.request('GET', `${path}/details`);
    expect(details.status).toBe(200);
    expect(details.headers.get('cache-control')).toBe('no-store');
    expect(await details.json()).toMatchObject({ signedIn: false });
    const consent = await browser.request('POST', `${path}/consent`, { categories: ['insurance.status'], days: 1 });
    expect(consent.status).toBe(401);
    expect(await consent.json()).toEqual({ error: 'login_required', error_description: expect.any(String) });
  });

  it('refuses categories not asked for, too many days, a foreign origin, and a browser without the interaction cookie', async () => {
    const { browser, path } = await startInteraction('insurance.status');
    browser.setCookie('shebao_session', app.consent.signIn(person));
    expect((await browser.request('POST', `${path}/consent`, { categories: ['medical.records'], days: 1 })).status).toBe(400);
    expect((await browser.request('POST', `${path}/consent`, { categories: ['insurance.status'], days: 91 })).status).toBe(400);
    expect((await browser.request('POST', `${path}/consent`, { categories: [], days: 1 })).status).toBe(400);
    expect((await browser.request('POST', `${path}/consent`, { categories: ['insurance.status'], days: 1 }, { origin: 'https://evil.example' })).status).toBe(403);
    const stranger = new Browser(app.url);
    stranger.setCookie('shebao_session', app.consent.signIn(person));
    expect((await stranger.request('GET', `${path}/details`)).status).toBe(400);
    expect((await stranger.request('POST', `${path}/consent`, { categories: ['insurance.status'], days: 1 })).status).toBe(400);
    // Nothing was granted by any of these.
    expect((await browser.request('POST', `${path}/consent`, { categories: ['insurance.status'], days: 1 })).status).toBe(200);
  });

  it('records nothing and issues nothing when the ledger write fails', async () => {
    const { browser, path } = await startInteraction('insurance.status');
    browser.setCookie('shebao_session', app.consent.signIn(person));
    app.consent.failNext = true;
    const before = app.consent.grants.length;
    const grantsBefore = rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from oauth_models where model = 'Grant' and account_id = ${person}`))[0]!.n;
    const response = await browser.request('POST', `${path}/consent`, { categories: ['insurance.status'], days: 1 });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'server_error' });
    expect(app.consent.grants.length).toBe(before);
    // The provider's grant was saved in the ledger's transaction, so it went with the rollback.
    const grants = rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from oauth_models where model = 'Grant' and account_id = ${person}`));
    expect(grants[0]!.n).toBe(grantsBefore);
  });
});

describe('the provider’s browser session', () => {
  it('ends with each authorization, so the next one in the same browser may be someone else’s', async () => {
    const browser = new Browser(app.url);
    const first = await obtainTokens(app, config, person, { browser, scope: 'insurance.status' });
    const leftover = rowsOf<{ n: number }>(
      await database.db.execute(sql`select count(*)::int as n from oauth_models where model = 'Session' and payload->>'accountId' = ${person}`),
    );
    expect(leftover[0]!.n).toBe(0);
    // The PWA now has another person signed in in this browser (authorize() sets their session).
    const second = await obtainTokens(app, config, otherPerson, { browser, scope: 'insurance.status' });
    expect((await probe(app, first.tokens.access_token)).body.accountId).toBe(person);
    expect((await probe(app, second.tokens.access_token)).body.accountId).toBe(otherPerson);
  });
});

describe('partial consent', () => {
  it('issues tokens for the granted categories only, without prompting again', async () => {
    const before = app.consent.grants.length;
    const { tokens, callbackUrl } = await obtainTokens(app, config, person, { consent: { categories: ['insurance.status'], days: 7 } });
    // The resume went straight to the partner's callback, not back to the consent page.
    expect(callbackUrl.href.startsWith(`${REDIRECT_URI}?`)).toBe(true);
    expect(tokens.scope).toBe('insurance.status');
    expect((await probe(app, tokens.access_token)).body.scopes).toEqual(['insurance.status']);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.scope).toBe('insurance.status');
    expect(app.consent.grants.slice(before)).toMatchObject([{ categories: ['insurance.status'] }]);
  });

  it('replaces the earlier grant of the same person to the same partner', async () => {
    const first = await obtainTokens(app, config, otherPerson);
    const second = await obtainTokens(app, config, otherPerson, { consent: { categories: ['medical.records'], days: 3 } });
    expect((await probe(app, first.tokens.access_token)).status).toBe(401);
    expect(await oauthError(oidc.refreshTokenGrant(config, first.tokens.refresh_token!))).toBe('invalid_grant');
    expect((await probe(app, second.tokens.access_token)).body.scopes).toEqual(['medical.records']);
  });
});

describe('revokePartnerGrant', () => {
  it('kills the access and refresh tokens of the person’s grant to that partner, and no one else’s', async () => {
    const mine = await obtainTokens(app, config, person);
    const theirs = await obtainTokens(app, config, otherPerson);
    expect(await app.oauth.revokePartnerGrant(person, partner.id)).toBe(1);
    expect((await probe(app, mine.tokens.access_token)).status).toBe(401);
    expect(await oauthError(oidc.refreshTokenGrant(config, mine.tokens.refresh_token!))).toBe('invalid_grant');
    expect((await oidc.tokenIntrospection(config, mine.tokens.refresh_token!)).active).toBe(false);
    expect((await probe(app, theirs.tokens.access_token)).status).toBe(200);
    expect(await app.oauth.revokePartnerGrant(person, partner.id)).toBe(0);
  });

  it('revokeAccountGrants ends the person’s grants to every partner (account closure)', async () => {
    const someone = await createAccount(database.db);
    const other = await registerTestPartner(database.db);
    const otherConfig = await partnerConfig(app, other);
    const here = await obtainTokens(app, config, someone);
    const there = await obtainTokens(app, otherConfig, someone);
    const bystander = await obtainTokens(app, otherConfig, otherPerson);
    expect(await app.oauth.revokeAccountGrants(someone)).toBe(2);
    expect((await probe(app, here.tokens.access_token)).status).toBe(401);
    expect((await probe(app, there.tokens.access_token)).status).toBe(401);
    expect((await probe(app, bystander.tokens.access_token)).status).toBe(200);
  });
});

describe('DPoP (RFC 9449)', () => {
  let dpopPartner: TestPartner;
  let dpopConfig: oidc.Configuration;
  beforeAll(async () => {
    dpopPartner = await registerTestPartner(database.db, { dpopRequired: true });
    dpopConfig = await partnerConfig(app, dpopPartner);
  });

  it('binds the tokens of a partner registered so; the resource refuses them without their proof', async () => {
    const DPoP = oidc.getDPoPHandle(dpopConfig, await oidc.randomDPoPKeyPair('ES256'));
    const { tokens } = await obtainTokens(app, dpopConfig, person, { DPoP });
    expect(tokens.token_type).toBe('dpop');
    expect((await probe(app, tokens.access_token)).status).toBe(401);
    expect((await probe(app, tokens.access_token, { scheme: 'DPoP' })).status).toBe(401);

    const response = await oidc.fetchProtectedResource(dpopConfig, tokens.access_token, new URL(`${app.url}/probe`), 'GET', undefined, undefined, { DPoP });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ accountId: person, partnerClientId: dpopPartner.clientId });

    // A proof from another key, or for another URL, does not do.
    const otherKey = oidc.getDPoPHandle(dpopConfig, await oidc.randomDPoPKeyPair('ES256'));
    expect((await oidc.fetchProtectedResource(dpopConfig, tokens.access_token, new URL(`${app.url}/probe`), 'GET', undefined, undefined, { DPoP: otherKey })).status).toBe(401);
    const introspected = await oidc.tokenIntrospection(dpopConfig, tokens.access_token);
    expect(introspected).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt: expect.any(String) } });
    // A refresh needs a proof too. (RFC 9449 §5: a confidential client's refresh token is bound by
    // client authentication, not to the key; the new access token is bound to the new proof's key.)
    expect(await oauthError(oidc.refreshTokenGrant(dpopConfig, tokens.refresh_token!))).toMatch(/invalid_(grant|request|dpop_proof)/);
    const refreshed = await oidc.refreshTokenGrant(dpopConfig, tokens.refresh_token!, undefined, { DPoP: otherKey });
    expect(refreshed.token_type).toBe('dpop');
    expect((await oidc.fetchProtectedResource(dpopConfig, refreshed.access_token, new URL(`${app.url}/probe`), 'GET', undefined, undefined, { DPoP })).status).toBe(401);
    expect((await oidc.fetchProtectedResource(dpopConfig, refreshed.access_token, new URL(`${app.url}/probe`), 'GET', undefined, undefined, { DPoP: otherKey })).status).toBe(200);
  });

  it('refuses a replayed proof at the resource', async () => {
    const keyPair = await oidc.randomDPoPKeyPair('ES256');
    const DPoP = oidc.getDPoPHandle(dpopConfig, keyPair);
    const { tokens } = await obtainTokens(app, dpopConfig, person, { DPoP });
    const jwk = await exportJWK(keyPair.publicKey);
    const proof = await new SignJWT({ htm: 'GET', htu: `${app.url}/probe`, ath: createHash('sha256').update(tokens.access_token).digest('base64url') })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
      .setJti(crypto.randomUUID())
      .setIssuedAt()
      .sign(keyPair.privateKey);
    expect((await probe(app, tokens.access_token, { scheme: 'DPoP', dpop: proof })).status).toBe(200);
    expect((await probe(app, tokens.access_token, { scheme: 'DPoP', dpop: proof })).status).toBe(401);
  });

  it('refuses a token request without a proof from a partner registered for DPoP', async () => {
    const flow = await authorize(app, dpopConfig, person, { DPoP: oidc.getDPoPHandle(dpopConfig, await oidc.randomDPoPKeyPair('ES256')) });
    expect(await oauthError(oidc.authorizationCodeGrant(dpopConfig, flow.callbackUrl, { pkceCodeVerifier: flow.codeVerifier, expectedState: flow.state }))).toMatch(
      /invalid_(grant|request|dpop_proof)/,
    );
  });

  it('lets a partner not registered for DPoP bind its tokens if it wants to', async () => {
    const DPoP = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair('ES256'));
    const { tokens } = await obtainTokens(app, config, otherPerson, { DPoP });
    expect(tokens.token_type).toBe('dpop');
    expect((await probe(app, tokens.access_token)).status).toBe(401);
  });
});

describe('sandbox partners', () => {
  it('authenticate with client_secret_basic against the argon2 hash, and a wrong secret is invalid_client', async () => {
    const sandbox = await registerTestPartner(database.db, { sandbox: true, clientAuth: { method: 'client_secret_basic' } });
    expect(sandbox.clientSecret).toBeTruthy();
    const [row] = rowsOf<{ client_secret_hash: string }>(await database.db.execute(sql`select client_secret_hash from partners where id = ${sandbox.id}`));
    expect(row!.client_secret_hash).toMatch(/^\$argon2id\$/);
    expect(row!.client_secret_hash).not.toContain(sandbox.clientSecret!);
    const sandboxConfig = await partnerConfig(app, sandbox);
    const { tokens } = await obtainTokens(app, sandboxConfig, person);
    expect((await probe(app, tokens.access_token)).status).toBe(200);
    const wrong = await partnerConfig(app, sandbox, oidc.ClientSecretBasic('not-the-secret'));
    expect(await oauthError(oidc.refreshTokenGrant(wrong, tokens.refresh_token!))).toBe('invalid_client');
  });

  it('is the only kind that may use a secret', async () => {
    const sandbox = await registerTestPartner(database.db, { sandbox: true, clientAuth: { method: 'client_secret_basic' } });
    await database.db.execute(sql`update partners set sandbox = false where id = ${sandbox.id}`);
    const config2 = await partnerConfig(app, sandbox);
    expect(await oauthError(oidc.tokenIntrospection(config2, 'x'))).toBe('invalid_client');
  });
});

describe('expiry', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('an access token past its ten minutes is refused by principalForAccessToken', async () => {
    const { tokens } = await obtainTokens(app, config, person);
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 9 * 60_000);
    expect((await probe(app, tokens.access_token)).status).toBe(200);
    vi.setSystemTime(Date.now() + 2 * 60_000);
    expect((await probe(app, tokens.access_token)).status).toBe(401);
    // A refresh still works: the grant lasts 30 days.
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect((await probe(app, refreshed.access_token)).status).toBe(200);
  });

  it('the grant’s expiry (the consent’s) ends refresh', async () => {
    const { tokens } = await obtainTokens(app, config, person, { consent: { categories: ['insurance.status'], days: 1 } });
    expect(tokens.expires_in).toBeLessThanOrEqual(600);
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 23 * 3600_000);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    // Nothing outlives the consent: the new tokens end with the grant.
    expect(refreshed.expires_in).toBeLessThanOrEqual(3600);
    vi.setSystemTime(Date.now() + 3600_000 + 60_000);
    expect(await oauthError(oidc.refreshTokenGrant(config, refreshed.refresh_token!))).toBe('invalid_grant');
    expect((await probe(app, refreshed.access_token)).status).toBe(401);
  });
});
