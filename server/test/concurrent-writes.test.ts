// Concurrent writes from one person (and from several touching shared rows) never fail each
// other: every request of a burst is answered with success or a documented business error —
// never HTTP 5xx, INTERNAL_SERVER_ERROR or a deadlock — and afterwards the data is consistent:
// the consent ledger is in commit order with one event per change, nothing collected outlives a
// withdrawal it raced, unique outcomes (an open export, a card, an account) are stored once, and
// the access log chain verifies. Races are intermittent: on PostgreSQL, run it more than once.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/db/database.js';
import { accounts, consentEvents, dataSubjectRequests, devices, jobs, participations, socialInsuranceCards, supportGrants } from '../src/db/schema.js';
import { SimulatedPlatform } from '../src/platform/simulated-platform.js';
import { DEMO_PHONE_E164 } from '../src/seed/demo.js';
import { currentAgreement, startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';

const BURST = 24;
const platform = new SimulatedPlatform();
let t: TestApp;
let demo: string;
let demoId: string;
let noticeVersion: number;
let people = 0;

const GRANT = 'mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id consentVersion } }';
const GRANTS = 'mutation($i: [GrantConsentInput!]!) { grantConsents(inputs: $i) { id consentVersion } }';
const WITHDRAW = 'mutation($i: WithdrawConsentInput!) { withdrawConsent(input: $i) { version } }';
const LINK = 'mutation($c: String!) { linkSocialInsuranceCard(cardNumber: $c, queryPassword: "123456") { id } }';
const REFRESH = 'mutation { refreshSocialInsuranceData(queryPassword: "123456") { id } }';

beforeAll(async () => {
  // Many registrations and sign-ins come from one address here; the sign-in and code limits are not under test.
  const limits = { registrationCodes: { perAddressPerDay: { limit: 1000 } }, signIn: { perNumber: { free: 1000 }, perAddress: { free: 1000 } } };
  t = await startTestApp({ platform, env: { SHEBAO_LIMITS: JSON.stringify(limits) } });
  demo = await t.signInDemo();
  demoId = await accountIdOf(DEMO_PHONE_E164);
  noticeVersion = (await t.gql('{ privacyNotice { version } }')).data.privacyNotice.version;
});
afterAll(() => t?.close());

/**
 * Runs the requests all at once and asserts that each was answered with success or one of the
 * business errors `allowed`: no 5xx, no INTERNAL_SERVER_ERROR, no other code.
 */
async function burst(requests: Array<() => Promise<GraphQLResponse>>, allowed: readonly string[] = []): Promise<GraphQLResponse[]> {
  const responses = await Promise.all(requests.map((request) => request()));
  const unexpected = responses
    .filter((r) => r.status >= 500 || r.errors?.some((e) => !allowed.includes(e.extensions?.code)))
    .map((r) => ({ status: r.status, errors: r.errors?.map((e) => `${e.extensions?.code}: ${e.message}`) }));
  expect(unexpected).toEqual([]);
  return responses;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
const succeeded = (responses: GraphQLResponse[]) => responses.filter((r) => !r.errors);
const codesOf = (responses: GraphQLResponse[]) => responses.flatMap((r) => r.errors?.map((e) => e.extensions?.code) ?? []);

async function accountIdOf(phoneE164: string): Promise<string> {
  const [row] = await t.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.phoneHash, t.app.crypto.lookupHash(phoneE164)));
  return row!.id;
}

/** A phone number no other test of the file uses. */
function newPhone(): string {
  people += 1;
  return `136${String(process.pid % 1000).padStart(3, '0')}${String(people).padStart(5, '0')}`;
}

async function registrationCode(phone: string): Promise<string> {
  await t.gql('mutation($p: String!) { requestRegistrationCode(phone: $p) }', { p: phone });
  return (await t.gql('query($p: String!) { developmentSmsCode(phone: $p) }', { p: phone })).data.developmentSmsCode;
}

const register = async (phone: string, code: string) =>
  t.gql('mutation($i: RegisterInput!) { register(input: $i) { token } }', { i: { phone, code, password: 'Concurrent-Test-77', agreement: await currentAgreement(t) } });

/** A newly registered person with nothing linked or granted: their token and account id. */
async function newPerson(): Promise<{ token: string; accountId: string; phone: string }> {
  const phone = newPhone();
  const registered = await register(phone, await registrationCode(phone));
  expect(registered.errors).toBeUndefined();
  return { token: registered.data.register.token, accountId: await accountIdOf(`+86${phone}`), phone };
}

