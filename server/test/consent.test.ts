// The consent ledger end to end: the notice as data, separate consent, receipts anyone can
// verify, withdrawal that takes effect on the very next request, gated collection, access records.
import { and, eq, sql } from 'drizzle-orm';
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/db/database.js';
import { accessRecords, consentEvents, locationSamples } from '../src/db/schema.js';
import type { NoticeContent } from '../src/authz/notice-registry.js';
import { NOTICE_V1 } from '../src/modules/consent/index.js';
import { SimulatedPlatform } from '../src/platform/simulated-platform.js';
import type { DataCategory } from '@shebao/vocabulary';
import { partnerTokens } from './support/partner-flow.js';
import { registerWithCard, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let owner: string;
const platform = new SimulatedPlatform();
const GRANT = 'mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id jws payload consentVersion } }';
const WITHDRAW = 'mutation($i: WithdrawConsentInput!) { withdrawConsent(input: $i) { version grants { purpose categories current } renewalNeeded } }';
const currentNotice = async () => (await t.gql('{ privacyNotice { version } }')).data.privacyNotice.version as number;
const grant = (token: string, input: Record<string, unknown>) => t.gql(GRANT, { i: input }, { token });
/** The demo insurer's access token after the person grants `scopes` on its consent screen. */
const insurerToken = async (session: string, scopes: DataCategory[]) => (await partnerTokens(t.url, session, { scopes })).accessToken;

beforeAll(async () => {
  t = await startTestApp({ platform });
  owner = await t.signInDemo();
});
afterAll(() => t?.close());

async function demoSubjectId(): Promise<string> {
  const [row] = rowsOf<{ id: string }>(await t.database.db.execute(sql`select account_id as id from social_insurance_cards where card_number_hash = ${t.app.crypto.lookupHash('DEMO00001')}`));
  return row!.id;
}

describe('the privacy notice as data', () => {
  it('renders zh-CN and English text from the same purposes', async () => {
    const zh = (await t.gql('{ privacyNotice(locale: ZH_CN) { version hash title text purposes { purpose name necessary separateConsent categories { id sensitive } } } }')).data.privacyNotice;
    const en = (await t.gql('{ privacyNotice(locale: EN) { hash text purposes { purpose name } } }')).data.privacyNotice;
    expect(zh.hash).toBe(en.hash);
    expect(zh.purposes.map((p: any) => p.purpose)).toEqual(NOTICE_V1.purposes.map((p) => p.purpose));
    for (const spec of NOTICE_V1.purposes) {
      expect(zh.text).toContain(spec.name.zh);
      expect(en.text).toContain(spec.name.en);
    }
    expect(zh.text).toContain('继续使用本服务不视为同意');
    expect(zh.purposes.find((p: any) => p.purpose === 'PARTNER_SHARING').separateConsent).toBe(true);
  });
});

describe('grants', () => {
  it('refuse to bundle sensitive categories, and refuse an outdated notice', async () => {
    const version = await currentNotice();
    const bundled = await grant(owner, { noticeVersion: version, purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories: ['insurance.balance', 'medical.records'] });
    expect(bundled.errors?.[0]?.extensions?.code).toBe('SEPARATE_CONSENT_REQUIRED');
    const mixed = await grant(owner, { noticeVersion: version, purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories: ['device.info', 'location'] });
    expect(mixed.errors?.[0]?.extensions?.code).toBe('SEPARATE_CONSENT_REQUIRED');
    const outdated = await grant(owner, { noticeVersion: version - 1, purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories: ['device.info'] });
    expect(outdated.errors?.[0]?.extensions?.code).toBe('NOTICE_OUTDATED');
    const wrongRecipient = await grant(owner, { noticeVersion: version, purpose: 'PARTNER_SHARING', recipient: { type: 'SERVICE' }, categories: ['identity.basic'] });
    expect(wrongRecipient.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('several grants in one step are all written, or none when one of them breaks a rule', async () => {
    const person = await registerWithCard(t, `137${String(Date.now()).slice(-8)}`, `GA${String(Date.now()).slice(-7)}`);
    const version = await currentNotice();
    const GRANTS = 'mutation($i: [GrantConsentInput!]!) { grantConsents(inputs: $i) { id consentVersion } }';
    const STATE = '{ me { consents { version grants { purpose categories current } } } }';
    const svc = (categories: string[]) => ({ noticeVersion: version, purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories });
    const before = (await t.gql(STATE, {}, { token: person })).data.me.consents;

    // One bundled sensitive pair spoils the whole step: nothing is written.
    const refused = await t.gql(GRANTS, { i: [svc(['device.info']), svc(['insurance.balance', 'medical.records'])] }, { token: person });
    expect(refused.errors?.[0]?.extensions?.code).toBe('SEPARATE_CONSENT_REQUIRED');
    expect((await t.gql(STATE, {}, { token: person })).data.me.consents.version).toBe(before.version);

    const ok = await t.gql(GRANTS, { i: [svc(['device.info', 'app.instance']), svc(['insurance.balance']), svc(['medical.records'])] }, { token: person });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.grantConsents).toHaveLength(3);
    // One transaction: one consent version for the whole step.
    expect(new Set(ok.data.grantConsents.map((r: { consentVersion: number }) => r.consentVersion)).size).toBe(1);
    const after = (await t.gql(STATE, {}, { token: person })).data.me.consents;
    const granted = after.grants.filter((g: { current: boolean; purpose: string }) => g.current && g.purpose === 'SERVICE').flatMap((g: { categories: string[] }) => g.categories);
    expect(granted).toEqual(expect.arrayContaining(['device.info', 'app.instance', 'insurance.balance', 'medical.records']));
    expect((await t.gql(GRANTS, { i: [] }, { token: person })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('yield a signed receipt anyone can verify against the published key', async () => {
    const version = await currentNotice();
    const receipt = (await grant(owner, { noticeVersion: version, purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories: ['insurance.balance'] })).data.grantConsent;
    const jwks = (await (await fetch(`${t.url}/.well-known/jwks.json`)).json()) as { keys: any[] };
    const { payload, protectedHeader } = await compactVerify(receipt.jws, createLocalJWKSet(jwks as never));
    const claims = JSON.parse(new TextDecoder().decode(payload));
    expect(protectedHeader.alg).toBe('ES256');
    expect(claims).toMatchObject({ version: 'KI-CR-v1.1.0', consentReceiptID: receipt.id, noticeVersion: version, sensitive: true, spiCat: ['insurance.balance'] });
    expect(claims.services[0].purposes[0]).toMatchObject({ purpose: 'SERVICE', piiCategory: ['insurance.balance'], consentType: 'EXPLICIT' });
    // Tampering breaks the signature.
    const [h, p, s] = receipt.jws.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, spiCat: [] })).toString('base64url')}.${s}`;
    await expect(compactVerify(forged, createLocalJWKSet(jwks as never))).rejects.toThrow();
    void p;
  });
});

describe('withdrawal takes effect at once, everywhere', () => {
  it('a partner loses the category on its very next request; the access-record chain holds', async () => {
    const partnerToken = await insurerToken(owner, ['insurance.contributions', 'identity.basic']);
    const read = await t.gql('query Underwriting { me { contributions(last: 2) { base } identity { realName } } }', {}, { token: partnerToken });
    expect(read.errors).toBeUndefined();
    const versionBefore = read.extensions!.consentVersion;

    const partnerId = (await t.gql('{ partners { id clientId } }')).data.partners.find((p: any) => p.clientId === 'demo-insurer').id;
    const withdrawn = await t.gql(WITHDRAW, { i: { purpose: 'PARTNER_SHARING', recipient: { type: 'PARTNER', partnerId }, categories: ['insurance.contributions'] } }, { token: owner });
    expect(withdrawn.errors).toBeUndefined();
    expect(withdrawn.extensions!.consentVersion).toBeGreaterThan(versionBefore);

    const again = await t.gql('query Underwriting { me { contributions(last: 2) { base } identity { realName } } }', {}, { token: partnerToken });
    expect(again.data.me.contributions).toBeNull();
    expect(again.data.me.identity.realName).toEqual(expect.any(String));
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', category: 'insurance.contributions', reason: 'NO_CONSENT' });

    // Both partner reads are in the person's access log, with what was read.
    const log = await t.gql('{ me { accessLog(first: 5) { nodes { principalType categories purpose operationName partner { clientId } } } } }', {}, { token: owner });
    expect(log.data.me.accessLog.nodes.slice(0, 2)).toEqual([
      { principalType: 'PARTNER', categories: ['identity.basic'], purpose: 'PARTNER_SHARING', operationName: 'Underwriting', partner: { clientId: 'demo-insurer' } },
      { principalType: 'PARTNER', categories: ['identity.basic', 'insurance.contributions'], purpose: 'PARTNER_SHARING', operationName: 'Underwriting', partner: { clientId: 'demo-insurer' } },
    ]);
    const partnerLog = await t.gql('{ me { accessLog { nodes { id } } } }', {}, { token: partnerToken });
    expect(partnerLog.data.me.accessLog).toBeNull();

    const subjectId = await demoSubjectId();
    expect(await t.app.services.accessLog.verifyChain(subjectId)).toMatchObject({ ok: true });
    // Alter a record: detected.
    await t.database.db.update(accessRecords).set({ categories: ['identity.basic'] }).where(and(eq(accessRecords.subjectId, subjectId), eq(accessRecords.seq, 1)));
    expect(await t.app.services.accessLog.verifyChain(subjectId)).toMatchObject({ ok: false, brokenAtSeq: 1, problem: 'HASH_MISMATCH' });
  });

  it('a removed access record is detected', async () => {
    const token = await registerWithCard(t, '13577770000', 'SH5550003');
    const partnerId = (await t.gql('{ partners { id clientId } }')).data.partners.find((p: any) => p.clientId === 'demo-insurer').id;
    await grant(token, { noticeVersion: await currentNotice(), purpose: 'PARTNER_SHARING', recipient: { type: 'PARTNER', partnerId }, categories: ['identity.basic'] });
    const partnerToken = await insurerToken(token, ['identity.basic']);
    for (let i = 0; i < 3; i += 1) await t.gql('{ me { identity { realName } } }', {}, { token: partnerToken });
    const [{ id: subjectId } = { id: "" }] = rowsOf<{ id: string }>(await t.database.db.execute(sql`select account_id as id from social_insurance_cards where card_number_hash = ${t.app.crypto.lookupHash('SH5550003')}`));
    expect(await t.app.services.accessLog.verifyChain(subjectId!)).toEqual({ ok: true, length: 3 });
    await t.database.db.delete(accessRecords).where(and(eq(accessRecords.subjectId, subjectId!), eq(accessRecords.seq, 2)));
    expect(await t.app.services.accessLog.verifyChain(subjectId!)).toMatchObject({ ok: false, brokenAtSeq: 2, problem: 'GAP' });
  });

  it('collection refuses without consent, stores with it, and the data goes with the withdrawal', async () => {
    const token = await registerWithCard(t, '13588880000', 'SH5550004');
    const report = () => t.gql('mutation { reportLocation(input: { source: GPS, latitude: 31.23, longitude: 121.47, accuracyMeters: 12 }) }', {}, { token });
    const refused = await report();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONSENT_REQUIRED', category: 'location' });
    const mine = async () => rowsOf<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from location_samples l join social_insurance_cards c on c.account_id = l.account_id where c.card_number_hash = ${t.app.crypto.lookupHash('SH5550004')}`))[0]!.n;
    expect(await mine()).toBe(0);

    const version = await currentNotice();
    expect((await grant(token, { noticeVersion: version, purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories: ['location'] })).errors).toBeUndefined();
    expect((await grant(token, { noticeVersion: version, purpose: 'PLATFORM_SYNC', recipient: { type: 'PLATFORM' }, categories: ['location'] })).errors).toBeUndefined();
    const sentBefore = platform.sentEnvironments.length;
    expect((await report()).data.reportLocation).toBe(true);
    expect(await mine()).toBe(1);
    expect(platform.sentEnvironments.length).toBe(sentBefore + 1);

    await t.gql(WITHDRAW, { i: { purpose: 'PLATFORM_SYNC', recipient: { type: 'PLATFORM' } } }, { token });
    await report();
    expect(platform.sentEnvironments.length).toBe(sentBefore + 1);
    expect(await mine()).toBe(2);

    await t.gql(WITHDRAW, { i: { purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories: ['location'] } }, { token });
    expect(await mine()).toBe(0);
    expect((await report()).errors?.[0]?.extensions?.code).toBe('CONSENT_REQUIRED');
    expect(await mine()).toBe(0);
    void locationSamples;
  });
});

describe('a new notice version', () => {
  it('makes grants for a changed purpose stop counting until the person agrees again', async () => {
    const token = await registerWithCard(t, '13599990000', 'SH5550005');
    const v1 = await currentNotice();
    await grant(token, { noticeVersion: v1, purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories: ['insurance.balance'] });
    expect((await t.gql('{ me { balances { amount } } }', {}, { token })).errors).toBeUndefined();

    const changed: NoticeContent = structuredClone(NOTICE_V1);
    const service = changed.purposes.find((p) => p.purpose === 'SERVICE')!;
    service.retentionDays = 60;
    const v2 = await t.app.services.notice.publish(changed);
    expect(v2).toBe(v1 + 1);

    const denied = await t.gql('{ me { balances { amount } consents { renewalNeeded } } }', {}, { token });
    expect(denied.data.me.balances).toBeNull();
    expect(denied.data.me.consents.renewalNeeded).toContain('SERVICE');
    const changes = (await t.gql('query($a: Int!, $b: Int!) { privacyNoticeChanges(from: $a, to: $b, locale: EN) { purpose change summary } }', { a: v1, b: v2 })).data.privacyNoticeChanges;
    expect(changes).toEqual([{ purpose: 'SERVICE', change: 'CHANGED', summary: expect.stringContaining('retention changed') }]);

    await grant(token, { noticeVersion: v2, purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories: ['insurance.balance'] });
    expect((await t.gql('{ me { balances { amount } } }', {}, { token })).errors).toBeUndefined();
    const events = await t.database.db.select().from(consentEvents).where(eq(consentEvents.noticeVersion, v2));
    expect(events.length).toBeGreaterThan(0);
  });
});

describe('other recipients and purposes', () => {
  it('product notices reach only the people who granted them', async () => {
    const token = await registerWithCard(t, '13566661111', 'SH5550006');
    expect(await t.app.services.productNotices.broadcast('feature_update', { version: '1.1' })).toBe(0);
    const version = await currentNotice();
    await grant(token, { noticeVersion: version, purpose: 'PRODUCT_NOTICES', recipient: { type: 'SERVICE' }, categories: ['account.contact'] });
    expect(await t.app.services.productNotices.broadcast('feature_update', { version: '1.2' })).toBe(1);
    await t.gql(WITHDRAW, { i: { purpose: 'PRODUCT_NOTICES', recipient: { type: 'SERVICE' } } }, { token });
    expect(await t.app.services.productNotices.broadcast('feature_update', { version: '1.3' })).toBe(0);
  });

  it('a public profile is readable by anyone only while the person keeps it public', async () => {
    const id = (await t.gql('{ me { id } }', {}, { token: owner })).data.me.id;
    const read = () => t.gql('query($id: ID!) { publicProfile(id: $id) { displayName } }', { id });
    expect((await read()).data.publicProfile).toBeNull();
    await t.gql('mutation { updateProfile(input: { isPublic: true, displayName: "小社" }) { isPublic } }', {}, { token: owner });
    expect((await read()).data.publicProfile).toEqual({ displayName: '小社' });
    await t.gql('mutation { updateProfile(input: { isPublic: false }) { isPublic } }', {}, { token: owner });
    expect((await read()).data.publicProfile).toBeNull();
  });
});

describe('access records fail closed', () => {
  it('releases no personal data to a partner when its access record cannot be written', async () => {
    const partnerToken = await insurerToken(owner, ['identity.basic']);
    await t.database.db.execute(sql`alter table access_records rename to access_records_away`);
    try {
      const r = await t.gql('{ me { identity { realName } } }', {}, { token: partnerToken });
      expect(r.data).toBeNull();
      expect(r.errors).toEqual([{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    } finally {
      await t.database.db.execute(sql`alter table access_records_away rename to access_records`);
    }
    expect((await t.gql('{ me { identity { realName } } }', {}, { token: partnerToken })).data.me.identity.realName).toEqual(expect.any(String));
  });
});
