// The rules around an account that a person meets on their phone: the registration agreement,
// SMS codes bound to one purpose (sign-in, password reset), the lockout's wait, one device per
// installation across sign-outs, and managing the linked card (masked, refreshed, replaced only
// when confirmed).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unmetPasswordRules } from '@shebao/vocabulary';
import { rowsOf } from '../src/db/database.js';
import { maskCardNumber } from '../src/modules/insurance/card-linking.service.js';
import { currentAgreement, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let serial = 0;
/** A number no other test (or earlier run on a shared database) has used. */
const freshPhone = () => `135${String(Date.now() % 1e6).padStart(6, '0')}${String(serial++ % 100).padStart(2, '0')}`;

beforeAll(async () => {
  // This file sends more codes from one address than a day allows; the per-number rules stay as shipped.
  t = await startTestApp({ env: { SHEBAO_LIMITS: JSON.stringify({ registrationCodes: { perAddressPerDay: { limit: 1000 } }, signIn: { perAddress: { free: 1000 } } }) } });
});
afterAll(() => t?.close());

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await t.database.db.execute(query));
}

async function codeFor(phone: string, purpose: 'REGISTRATION' | 'SIGN_IN' | 'PASSWORD_RESET'): Promise<string> {
  const sent = await t.gql('mutation($p: String!, $u: SmsCodePurpose!) { requestSmsCode(phone: $p, purpose: $u) }', { p: phone, u: purpose });
  expect(sent.errors).toBeUndefined();
  return (await t.gql('query($p: String!) { developmentSmsCode(phone: $p) }', { p: phone })).data.developmentSmsCode;
}

/** Lets the next code go out at once (the resend gap is a minute). */
async function forgetResendGap(): Promise<void> {
  await t.database.db.execute(sql`delete from throttle_counters where scope = 'sms-code:number-resend'`);
}

const REGISTER = 'mutation($i: RegisterInput!) { register(input: $i) { token } }';

async function register(phone: string, password = 'Recovery-Test-42'): Promise<string> {
  const code = await codeFor(phone, 'REGISTRATION');
  await forgetResendGap();
  const r = await t.gql(REGISTER, { i: { phone, code, password, agreement: await currentAgreement(t) } });
  expect(r.errors).toBeUndefined();
  return r.data.register.token;
}

const accountIdOf = async (phone: string) => (await rows<{ id: string }>(sql`select id from accounts where phone_hash = ${t.app.crypto.lookupHash(`+86${phone}`)}`))[0]?.id;

describe('registration needs the agreement, and records it', () => {
  it('refuses without the agreement (nothing written, code still good), then records both documents', async () => {
    const phone = freshPhone();
    const code = await codeFor(phone, 'REGISTRATION');
    const refused = await t.gql(REGISTER, { i: { phone, code, password: 'Agreement-Test-42' } });
    expect(refused.errors?.[0]?.extensions).toEqual({ code: 'AGREEMENT_REQUIRED', field: 'agreement' });
    expect(await accountIdOf(phone)).toBeUndefined();

    const docs = await t.gql('{ userAgreement(locale: EN) { version hash title sections { heading body } } privacyNotice { version hash } }');
    expect(docs.data.userAgreement.title).toBe('Shebao user agreement');
    expect(docs.data.userAgreement.sections.length).toBeGreaterThan(3);
    const agreement = { userAgreementVersion: docs.data.userAgreement.version, privacyNoticeVersion: docs.data.privacyNotice.version };
    const stale = await t.gql(REGISTER, { i: { phone, code, password: 'Agreement-Test-42', agreement: { ...agreement, privacyNoticeVersion: agreement.privacyNoticeVersion + 1 } } });
    expect(stale.errors?.[0]?.extensions?.code).toBe('AGREEMENT_REQUIRED');

    const before = Date.now();
    const ok = await t.gql(REGISTER, { i: { phone, code, password: 'Agreement-Test-42', agreement } });
    expect(ok.errors).toBeUndefined();
    const accountId = await accountIdOf(phone);
    const recorded = await rows<{ document: string; version: number; content_hash: string; agreed_at: string | Date }>(
      sql`select document, version, content_hash, agreed_at from account_agreements where account_id = ${accountId} order by document::text`,
    );
    expect(recorded.map(({ document, version, content_hash }) => ({ document, version, content_hash }))).toEqual([
      { document: 'PRIVACY_NOTICE', version: agreement.privacyNoticeVersion, content_hash: docs.data.privacyNotice.hash },
      { document: 'USER_AGREEMENT', version: agreement.userAgreementVersion, content_hash: docs.data.userAgreement.hash },
    ]);
    expect(new Date(recorded[0]!.agreed_at).getTime()).toBeGreaterThanOrEqual(before - 5_000);
  });

  it('names each unmet part of the shared password rule, next to the password field', async () => {
    const phone = freshPhone();
    const r = await t.gql(REGISTER, { i: { phone, code: '000000', password: 'password1234', agreement: await currentAgreement(t) } });
    expect(r.errors?.[0]?.extensions).toEqual({ code: 'WEAK_PASSWORD', field: 'password', unmet: unmetPasswordRules('password1234', phone) });
    expect(r.errors?.[0]?.extensions?.unmet).toEqual(['classes', 'notCommon']);
  });
});