const service = (categories: string[]) => ({ noticeVersion, purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories });
const withdrawal = (categories: string[]) => ({ purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories });
const platformSync = (categories: string[]) => ({ noticeVersion, purpose: 'PLATFORM_SYNC', recipient: { type: 'PLATFORM' }, categories });

async function consentVersionOf(accountId: string): Promise<number> {
  const [row] = await t.database.db.select({ version: accounts.consentVersion }).from(accounts).where(eq(accounts.id, accountId));
  return row!.version;
}

/** The person's consent events after event `afterId`, in ledger (id) order. */
async function eventsAfter(accountId: string, afterId: number) {
  const rows = await t.database.db.select().from(consentEvents).where(eq(consentEvents.accountId, accountId));
  return rows.filter((r) => r.id > afterId).sort((a, b) => a.id - b.id);
}

async function lastEventId(accountId: string): Promise<number> {
  const [row] = rowsOf<{ id: number | null }>(await t.database.db.execute(sql`select max(id)::int as id from consent_events where account_id = ${accountId}`));
  return row?.id ?? 0;
}

async function grantedForService(token: string): Promise<string[]> {
  const state = (await t.gql('{ me { consents { grants { purpose recipient { type } categories current } } } }', {}, { token })).data.me.consents;
  return state.grants.filter((g: any) => g.current && g.purpose === 'SERVICE').flatMap((g: any) => g.categories).sort();
}

describe('concurrent consent changes by one person', () => {
  it(`${BURST} identical grants: each its own version, one event each, granted`, async () => {
    const [version, lastId] = [await consentVersionOf(demoId), await lastEventId(demoId)];
    const responses = await burst(times(BURST, () => () => t.gql(GRANT, { i: service(['device.info']) }, { token: demo })));

    const versions = responses.map((r) => r.data.grantConsent.consentVersion).sort((a, b) => a - b);
    expect(versions).toEqual(times(BURST, (i) => version + 1 + i));
    expect(await consentVersionOf(demoId)).toBe(version + BURST);
    expect((await eventsAfter(demoId, lastId)).map((e) => e.kind)).toEqual(times(BURST, () => 'GRANT'));
    expect(await grantedForService(demo)).toContain('device.info');
  });

  it(`${BURST} grants and withdrawals of one category interleaved: the ledger is in commit order and the state is the last change's`, async () => {
    const [version, lastId] = [await consentVersionOf(demoId), await lastEventId(demoId)];
    const responses = await burst(
      times(BURST, (i) => () => (i % 2 ? t.gql(WITHDRAW, { i: withdrawal(['insurance.balance']) }, { token: demo }) : t.gql(GRANT, { i: service(['insurance.balance']) }, { token: demo }))),
    );

    // Each change bumps the version once, under the account's lock: the versions are the commit
    // order. Grants report theirs; the withdrawals hold the rest.
    expect(await consentVersionOf(demoId)).toBe(version + BURST);
    const grantVersions = new Set(responses.filter((_, i) => i % 2 === 0).map((r) => r.data.grantConsent.consentVersion as number));
    expect(grantVersions.size).toBe(BURST / 2);
    const kindsInCommitOrder = times(BURST, (i) => (grantVersions.has(version + 1 + i) ? 'GRANT' : 'WITHDRAW'));
    // The ledger (read in id order to derive the state) has one event per change, in that order.
    expect((await eventsAfter(demoId, lastId)).map((e) => e.kind)).toEqual(kindsInCommitOrder);
    expect((await grantedForService(demo)).includes('insurance.balance')).toBe(kindsInCommitOrder.at(-1) === 'GRANT');
  });

  it(`${BURST} multi-grants with overlapping categories: each one transaction and one version, all recorded`, async () => {
    const [version, lastId] = [await consentVersionOf(demoId), await lastEventId(demoId)];
    const steps = [
      [service(['device.info', 'device.logs']), service(['location'])],
      [service(['device.logs', 'app.instance']), service(['location']), service(['medical.records'])],
      [service(['app.instance']), platformSync(['device.info']), platformSync(['location'])],
    ];
    const responses = await burst(times(BURST, (i) => () => t.gql(GRANTS, { i: steps[i % steps.length] }, { token: demo })));

    const versions = responses.map((r) => {
      const receiptVersions = new Set(r.data.grantConsents.map((g: { consentVersion: number }) => g.consentVersion));
      expect(receiptVersions.size).toBe(1);
      return [...receiptVersions][0] as number;
    });
    expect(versions.sort((a, b) => a - b)).toEqual(times(BURST, (i) => version + 1 + i));
    const expectedEvents = times(BURST, (i) => steps[i % steps.length]!.length).reduce((a, b) => a + b, 0);
    expect(await eventsAfter(demoId, lastId)).toHaveLength(expectedEvents);
    expect(await grantedForService(demo)).toEqual(expect.arrayContaining(['app.instance', 'device.info', 'device.logs', 'location', 'medical.records']));
  });
});

