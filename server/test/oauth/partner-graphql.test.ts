// Partner OAuth in the product: the consent screen writes the ledger and the oidc grant in one
// transaction; the partner's token reads GraphQL as the partner principal; a withdrawal in the
// consent centre, a suspension or an expiry reaches the tokens at the next request.
import { createHash } from 'node:crypto';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/database.js';
import { consentEvents, oauthModels, partners } from '../../src/db/schema.js';
import { exportJWK, generateKeyPair } from 'jose';
import { registerPartner } from '../../src/modules/partners/partner-registration.js';
import { DEMO_INSURER_CLIENT_ID, DEMO_PARTNER_REDIRECT_URI } from '../../src/seed/demo.js';
import { partnerTokens, type PartnerSession } from '../support/partner-flow.js';
import { registerWithCard, startTestApp, type TestApp } from '../support/test-app.js';
import { oauthError } from './oauth-harness.js';

let t: TestApp;
let owner: string;
let insurerId: string;

const UNDERWRITING = 'query Underwriting { me { insurance { city } contributions(last: 2) { base } medicalRecords(first: 1) { totalCount } } }';
const withdraw = (categories?: string[]) =>
  t.gql(
    'mutation($i: WithdrawConsentInput!) { withdrawConsent(input: $i) { version } }',
    { i: { purpose: 'PARTNER_SHARING', recipient: { type: 'PARTNER', partnerId: insurerId }, ...(categories ? { categories } : {}) } },
    { token: owner },
  );
const introspect = async (session: PartnerSession) => oidc.tokenIntrospection(session.config, session.accessToken);

beforeAll(async () => {
  t = await startTestApp();
  owner = await t.signInDemo();
  insurerId = (await t.gql('{ partners { id clientId } }')).data.partners.find((p: { clientId: string }) => p.clientId === DEMO_INSURER_CLIENT_ID).id;
});
afterAll(() => t?.close());

