// The foundation end to end over HTTP: register, sign in, link a card, read `me`, sign out —
// and every bad input gets its own error and writes nothing.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/db/database.js';
import { SimulatedPlatform } from '../src/platform/simulated-platform.js';
import { currentAgreement, startTestApp, type TestApp } from './support/test-app.js';

const ME = /* GraphQL */ `
  query Me {
    me {
      id
      phone
      profile { displayName }
      identity { realName birthday }
      documents { idNumber cardNumber }
      insurance { city contributionYears participations { insuranceType status } }
      contributions(last: 12) { month insuranceType base employerPart personalPart }
      balances { accountType amount }
      medicalRecords(first: 5) { totalCount nodes { __typename date totalCost } pageInfo { hasNextPage endCursor } }
    }
  }
`;

const PERSONAL_TABLES = [
  'accounts',
  'sessions',
  'social_insurance_cards',
  'insurance_profiles',
  'participations',
  'contributions',
  'balances',
  'medical_records',
  'consent_events',
  'devices',
  'location_samples',
  'phone_verifications',
  'account_agreements',
];

let t: TestApp;
const platform = new SimulatedPlatform();

async function tableCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of PERSONAL_TABLES) {
    const [row] = rowsOf<{ n: number }>(await t.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`)));
    counts[table] = row!.n;
  }
  return counts;
}

async function registerNewPerson(phone: string, password = 'Correct-Horse-42') {
  const requested = await t.gql('mutation($p: String!) { requestRegistrationCode(phone: $p) }', { p: phone });
  expect(requested.errors).toBeUndefined();
  const code = (await t.gql<{ developmentSmsCode: string }>('query($p: String!) { developmentSmsCode(phone: $p) }', { p: phone })).data.developmentSmsCode;
  expect(code).toMatch(/^\d{6}$/);
  const registered = await t.gql<{ register: { token: string } }>(
    'mutation($i: RegisterInput!) { register(input: $i) { token expiresAt } }',
    { i: { phone, code, password, displayName: '测试', agreement: await currentAgreement(t) } },
  );
  expect(registered.errors).toBeUndefined();
  return registered.data.register.token;
}

beforeAll(async () => {
  t = await startTestApp({ platform });
});
afterAll(() => t?.close());

describe('register, sign in, link a card, read me, sign out', () => {
  it('walks the whole path of a new person', async () => {
    const token = await registerNewPerson('139 1234 5678');
    const before = await t.gql(ME, {}, { token });
    expect(before.data.me.phone).toBe('+8613912345678');
    expect(before.data.me.identity).toBeNull(); // no card yet: nothing to show

    const linked = await t.gql(
      'mutation($c: String!, $p: String!) { linkSocialInsuranceCard(cardNumber: $c, queryPassword: $p) { id } }',
      { c: 'SH1234567', p: '123456' },
      { token },
    );
    expect(linked.errors).toBeUndefined();

    const me = await t.gql(ME, {}, { token });
    expect(me.data.me.identity.realName).toEqual(expect.any(String));
    expect(me.data.me.insurance.participations.length).toBeGreaterThan(0);
    // Sensitive categories stay hidden until the person grants them, one by one.
    expect(me.data.me.contributions).toBeNull();
    expect(me.errors?.map((e) => e.extensions?.category).sort()).toEqual(
      ['identity.document', 'insurance.balance', 'insurance.contributions', 'medical.records'].sort(),
    );

    const signOut = await t.gql('mutation { signOut }', {}, { token });
    expect(signOut.data.signOut).toBe(true);
    // Cookies and cache go; site storage stays, so the installation keeps its identity (the PWA purges its own data).
    expect(signOut.headers.get('clear-site-data')).toBe('"cache", "cookies"');
    const refused = await t.gql(ME, {}, { token });
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('shows the demo person everything they consented to, with nested lists', async () => {
    const token = await t.signInDemo();
    const me = await t.gql(ME, {}, { token });
    expect(me.errors).toBeUndefined();
    expect(me.data.me.documents.cardNumber).toBe('DEMO00001');
    expect(me.data.me.contributions.length).toBeGreaterThanOrEqual(12 * 4);
    expect(new Set(me.data.me.contributions.map((c: { month: string }) => c.month)).size).toBe(12);
    expect(me.data.me.medicalRecords.nodes).toHaveLength(5);
    expect(me.data.me.medicalRecords.pageInfo.hasNextPage).toBe(true);
    expect(me.extensions?.consentVersion).toBeGreaterThan(0);
    expect(me.extensions?.dataCategories).toContain('insurance.contributions');
    expect(me.headers.get('cache-control')).toBe('no-store');
  });

  it('sums medical spending per month, every month of the window present', async () => {
    const token = await t.signInDemo();
    const r = await t.gql('{ me { medicalSpending(months: 24) { month totalCost fundPaid personalAccountPaid outOfPocket } medicalRecords(first: 100) { nodes { date totalCost } } } }', {}, { token });
    const months = r.data.me.medicalSpending as Array<{ month: string; totalCost: number; fundPaid: number; personalAccountPaid: number; outOfPocket: number }>;
    expect(months).toHaveLength(24);
    expect(months.some((m) => m.totalCost > 0)).toBe(true);
    // Up to the current month in China (UTC+8), whatever the date of the last visit.
    expect(months.at(-1)!.month).toBe(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7));
    for (let i = 1; i < months.length; i += 1) {
      const [y, m] = months[i - 1]!.month.split('-').map(Number) as [number, number];
      expect(months[i]!.month).toBe(new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7));
    }
    for (const month of months) {
      const expected = r.data.me.medicalRecords.nodes.filter((n: any) => n.date.startsWith(month.month)).reduce((sum: number, n: any) => sum + n.totalCost, 0);
      expect(month.totalCost).toBeCloseTo(expected, 2);
      expect(month.fundPaid + month.personalAccountPaid + month.outOfPocket).toBeCloseTo(month.totalCost, 2);
    }
  });

  it('pages medical records without overlap', async () => {
    const token = await t.signInDemo();
    const query = 'query($after: String) { me { medicalRecords(first: 7, after: $after) { nodes { id } pageInfo { endCursor hasNextPage } totalCount } } }';
    const seen = new Set<string>();
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 100; page += 1) {
      const result: any = await t.gql(query, { after }, { token });
      const connection = result.data.me.medicalRecords;
      total = connection.totalCount;
      for (const node of connection.nodes) {
        expect(seen.has(node.id)).toBe(false);
        seen.add(node.id);
      }
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen.size).toBe(total);
  });
});

describe('bad input gets a clear error and changes nothing', () => {
  const cases: Array<{ name: string; code: string; run: (token: string) => Promise<{ errors?: any[]; status: number }> }> = [
    { name: 'malformed GraphQL', code: 'GRAPHQL_PARSE_FAILED', run: () => t.gql('mutation { signIn(phone: ') },
    { name: 'wrong argument type', code: 'BAD_USER_INPUT', run: () => t.gql('mutation($p: String!) { requestRegistrationCode(phone: $p) }', { p: 13800138000 }) },
    { name: 'unknown field', code: 'GRAPHQL_VALIDATION_FAILED', run: () => t.gql('{ me { salary } }') },
    { name: 'invalid phone', code: 'BAD_USER_INPUT', run: () => t.gql('mutation { requestRegistrationCode(phone: "12345") }') },
    { name: 'weak password', code: 'WEAK_PASSWORD', run: () => t.gql('mutation { register(input: {phone: "13700000001", code: "000000", password: "short", agreement: {userAgreementVersion: 1, privacyNoticeVersion: 1}}) { token } }') },
    { name: 'wrong SMS code', code: 'CODE_INVALID', run: () => t.gql('mutation { register(input: {phone: "13700000002", code: "000000", password: "Correct-Horse-42", agreement: {userAgreementVersion: 1, privacyNoticeVersion: 1}}) { token } }') },
    { name: 'registration without the agreement', code: 'AGREEMENT_REQUIRED', run: () => t.gql('mutation { register(input: {phone: "13700000004", code: "000000", password: "Correct-Horse-42"}) { token } }') },
    { name: 'registration agreeing to an old version', code: 'AGREEMENT_REQUIRED', run: () => t.gql('mutation { register(input: {phone: "13700000005", code: "000000", password: "Correct-Horse-42", agreement: {userAgreementVersion: 0, privacyNoticeVersion: 1}}) { token } }') },
    { name: 'another card without replace: true', code: 'CARD_REPLACE_UNCONFIRMED', run: (token) => t.gql('mutation { linkSocialInsuranceCard(cardNumber: "SH7654321", queryPassword: "123456") { id } }', {}, { token }) },
    { name: 'code requested again within a minute', code: 'RATE_LIMITED', run: async () => {
      await t.gql('mutation { requestRegistrationCode(phone: "13700000003") }');
      return t.gql('mutation { requestRegistrationCode(phone: "13700000003") }');
    } },
    { name: 'wrong password', code: 'INVALID_CREDENTIALS', run: () => t.gql('mutation { signIn(phone: "13800138000", password: "Wrong-password-1") { token } }') },
    { name: 'bad token', code: 'UNAUTHENTICATED', run: () => t.gql('{ me { id } }', {}, { token: 'sbs_not-a-real-session-token' }) },
    { name: 'forged JWT', code: 'UNAUTHENTICATED', run: () => t.gql('{ me { id } }', {}, { token: 'eyJhbGciOiJFUzI1NiJ9.eyJ0eXAiOiJwYXJ0bmVyIn0.c2lnbmF0dXJl' }) },
    { name: 'malformed Authorization header', code: 'UNAUTHENTICATED', run: () => t.gql('{ me { id } }', {}, { headers: { authorization: 'Token abc' } }) },
    { name: 'card number format', code: 'BAD_USER_INPUT', run: (token) => t.gql('mutation { linkSocialInsuranceCard(cardNumber: "x", queryPassword: "123456") { id } }', {}, { token }) },
    { name: 'wrong card password', code: 'CARD_PASSWORD_INVALID', run: (token) => t.gql('mutation { linkSocialInsuranceCard(cardNumber: "SH7654321", queryPassword: "654321", replace: true) { id } }', {}, { token }) },
    { name: 'unknown card', code: 'CARD_NOT_FOUND', run: (token) => t.gql('mutation { linkSocialInsuranceCard(cardNumber: "NOTFOUND1", queryPassword: "123456", replace: true) { id } }', {}, { token }) },
    { name: 'platform unavailable', code: 'PLATFORM_UNAVAILABLE', run: (token) => t.gql('mutation { linkSocialInsuranceCard(cardNumber: "DOWN00001", queryPassword: "123456", replace: true) { id } }', {}, { token }) },
    { name: 'malformed node id', code: 'BAD_USER_INPUT', run: (token) => t.gql('{ node(id: "bm9wZQ") { id } }', {}, { token }) },
    { name: 'node id of no known type', code: 'NONE', run: (token) => t.gql('query($id: ID!) { node(id: $id) { id } }', { id: Buffer.from('Salary:00000000-0000-4000-8000-000000000000').toString('base64url') }, { token }) },
    { name: 'page size too large', code: 'BAD_USER_INPUT', run: (token) => t.gql('{ me { medicalRecords(first: 500) { totalCount } } }', {}, { token }) },
    { name: 'bad cursor', code: 'BAD_USER_INPUT', run: (token) => t.gql('{ me { medicalRecords(after: "garbage!") { totalCount } } }', {}, { token }) },
    { name: 'too deep (introspection cycles)', code: 'GRAPHQL_VALIDATION_FAILED', run: (token) => t.gql(`{ __schema { types { ${'fields { type { '.repeat(10)}name${' } }'.repeat(10)} } } }`, {}, { token }) },
    { name: 'too many tokens', code: 'QUERY_TOO_COMPLEX', run: (token) => t.gql(`{ me { ${'id '.repeat(4000)} } }`, {}, { token }) },
    { name: 'too costly', code: 'QUERY_TOO_COMPLEX', run: (token) => t.gql('{ me { medicalRecords(first: 100000) { totalCount } } }', {}, { token }) },
    { name: 'request body too large', code: 'REQUEST_TOO_LARGE', run: () => t.gql(`{ me { id } }`, { padding: 'x'.repeat(200_000) }) },
    { name: 'batched array', code: 'BAD_REQUEST', run: async () => {
      const response = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]) });
      return { status: response.status, errors: [{ message: await response.text(), extensions: { code: response.status === 400 ? 'BAD_REQUEST' : String(response.status) } }] };
    } },
    { name: 'too many aliases', code: 'QUERY_TOO_COMPLEX', run: (token) => t.gql(`{ ${Array.from({ length: 50 }, (_, i) => `a${i}: me { id }`).join(' ')} }`, {}, { token }) },
  ];

  it.each(cases)('$name → $code, no rows written', async ({ code, run }) => {
    const token = await t.signInDemo();
    const before = await tableCounts();
    const result = await run(token);
    if (code === 'NONE') {
      expect(result.errors).toBeUndefined();
    } else {
      expect(result.errors?.[0]?.extensions?.code).toBe(code);
      expect(JSON.stringify(result.errors)).not.toMatch(/13800138000|DEMO00001|at .*\.ts:\d+/);
    }
    const after = await tableCounts();
    // signInDemo itself adds a session; phone_verifications may grow only for the resend case.
    expect({ ...after, sessions: before.sessions, phone_verifications: before.phone_verifications }).toEqual(before);
  });

});

describe('sign-in throttling', () => {
  it('locks a phone number after five failures, for everyone, even with the right password', async () => {
    await registerNewPerson('13922223333');
    const attempt = (password: string) => t.gql('mutation($p: String!) { signIn(phone: "13922223333", password: $p) { token } }', { p: password });
    for (let i = 0; i < 5; i += 1) expect((await attempt('Wrong-password-1')).errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
    const locked = await attempt('Correct-Horse-42');
    expect(locked.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
  });
});