describe('SMS codes: hashed, single-use, short-lived, bound to their purpose', () => {
  it('stores only a hash of the code, with its purpose', async () => {
    const phone = freshPhone();
    await register(phone);
    const code = await codeFor(phone, 'SIGN_IN');
    const stored = await rows<{ purpose: string; code_hash: string }>(sql`select purpose, code_hash from phone_verifications where phone_hash = ${t.app.crypto.lookupHash(`+86${phone}`)} order by created_at desc limit 1`);
    expect(stored[0]!.purpose).toBe('SIGN_IN');
    expect(stored[0]!.code_hash).not.toContain(code);
  });

  it('signs in by SMS code once; the same code, or a registration code, does not sign in', async () => {
    const phone = freshPhone();
    await register(phone);
    const SIGN_IN = 'mutation($p: String!, $c: String!) { signInWithSmsCode(phone: $p, code: $c) { token } }';

    // A REGISTRATION code is for registering only.
    await forgetResendGap();
    const registrationCode = await codeFor(phone, 'REGISTRATION');
    expect((await t.gql(SIGN_IN, { p: phone, c: registrationCode })).errors?.[0]?.extensions?.code).toBe('CODE_INVALID');

    await forgetResendGap();
    const code = await codeFor(phone, 'SIGN_IN');
    const first = await t.gql(SIGN_IN, { p: phone, c: code });
    expect(first.errors).toBeUndefined();
    expect((await t.gql('{ me { phone } }', {}, { token: first.data.signInWithSmsCode.token })).data.me.phone).toBe(`+86${phone}`);
    const again = await t.gql(SIGN_IN, { p: phone, c: code });
    expect(again.errors?.[0]?.extensions).toEqual({ code: 'CODE_INVALID', field: 'code' });
  });

  it('sends sign-in and reset codes only to numbers with an account, answering the same either way', async () => {
    const phone = freshPhone();
    const sent = await t.gql('mutation($p: String!) { requestSmsCode(phone: $p, purpose: PASSWORD_RESET) }', { p: phone });
    expect(sent.data.requestSmsCode).toBe(true);
    expect((await t.gql('query($p: String!) { developmentSmsCode(phone: $p) }', { p: phone })).data.developmentSmsCode).toBeNull();
  });

  it('throttles code requests per number: the next one waits, and says how long', async () => {
    const phone = freshPhone();
    await register(phone);
    await codeFor(phone, 'PASSWORD_RESET');
    const again = await t.gql('mutation($p: String!) { requestSmsCode(phone: $p, purpose: PASSWORD_RESET) }', { p: phone });
    expect(again.status).toBe(429);
    expect(again.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(again.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(again.errors?.[0]?.extensions?.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('resets the password by code: single use, every other session ends, old password refused', async () => {
    const phone = freshPhone();
    const oldSession = await register(phone, 'Before-Reset-42');
    const RESET = 'mutation($p: String!, $c: String!, $n: String!) { resetPassword(phone: $p, code: $c, newPassword: $n) { token } }';
    const code = await codeFor(phone, 'PASSWORD_RESET');

    // The new password meets the same rule as at registration; a weak one spends nothing.
    const weak = await t.gql(RESET, { p: phone, c: code, n: 'short' });
    expect(weak.errors?.[0]?.extensions?.code).toBe('WEAK_PASSWORD');

    const reset = await t.gql(RESET, { p: phone, c: code, n: 'After-Reset-2026' });
    expect(reset.errors).toBeUndefined();
    expect((await t.gql('{ me { id } }', {}, { token: reset.data.resetPassword.token })).errors).toBeUndefined();
    expect((await t.gql('{ me { id } }', {}, { token: oldSession })).status).toBe(401);

    expect((await t.gql(RESET, { p: phone, c: code, n: 'Third-Password-2026' })).errors?.[0]?.extensions?.code).toBe('CODE_INVALID');
    const SIGN_IN = 'mutation($p: String!, $w: String!) { signIn(phone: $p, password: $w) { token } }';
    expect((await t.gql(SIGN_IN, { p: phone, w: 'Before-Reset-42' })).errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
    expect((await t.gql(SIGN_IN, { p: phone, w: 'After-Reset-2026' })).errors).toBeUndefined();
  });

  it('refuses an expired code, and voids a code after five wrong tries', async () => {
    const phone = freshPhone();
    await register(phone);
    const RESET = 'mutation($p: String!, $c: String!) { resetPassword(phone: $p, code: $c, newPassword: "Never-Applied-2026") { token } }';
    const phoneHash = t.app.crypto.lookupHash(`+86${phone}`);

    await forgetResendGap();
    const expiring = await codeFor(phone, 'PASSWORD_RESET');
    await t.database.db.execute(sql`update phone_verifications set expires_at = now() - interval '1 second' where phone_hash = ${phoneHash} and purpose = 'PASSWORD_RESET'`);
    expect((await t.gql(RESET, { p: phone, c: expiring })).errors?.[0]?.extensions?.code).toBe('CODE_INVALID');

    await forgetResendGap();
    const code = await codeFor(phone, 'PASSWORD_RESET');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i += 1) expect((await t.gql(RESET, { p: phone, c: wrong })).errors?.[0]?.extensions?.code).toBe('CODE_INVALID');
    expect((await t.gql(RESET, { p: phone, c: code })).errors?.[0]?.extensions?.code).toBe('CODE_INVALID');
  });
});

describe('sign-in lockout and sessions', () => {
  it("says how long a locked number waits, and an SMS code still gets the person in", async () => {
    const phone = freshPhone();
    await register(phone);
    const SIGN_IN = 'mutation($p: String!) { signIn(phone: $p, password: "Not-The-Password-1") { token } }';
    let last;
    for (let i = 0; i < 6; i += 1) last = await t.gql(SIGN_IN, { p: phone });
    expect(last!.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(last!.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);

    await forgetResendGap();
    const code = await codeFor(phone, 'SIGN_IN');
    const bySms = await t.gql('mutation($p: String!, $c: String!) { signInWithSmsCode(phone: $p, code: $c) { token } }', { p: phone, c: code });
    expect(bySms.errors).toBeUndefined();
  });

  it('keeps one device per installation across sign-out and sign-in', async () => {
    const phone = freshPhone();
    let token = await register(phone, 'Device-Test-2026');
    const { privacyNoticeVersion } = await currentAgreement(t);
    await t.gql('mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id } }', { i: { noticeVersion: privacyNoticeVersion, purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories: ['device.info'] } }, { token });
    const installation = crypto.randomUUID();
    for (let round = 0; round < 3; round += 1) {
      const reported = await t.gql('mutation($i: DeviceInput!) { reportDevice(input: $i) }', { i: { model: 'Phone', osVersion: 'Android 15', deviceIdentifier: installation } }, { token });
      expect(reported.errors).toBeUndefined();
      const out = await t.gql('mutation { signOut }', {}, { token });
      // The browser keeps site storage (where the installation id lives): only cookies and cache go.
      expect(out.headers.get('clear-site-data')).not.toContain('storage');
      token = (await t.gql('mutation($p: String!) { signIn(phone: $p, password: "Device-Test-2026") { token } }', { p: phone })).data.signIn.token;
    }
    const devices = await t.gql('{ me { devices { deviceIdentifier } } }', {}, { token });
    expect(devices.data.me.devices).toEqual([{ deviceIdentifier: installation }]);
  });
});

describe('the linked card', () => {
  const LINK = 'mutation($c: String!, $r: Boolean) { linkSocialInsuranceCard(cardNumber: $c, queryPassword: "123456", replace: $r) { linkedCard { maskedNumber linkedAt refreshedAt } } }';
  const CARD = '{ me { linkedCard { maskedNumber linkedAt refreshedAt } insurance { city } } }';

  it('masks numbers on the server', () => {
    expect(maskCardNumber('SH1234567')).toBe('SH*****67');
    expect(maskCardNumber('330106199001011234')).toBe('3301**********1234');
  });

  it('shows the masked card, refreshes it, and replaces it only when confirmed', async () => {
    const token = await register(freshPhone());
    expect((await t.gql(CARD, {}, { token })).data.me.linkedCard).toBeNull();
    const first = await t.gql(LINK, { c: 'RF1234567' }, { token });
    expect(first.errors).toBeUndefined();
    const linked = first.data.linkSocialInsuranceCard.linkedCard;
    expect(linked.maskedNumber).toBe('RF*****67');
    expect(JSON.stringify(await t.gql(CARD, {}, { token }))).not.toContain('RF1234567');

    const refreshed = await t.gql('mutation { refreshSocialInsuranceData(queryPassword: "123456") { linkedCard { linkedAt refreshedAt } } }', {}, { token });
    expect(refreshed.errors).toBeUndefined();
    expect(refreshed.data.refreshSocialInsuranceData.linkedCard.linkedAt).toBe(linked.linkedAt);
    expect(new Date(refreshed.data.refreshSocialInsuranceData.linkedCard.refreshedAt).getTime()).toBeGreaterThan(new Date(linked.refreshedAt).getTime());

    // The same card again is a refresh, not a replacement: no confirmation needed.
    expect((await t.gql(LINK, { c: 'RF1234567' }, { token })).errors).toBeUndefined();

    const counters = async () => (await rows<{ n: number }>(sql`select count(*)::int as n from throttle_counters where scope like 'card-password:%'`))[0]!.n;
    const countersBefore = await counters();
    const unconfirmed = await t.gql(LINK, { c: 'RF7654321' }, { token });
    expect(unconfirmed.errors?.[0]?.extensions).toEqual({ code: 'CARD_REPLACE_UNCONFIRMED', field: 'replace' });
    expect(JSON.stringify(unconfirmed.errors)).not.toContain('RF7654321');
    expect((await t.gql(CARD, {}, { token })).data.me.linkedCard.maskedNumber).toBe('RF*****67');
    // Refused before the platform was asked: no query-password attempt was counted.
    expect(await counters()).toBe(countersBefore);

    const replaced = await t.gql(LINK, { c: 'RF7654321', r: true }, { token });
    expect(replaced.errors).toBeUndefined();
    expect(replaced.data.linkSocialInsuranceCard.linkedCard.maskedNumber).toBe('RF*****21');
  });
});