describe('the consent screen’s answer', () => {
  it('is one ledger grant per sensitive category, each with a receipt naming the oidc grant', async () => {
    await partnerTokens(t.url, owner, { scopes: ['insurance.status', 'insurance.contributions', 'medical.records'], grant: ['insurance.status', 'insurance.contributions'], days: 7 });
    const events = await t.database.db
      .select()
      .from(consentEvents)
      .where(and(eq(consentEvents.partnerId, insurerId), isNotNull(consentEvents.oauthGrantId)));
    const latest = events.filter((e) => e.oauthGrantId === events.at(-1)!.oauthGrantId);
    expect(latest.map((e) => e.categories)).toEqual([['insurance.status'], ['insurance.contributions']]);
    for (const event of latest) {
      const receipt = JSON.parse(Buffer.from(event.receiptJws!.split('.')[1]!, 'base64url').toString('utf8'));
      expect(receipt.authorizationGrantId).toBe(event.oauthGrantId);
      expect(event.expiresAt!.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    }
    const state = await t.gql('{ me { consents { grants { recipient { partnerId } categories current } } } }', {}, { token: owner });
    const toInsurer = state.data.me.consents.grants.filter((g: any) => g.recipient.partnerId === insurerId && g.current).flatMap((g: any) => g.categories);
    expect(toInsurer.sort()).toEqual(['insurance.contributions', 'insurance.status']);
  });
});

describe('a partner’s token at /graphql', () => {
  it('reads what was granted, gets FORBIDDEN nulls for the rest, and every read is an access record', async () => {
    const session = await partnerTokens(t.url, owner, { scopes: ['insurance.status', 'insurance.contributions', 'medical.records'], grant: ['insurance.status', 'insurance.contributions'] });
    expect(session.scope.split(' ').sort()).toEqual(['insurance.contributions', 'insurance.status']);
    const read = await t.gql(UNDERWRITING, {}, { token: session.accessToken });
    expect(read.data.me.insurance.city).toEqual(expect.any(String));
    expect(read.data.me.contributions.length).toBeGreaterThan(0);
    expect(read.data.me.medicalRecords).toBeNull();
    expect(read.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN', category: 'medical.records', reason: 'SCOPE_MISSING' }) })]);
    const log = await t.gql('{ me { accessLog(first: 1) { nodes { principalType categories operationName partner { clientId } } } } }', {}, { token: owner });
    expect(log.data.me.accessLog.nodes[0]).toEqual({
      principalType: 'PARTNER',
      categories: ['insurance.contributions', 'insurance.status'],
      operationName: 'Underwriting',
      partner: { clientId: DEMO_INSURER_CLIENT_ID },
    });
  });

  it('is refused with 401 when malformed, unknown, or sent as DPoP without being bound', async () => {
    const session = await partnerTokens(t.url, owner, { scopes: ['insurance.status'] });
    expect((await t.gql('{ me { id } }', {}, { token: 'not-a-real-token-value-at-all' })).status).toBe(401);
    const asDpop = await t.gql('{ me { id } }', {}, { headers: { authorization: `DPoP ${session.accessToken}` } });
    expect(asDpop.status).toBe(401);
    expect(asDpop.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('a partner registered for DPoP', () => {
  it('reads /graphql with its bound token and a fresh proof, and is refused without the proof or as Bearer', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const registered = await registerPartner(t.database.db, {
      name: '绑定伙伴',
      nameEn: 'Bound partner',
      description: '测试',
      descriptionEn: 'Testing',
      contact: 'privacy@bound.example',
      purposes: [{ zh: '测试', en: 'Testing' }],
      registeredCategories: ['insurance.status'],
      redirectUris: [DEMO_PARTNER_REDIRECT_URI],
      clientAuth: { method: 'private_key_jwt', jwks: { keys: [{ ...(await exportJWK(publicKey)), kty: 'EC', kid: 'bound-1', alg: 'ES256', use: 'sig' }] } },
      sandbox: true,
      dpopRequired: true,
    });
    const metadata = (await (await fetch(`${t.url}/.well-known/oauth-authorization-server/oauth`)).json()) as oidc.ServerMetadata;
    const config = new oidc.Configuration(metadata, registered.clientId, undefined, oidc.PrivateKeyJwt({ key: privateKey, kid: 'bound-1' }));
    oidc.allowInsecureRequests(config);
    const dpop = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair());
    const session = await partnerTokens(t.url, owner, { scopes: ['insurance.status'], config, dpop });

    const resource = new URL(`${t.url}/graphql`);
    const body = JSON.stringify({ query: '{ me { insurance { city } } }' });
    const statements: string[] = [];
    const stop = t.database.onQuery((query) => statements.push(query));
    const bound = await oidc.fetchProtectedResource(config, session.accessToken, resource, 'POST', body, new Headers({ 'content-type': 'application/json' }), { DPoP: dpop }).finally(stop);
    expect(bound.status).toBe(200);
    // The token check's one read, and the proof's replay record (one atomic write).
    const tokenCheck = statements.filter((query) => /"(oauth_models|partners)"/.test(query));
    expect(tokenCheck).toEqual([expect.stringMatching(/^select .*"accounts"/), expect.stringMatching(/^insert into "oauth_models"/)]);
    expect(((await bound.json()) as { data: { me: { insurance: { city: string } } } }).data.me.insurance.city).toEqual(expect.any(String));
    const withoutProof = await fetch(resource, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `DPoP ${session.accessToken}` }, body });
    expect(withoutProof.status).toBe(401);
    expect((await t.gql('{ me { insurance { city } } }', {}, { token: session.accessToken })).status).toBe(401);
  });
});

describe('account closure', () => {
  it('ends every grant the person gave a partner, with its tokens, in the closure’s own transaction (before any erasure job runs)', async () => {
    const session = await registerWithCard(t, '13599990000', 'SH5559001');
    const partner = await partnerTokens(t.url, session, { scopes: ['insurance.status'] });
    const [{ id: accountId } = { id: '' }] = rowsOf<{ id: string }>(
      await t.database.db.execute(sql`select account_id as id from social_insurance_cards where card_number_hash = ${t.app.crypto.lookupHash('SH5559001')}`),
    );
    const rowsOfAccount = async () =>
      rowsOf<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from oauth_models where account_id = ${accountId}`))[0]!.n;
    expect(await rowsOfAccount()).toBeGreaterThan(0);
    const closed = await t.gql('mutation { closeAccount(password: "Matrix-Test-99") { kind status } }', {}, { token: session });
    expect(closed.errors).toBeUndefined();
    expect(closed.data.closeAccount).toEqual({ kind: 'CLOSURE', status: 'IN_PROGRESS' });
    expect(closed.headers.get('clear-site-data')).toBe('"cache", "cookies", "storage"');
    // The jobs run only when asked here: what follows is the closure's transaction alone.
    expect(await rowsOfAccount()).toBe(0);
    expect((await t.gql('{ me { insurance { city } } }', {}, { token: partner.accessToken })).status).toBe(401);
    expect(await oauthError(oidc.refreshTokenGrant(partner.config, partner.refreshToken))).toBe('invalid_grant');
  });
});

describe('withdrawal reaches tokens at once', () => {
  it('one category of several: the grant stays, the next request withholds it, refreshed tokens no longer carry it', async () => {
    const session = await partnerTokens(t.url, owner, { scopes: ['insurance.status', 'insurance.contributions'] });
    expect((await withdraw(['insurance.contributions'])).errors).toBeUndefined();
    const read = await t.gql(UNDERWRITING, {}, { token: session.accessToken });
    expect(read.data.me.insurance.city).toEqual(expect.any(String));
    expect(read.data.me.contributions).toBeNull();
    expect(read.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', category: 'insurance.contributions', reason: 'NO_CONSENT' });
    const refreshed = await oidc.refreshTokenGrant(session.config, session.refreshToken);
    expect(refreshed.scope).toBe('insurance.status');
    expect((await introspect(session)).active).toBe(true);
  });

  it('the whole partner: 401 at /graphql, introspection inactive, refresh invalid_grant', async () => {
    const session = await partnerTokens(t.url, owner, { scopes: ['insurance.status'] });
    expect((await t.gql('{ me { insurance { city } } }', {}, { token: session.accessToken })).status).toBe(200);
    expect((await withdraw()).errors).toBeUndefined();
    const after = await t.gql('{ me { insurance { city } } }', {}, { token: session.accessToken });
    expect(after.status).toBe(401);
    expect((await introspect(session)).active).toBe(false);
    expect(await oauthError(oidc.refreshTokenGrant(session.config, session.refreshToken))).toBe('invalid_grant');
  });

  it('a suspended partner: every token refused, every grant ended', async () => {
    const session = await partnerTokens(t.url, owner, { scopes: ['insurance.status'] });
    try {
      expect(await t.app.services.partnerAccess.suspendPartner(insurerId)).toBe(1);
      expect((await t.gql('{ me { insurance { city } } }', {}, { token: session.accessToken })).status).toBe(401);
    } finally {
      await t.database.db.update(partners).set({ active: true }).where(eq(partners.id, insurerId));
    }
    // Reactivated, the old grant is still gone.
    expect(await oauthError(oidc.refreshTokenGrant(session.config, session.refreshToken))).toBe('invalid_grant');
  });
});

describe('the token check at /graphql', () => {
  const PARTNER_DASHBOARD = 'query PartnerDashboard { me { identity { realName } insurance { city participations { insuranceType } } contributions(last: 36) { month base } medicalRecords(first: 5) { totalCount nodes { date } } } }';
  const DASHBOARD_SCOPES = ['identity.basic', 'insurance.status', 'insurance.contributions', 'medical.records'] as const;
  const read = (token: string) => t.gql('{ me { insurance { city } } }', {}, { token });
  const tokenRow = (token: string) => and(eq(oauthModels.model, 'AccessToken'), eq(oauthModels.id, createHash('sha256').update(token).digest('base64url')));
  const grantRow = async (token: string) => {
    const [row] = await t.database.db.select({ grantId: oauthModels.grantId }).from(oauthModels).where(tokenRow(token));
    return and(eq(oauthModels.model, 'Grant'), eq(oauthModels.id, row!.grantId!));
  };
  const past = () => new Date(Date.now() - 1000);
  const pastEpoch = () => Math.floor(Date.now() / 1000) - 1;

  /** A new token that reads (200), then `change`, then the very next request with it. */
  const nextRequestAfter = async (change: (token: string) => Promise<unknown>) => {
    const session = await partnerTokens(t.url, owner, { scopes: ['insurance.status'] });
    expect((await read(session.accessToken)).status).toBe(200);
    await change(session.accessToken);
    return read(session.accessToken);
  };
  const onPartnerRow = async (change: Partial<typeof partners.$inferInsert>) => {
    const [before] = await t.database.db.select().from(partners).where(eq(partners.id, insurerId));
    return {
      apply: () => t.database.db.update(partners).set(change).where(eq(partners.id, insurerId)),
      restore: () => t.database.db.update(partners).set(before!).where(eq(partners.id, insurerId)),
    };
  };

  it('is one statement for a Bearer token in the steady state (token, grant, partner and consent version together)', async () => {
    const session = await partnerTokens(t.url, owner, { scopes: [...DASHBOARD_SCOPES] });
    expect((await t.gql(PARTNER_DASHBOARD, {}, { token: session.accessToken })).errors).toBeUndefined(); // the decision cache is warm
    const statements: string[] = [];
    const stop = t.database.onQuery((query) => statements.push(query));
    try {
      const result = await t.gql(PARTNER_DASHBOARD, {}, { token: session.accessToken });
      expect(result.errors).toBeUndefined();
      expect(result.data.me.insurance.city).toEqual(expect.any(String));
    } finally {
      stop();
    }
    const tokenCheck = statements.filter((query) => /"(oauth_models|partners)"/.test(query));
    expect(tokenCheck).toHaveLength(1);
    expect(tokenCheck[0]).toMatch(/"accounts"/);
  });

  it('refuses the very next request after a withdrawal (the grant ends)', async () => {
    expect((await nextRequestAfter(() => withdraw())).status).toBe(401);
  });

  it('refuses the very next request after a suspension, and after the row alone turns inactive', async () => {
    const suspended = await onPartnerRow({ active: false });
    try {
      expect((await nextRequestAfter(() => t.app.services.partnerAccess.suspendPartner(insurerId))).status).toBe(401);
      await suspended.restore();
      // The grant stays; only the row says no: nothing of the last answer is kept.
      expect((await nextRequestAfter(() => suspended.apply())).status).toBe(401);
    } finally {
      await suspended.restore();
    }
  });

  it('refuses the very next request once the partner is no longer consistently registered', async () => {
    const inconsistent = await onPartnerRow({ redirectUris: [] });
    try {
      expect((await nextRequestAfter(() => inconsistent.apply())).status).toBe(401);
    } finally {
      await inconsistent.restore();
    }
  });

  it('refuses an expired token, whether its row or its payload says so', async () => {
    expect((await nextRequestAfter((token) => t.database.db.update(oauthModels).set({ expiresAt: past() }).where(tokenRow(token)))).status).toBe(401);
    const byPayload = await nextRequestAfter((token) =>
      t.database.db
        .update(oauthModels)
        .set({ payload: sql`jsonb_set(${oauthModels.payload}, '{exp}', to_jsonb(${pastEpoch()}::int))` })
        .where(tokenRow(token)),
    );
    expect(byPayload.status).toBe(401);
  });

  it('refuses a token whose grant expired, whether its row or its payload says so', async () => {
    expect((await nextRequestAfter(async (token) => t.database.db.update(oauthModels).set({ expiresAt: past() }).where(await grantRow(token)))).status).toBe(401);
    const byPayload = await nextRequestAfter(async (token) =>
      t.database.db
        .update(oauthModels)
        .set({ payload: sql`jsonb_set(${oauthModels.payload}, '{exp}', to_jsonb(${pastEpoch()}::int))` })
        .where(await grantRow(token)),
    );
    expect(byPayload.status).toBe(401);
  });

  it('refuses a token whose grant is gone, or is another person’s or another client’s', async () => {
    expect((await nextRequestAfter(async (token) => t.database.db.delete(oauthModels).where(await grantRow(token)))).status).toBe(401);
    for (const [key, value] of [
      ['accountId', '00000000-0000-4000-8000-000000000000'],
      ['clientId', 'another-client'],
    ]) {
      const mismatch = await nextRequestAfter(async (token) =>
        t.database.db
          .update(oauthModels)
          .set({ payload: sql`jsonb_set(${oauthModels.payload}, ${`{${key}}`}::text[], to_jsonb(${value}::text))` })
          .where(await grantRow(token)),
      );
      expect(mismatch.status, key).toBe(401);
    }
  });

  it('refuses a token for another resource (audience)', async () => {
    const other = await nextRequestAfter((token) =>
      t.database.db
        .update(oauthModels)
        .set({ payload: sql`jsonb_set(${oauthModels.payload}, '{aud}', to_jsonb('https://elsewhere.example/graphql'::text))` })
        .where(tokenRow(token)),
    );
    expect(other.status).toBe(401);
  });
});