describe('concurrent profile and collection writes by one person', () => {
  it(`${BURST} profile updates: the last one wins whole, never a mix of two`, async () => {
    await burst(times(BURST, (i) => () => t.gql('mutation($i: ProfileInput!) { updateProfile(input: $i) { displayName } }', { i: { displayName: `名字${i}`, photoUrl: `https://example.org/${i}.png` } }, { token: demo })));
    const profile = (await t.gql('{ me { profile { displayName photoUrl } } }', {}, { token: demo })).data.me.profile;
    const n = /^名字(\d+)$/.exec(profile.displayName)?.[1];
    expect(n).toBeDefined();
    expect(profile.photoUrl).toBe(`https://example.org/${n}.png`);
  });

  it('device, event and location reports at once: one device row, every event and sample, a verifying access log', async () => {
    // Granted by the previous describe: SERVICE device.info/device.logs/location, PLATFORM_SYNC device.info/location.
    const identifier = `burst-${Date.now()}`;
    const count = async (table: 'device_events' | 'location_samples') =>
      rowsOf<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from ${sql.identifier(table)} where account_id = ${demoId}`))[0]!.n;
    const [eventsBefore, samplesBefore, chainBefore, sentBefore] = [await count('device_events'), await count('location_samples'), await t.app.services.accessLog.verifyChain(demoId), platform.sentEnvironments.length];
    const each = BURST / 3;
    await burst([
      ...times(each, (i) => () => t.gql('mutation($i: DeviceInput!) { reportDevice(input: $i) }', { i: { deviceIdentifier: identifier, model: `Model ${i}`, osVersion: '17.4', network: 'wifi' } }, { token: demo })),
      ...times(each, (i) => () => t.gql('mutation($i: DeviceEventInput!) { reportDeviceEvent(input: $i) }', { i: { kind: 'ACTIVITY', detail: `tap ${i}` } }, { token: demo })),
      ...times(each, (i) => () => t.gql('mutation($i: LocationInput!) { reportLocation(input: $i) }', { i: { source: 'GPS', latitude: 31.2 + i / 1000, longitude: 121.4, accuracyMeters: 10 } }, { token: demo })),
    ]);

    expect(await t.database.db.select().from(devices).where(and(eq(devices.accountId, demoId), eq(devices.deviceIdentifier, identifier)))).toHaveLength(1);
    expect(await count('device_events')).toBe(eventsBefore + each);
    expect(await count('location_samples')).toBe(samplesBefore + each);
    // Each device and location report went to the platform and left one access record.
    expect(platform.sentEnvironments.length).toBe(sentBefore + 2 * each);
    expect(await t.app.services.accessLog.verifyChain(demoId)).toEqual({ ok: true, length: chainBefore.length + 2 * each });
  });

  it('location reports racing a withdrawal of location: what was stored goes with it, nothing is stored after', async () => {
    // Three people, one burst each: the window (between the guard's check and the insert) is narrow.
    for (let round = 0; round < 3; round += 1) {
      const person = await newPerson();
      expect((await t.gql(GRANT, { i: service(['location']) }, { token: person.token })).errors).toBeUndefined();
      const report = () => t.gql('mutation { reportLocation(input: { source: WIFI, latitude: 31.2, longitude: 121.4 }) }', {}, { token: person.token });
      const withdraw = () => t.gql(WITHDRAW, { i: withdrawal(['location']) }, { token: person.token });
      const responses = await burst(times(BURST, (i) => (i === BURST / 3 ? withdraw : report)), ['CONSENT_REQUIRED']);
      expect(responses[BURST / 3]!.errors).toBeUndefined();
      const samples = rowsOf<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from location_samples where account_id = ${person.accountId}`))[0]!.n;
      expect(samples).toBe(0);
    }
  });
});

