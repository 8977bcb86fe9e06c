// A restriction of processing (PIPL Art. 44) holds from the moment the person files it: the
// partner's very next read is refused the categories (RESTRICTED) however the query is shaped,
// the person still reads their own data, and lifting it (or an operator's reasoned rejection)
// gives the partner back what the person consents to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedPlatform } from '../../src/platform/simulated-platform.js';
import { createOperator, operatorGql, signInOperator } from '../support/operators.js';
import { partnerTokens, type PartnerSession } from '../support/partner-flow.js';
import { registerWithCard, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let person: string;
let partner: PartnerSession;
let privacy: string;
const platform = new SimulatedPlatform();

const SHAPES = {
  plain: 'query Plain { me { insurance { city } contributions(last: 2) { base } } }',
  aliased: 'query Aliased { me { a: insurance { city } paid: contributions(last: 1) { b: base } } }',
  fragment: 'query Fragment { me { ...Parts } } fragment Parts on Person { insurance { ...City } contributions(last: 1) { base } } fragment City on InsuranceStatus { city }',
};
const CONTRIBUTIONS_PATH = { plain: 'contributions', aliased: 'paid', fragment: 'contributions' } as const;

const file = (categories: string[]) =>
  t.gql('mutation($i: DataRequestInput!) { fileDataRequest(input: $i) { id status restricting liftedAt } }', { i: { kind: 'RESTRICTION', categories } }, { token: person });
const lift = (id: string, token = person) => t.gql('mutation($id: ID!) { liftRestriction(id: $id) { status restricting liftedAt } }', { id }, { token });

async function expectPartnerReads(restricted: boolean) {
  for (const [shape, query] of Object.entries(SHAPES) as [keyof typeof SHAPES, string][]) {
    const read = await t.gql(query, {}, { token: partner.accessToken });
    const me = read.data.me;
    // The unrestricted category is read as ever, whatever the restriction.
    expect((me.insurance ?? me.a).city, shape).toEqual(expect.any(String));
    const contributions = me[CONTRIBUTIONS_PATH[shape]];
    if (restricted) {
      expect(contributions, shape).toBeNull();
      expect(read.errors, shape).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN', category: 'insurance.contributions', reason: 'RESTRICTED' }) })]);
    } else {
      expect(contributions.length, shape).toBeGreaterThan(0);
      expect(read.errors, shape).toBeUndefined();
    }
  }
}

beforeAll(async () => {
  t = await startTestApp({ platform });
  person = await registerWithCard(t, '13700003401', 'SH7703401');
  const notice = (await t.gql('{ privacyNotice { version } }')).data.privacyNotice.version;
  const own = await t.gql('mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id } }', { i: { noticeVersion: notice, purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories: ['insurance.contributions'] } }, { token: person });
  expect(own.errors).toBeUndefined();
  partner = await partnerTokens(t.url, person, { scopes: ['insurance.status', 'insurance.contributions'] });
  privacy = await signInOperator(t, await createOperator(t, ['PRIVACY_OFFICER']));
});
afterAll(() => t?.close());

describe('a restriction of processing', () => {
  it('refuses the partner the restricted categories from the next read, and only those; the person still reads them', async () => {
    await expectPartnerReads(false);
    const filed = await file(['insurance.contributions']);
    expect(filed.data.fileDataRequest).toMatchObject({ status: 'RECEIVED', restricting: true, liftedAt: null });
    await expectPartnerReads(true);
    const own = await t.gql(SHAPES.plain, {}, { token: person });
    expect(own.errors).toBeUndefined();
    expect(own.data.me.contributions.length).toBeGreaterThan(0);
    // What the partner was refused is not in the person's access log as read.
    const log = await t.gql('{ me { accessLog(first: 1) { nodes { principalType categories } } } }', {}, { token: person });
    expect(log.data.me.accessLog.nodes[0]).toEqual({ principalType: 'PARTNER', categories: ['insurance.status'] });

    // Lifted by the person: the partner reads again at once; the request is finished.
    const lifted = await lift(filed.data.fileDataRequest.id);
    expect(lifted.data.liftRestriction).toMatchObject({ status: 'COMPLETED', restricting: false, liftedAt: expect.any(String) });
    await expectPartnerReads(false);
    // Lifting twice, or somebody else's, or a made-up id: the same NOT_FOUND, nothing changes.
    expect((await lift(filed.data.fileDataRequest.id)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const stranger = await registerWithCard(t, '13700003402', 'SH7703402');
    const again = await file(['insurance.contributions']);
    expect((await lift(again.data.fileDataRequest.id, stranger)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await lift('00000000-0000-4000-8000-000000000000')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await expectPartnerReads(true);
    await lift(again.data.fileDataRequest.id);
  });

  it('still holds once an operator confirms it, and ends when an operator rejects one with a reason', async () => {
    const confirmed = (await file(['insurance.contributions'])).data.fileDataRequest.id;
    const done = await operatorGql(t, 'mutation($id: ID!) { answerRequest(id: $id, status: COMPLETED, answer: "已限制") { status } }', { id: confirmed }, { session: privacy });
    expect(done.errors).toBeUndefined();
    await expectPartnerReads(true);
    expect((await lift(confirmed)).data.liftRestriction).toMatchObject({ status: 'COMPLETED', restricting: false });
    await expectPartnerReads(false);

    const rejected = (await file(['insurance.contributions'])).data.fileDataRequest.id;
    await expectPartnerReads(true);
    const answer = await operatorGql(t, 'mutation($id: ID!) { answerRequest(id: $id, status: REJECTED, answer: "依法须继续处理") { status } }', { id: rejected }, { session: privacy });
    expect(answer.errors).toBeUndefined();
    await expectPartnerReads(false);
    const mine = await t.gql('{ me { dataRequests { id status restricting } } }', {}, { token: person });
    expect(mine.data.me.dataRequests.find((r: { id: string }) => r.id === rejected)).toEqual({ id: rejected, status: 'REJECTED', restricting: false });
    // A rejected restriction cannot be lifted: it restricts nothing.
    expect((await lift(rejected)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('stops what goes to the national platform too, and only for the restricted category', async () => {
    const notice = (await t.gql('{ privacyNotice { version } }')).data.privacyNotice.version;
    const grant = (purpose: string, type: string) =>
      t.gql('mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id } }', { i: { noticeVersion: notice, purpose, recipient: { type }, categories: ['location'] } }, { token: person });
    expect((await grant('SERVICE', 'SERVICE')).errors).toBeUndefined();
    expect((await grant('PLATFORM_SYNC', 'PLATFORM')).errors).toBeUndefined();
    const report = async () => {
      const sent = platform.sentEnvironments.length;
      const answer = await t.gql('mutation { reportLocation(input: { source: GPS, latitude: 31.23, longitude: 121.47, accuracyMeters: 12 }) }', {}, { token: person });
      expect(answer.errors).toBeUndefined();
      return platform.sentEnvironments.length - sent;
    };
    expect(await report()).toBe(1);
    const contributions = (await file(['insurance.contributions'])).data.fileDataRequest.id;
    expect(await report()).toBe(1); // another category restricted: no bearing
    const location = (await file(['location'])).data.fileDataRequest.id;
    expect(await report()).toBe(0); // still stored for the person, not sent
    await lift(location);
    expect(await report()).toBe(1);
    await lift(contributions);
  });

  it('needs at least one known category', async () => {
    for (const categories of [[], ['insurance.everything']]) {
      const bad = await file(categories);
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    await expectPartnerReads(false);
  });
});
