// No log line carries personal data: a realistic sequence (register, link a card, read, grant a
// partner, the partner reads, withdraw, a string of errors, and two unexpected failures whose
// messages carry personal values and SQL parameters), then the whole server log is searched for
// every personal value the sequence used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_INSURER_CLIENT_ID } from '../../src/seed/demo.js';
import { SimulatedPlatform } from '../../src/platform/simulated-platform.js';
import type { PlatformRecord } from '../../src/platform/platform.js';
import { partnerTokens } from '../support/partner-flow.js';
import { currentAgreement } from '../support/test-app.js';
import { sessionCookie, startProductionServer, trustedDocument, type ProductionServer } from './production-server.js';

const PHONE = '13987654321';
const PASSWORD = 'Log-Search-Secret-77';
const DISPLAY_NAME = '日志测试人';
const CARD = 'LG7654321';
/** The platform answers these cards with a failure that quotes the card, and with a record the database refuses. */
const CARD_UPSTREAM_FAILS = 'LGFAIL001';
const CARD_DATABASE_FAILS = 'LGNUL0001';

class LeakyPlatform extends SimulatedPlatform {
  override async fetchRecord(cardNumber: string, queryPassword: string, signal?: AbortSignal): Promise<PlatformRecord> {
    if (cardNumber === CARD_UPSTREAM_FAILS) throw new Error(`upstream refused card ${cardNumber} for ${PHONE}`);
    const record = await super.fetchRecord(cardNumber === CARD_DATABASE_FAILS ? CARD : cardNumber, queryPassword, signal);
    // A real name PostgreSQL cannot store: the insert fails with drizzle's "params: …" in its message.
    return cardNumber === CARD_DATABASE_FAILS ? { ...record, profile: { ...record.profile, realName: `${record.profile.realName}\u0000` } } : record;
  }
}

let t: ProductionServer;
beforeAll(async () => {
  t = await startProductionServer({ platform: new LeakyPlatform(), logLevel: 'debug' });
});
afterAll(() => t?.close());

async function call(body: unknown, headers: Record<string, string> = {}) {
  const response = await t.post(body, headers);
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe('the server log', () => {
  it('carries no phone, ID or card number, name, account id, token, password or submitted value', async () => {
    const personal: string[] = [PHONE, PASSWORD, DISPLAY_NAME, CARD, CARD_UPSTREAM_FAILS, CARD_DATABASE_FAILS];

    // Register and link a card, as the PWA does.
    expect((await call(trustedDocument('RequestRegistrationCode', { phone: PHONE }))).status).toBe(200);
    const code = await t.app.services.accounts.developmentSmsCode(PHONE);
    const registered = await call(trustedDocument('Register', { input: { phone: PHONE, code, password: PASSWORD, displayName: DISPLAY_NAME, agreement: await currentAgreement(t) } }));
    const token = /shebao_session=([^;]+)/.exec(registered.headers.get('set-cookie') ?? '')![1]!;
    const session = sessionCookie(token);
    expect((await call(trustedDocument('LinkSocialInsuranceCard', { cardNumber: CARD, queryPassword: '123456' }), session)).body.errors).toBeUndefined();

    // Read it back as the PWA does; the platform's record holds the values to look for in the log.
    const me = await call(trustedDocument('DashboardGreeting'), session);
    const personId: string = me.body.data.me.id;
    const accountId = Buffer.from(personId, 'base64url').toString().split(':')[1]!;
    const { profile } = await new SimulatedPlatform().fetchRecord(CARD, '123456');
    const identity = { realName: profile.realName };
    personal.push(token, personId, accountId, profile.realName, profile.idNumber);

    // Share with a partner, who reads; then withdraw.
    const notice = await call({ query: '{ privacyNotice { version } }' });
    const partnerId = (await t.app.services.partners.activeByClientId(DEMO_INSURER_CLIENT_ID))!.id;
    const recipient = { type: 'PARTNER', partnerId };
    const granted = await call(trustedDocument('GrantConsent', { input: { noticeVersion: notice.body.data.privacyNotice.version, purpose: 'PARTNER_SHARING', recipient, categories: ['identity.basic'] } }), session);
    expect(granted.body.errors).toBeUndefined();
    const partnerToken = (await partnerTokens(t.url, token, { scopes: ['identity.basic'] })).accessToken;
    personal.push(partnerToken);
    const read = await call({ query: '{ me { identity { realName } } }' }, { authorization: `Bearer ${partnerToken}` });
    expect(read.body.data.me.identity.realName).toBe(identity.realName);
    expect((await call(trustedDocument('WithdrawConsent', { input: { purpose: 'PARTNER_SHARING', recipient } }), session)).body.errors).toBeUndefined();

    // Errors of every kind, each carrying personal values.
    await call(trustedDocument('SignIn', { phone: PHONE, password: `${PASSWORD}-wrong` }));
    await call(trustedDocument('ReportSearch', { query: `${PHONE}\u0000` }), session);
    await call({ query: `{ publicProfile(id: "${PHONE}") { displayName } }` });
    await call({ query: `{ me { ${DISPLAY_NAME} } }` });
    await call({ query: 'query($l: Locale!) { partners(locale: $l) { id } }', variables: { l: PHONE } });
    await call({ query: '{ me { id } }' }, { authorization: `Bearer ${token}x` });
    await fetch(`${t.url}/people/${PHONE}?card=${CARD}`);
    await call('{"query": "' + PHONE);
    // Two unexpected failures: masked for the client, logged for operators.
    const upstream = await call(trustedDocument('LinkSocialInsuranceCard', { cardNumber: CARD_UPSTREAM_FAILS, queryPassword: '123456', replace: true }), session);
    expect(upstream.body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    const database = await call(trustedDocument('RefreshSocialInsuranceData', { queryPassword: '123456' }), session);
    expect(database.body.errors).toBeUndefined();
    const refused = await call(trustedDocument('LinkSocialInsuranceCard', { cardNumber: CARD_DATABASE_FAILS, queryPassword: '123456', replace: true }), session);
    expect(refused.body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(refused.body)).not.toMatch(/params|insert|select/i);

    const log = t.log();
    expect(log).toMatch(/unexpected GraphQL error/); // the failures were logged…
    expect(log).toMatch(/"sqlState":"22021"|"sqlState":"22P05"/);
    for (const value of personal) expect(log, `the log carries ${value.slice(0, 6)}…`).not.toContain(value);
    expect(log).not.toContain(PHONE.slice(3)); // nor the number without its prefix
    expect(log).not.toMatch(/params:|Failed query/);
  });
});