describe('concurrent requests that must have one outcome', () => {
  it('the same export filed at once: one open request, one job, the same answer to all', async () => {
    const person = await newPerson();
    const responses = await burst(times(BURST / 2, () => () => t.gql('mutation { fileDataRequest(input: { kind: EXPORT }) { id status } }', {}, { token: person.token })));
    expect(new Set(responses.map((r) => r.data.fileDataRequest.id)).size).toBe(1);
    const rows = await t.database.db.select().from(dataSubjectRequests).where(and(eq(dataSubjectRequests.accountId, person.accountId), eq(dataSubjectRequests.kind, 'EXPORT')));
    expect(rows).toHaveLength(1);
    expect(await t.database.db.select().from(jobs).where(eq(jobs.key, `rights.export:${rows[0]!.id}`))).toHaveLength(1);
  });

  it(`${BURST} support requests at once: each stored once with its own reference`, async () => {
    const person = await newPerson();
    const responses = await burst(times(BURST, (i) => () => t.gql('mutation($i: SupportRequestInput!) { openSupportRequest(input: $i) { reference request { id } } }', { i: { categories: ['account.profile'], hours: 1 + (i % 5) } }, { token: person.token })));
    expect(new Set(responses.map((r) => r.data.openSupportRequest.reference)).size).toBe(BURST);
    expect(await t.database.db.select().from(supportGrants).where(eq(supportGrants.accountId, person.accountId))).toHaveLength(BURST);
  });

  it('the same card linked twice at once, then refreshed twice at once: one card, no duplicated insurance rows', async () => {
    const person = await newPerson();
    const card = `CW${String(process.pid % 100_000).padStart(5, '0')}01`;
    const participationsOf = async () => (await t.database.db.select().from(participations).where(eq(participations.accountId, person.accountId))).length;

    await burst(times(2, () => () => t.gql(LINK, { c: card }, { token: person.token })));
    const cards = await t.database.db.select().from(socialInsuranceCards).where(eq(socialInsuranceCards.accountId, person.accountId));
    expect(cards).toHaveLength(1);
    const expected = (await platform.fetchRecord(card, '123456')).participations.length;
    expect(await participationsOf()).toBe(expected);

    await burst(times(2, () => () => t.gql(REFRESH, {}, { token: person.token })));
    expect(await participationsOf()).toBe(expected);
  });

  it('one card linked by two people at once: one gets it, the other a clean CARD_ALREADY_LINKED', async () => {
    const [a, b] = [await newPerson(), await newPerson()];
    const card = `CX${String(process.pid % 100_000).padStart(5, '0')}02`;
    const responses = await burst([a, b].map((p) => () => t.gql(LINK, { c: card }, { token: p.token })), ['CARD_ALREADY_LINKED']);
    expect(succeeded(responses)).toHaveLength(1);
    expect(codesOf(responses)).toEqual(['CARD_ALREADY_LINKED']);
    const owners = await t.database.db.select().from(socialInsuranceCards).where(inArray(socialInsuranceCards.accountId, [a.accountId, b.accountId]));
    expect(owners).toHaveLength(1);
  });

  it('two registrations of one phone at once: one account, the other refused cleanly', async () => {
    const phone = newPhone();
    const code = await registrationCode(phone);
    const responses = await burst(times(2, () => () => register(phone, code)), ['CODE_INVALID', 'PHONE_TAKEN']);
    expect(succeeded(responses)).toHaveLength(1);
    expect(codesOf(responses)).toHaveLength(1);
    expect(await t.database.db.select().from(accounts).where(eq(accounts.phoneHash, t.app.crypto.lookupHash(`+86${phone}`)))).toHaveLength(1);
  });

  it(`${BURST} sign-ins of one person within 200 ms: a session each`, async () => {
    const person = await newPerson();
    // Spread out, so some count their attempt while another's success clears the same counter.
    const responses = await burst(
      times(BURST, () => async () => {
        await delay(Math.random() * 200);
        return t.gql('mutation($p: String!) { signIn(phone: $p, password: "Concurrent-Test-77") { token } }', { p: person.phone });
      }),
    );
    expect(new Set(responses.map((r) => r.data.signIn.token)).size).toBe(BURST);
  });
});
