// The operators' side over /operator/graphql: support sees only what the person allowed, masked,
// and the person sees every read; a deferred disclosure stays hidden until its end; a breach
// notice reaches exactly the affected people; the retention sweep, killed half-way, resumes.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../src/db/schema.js';
import { BREACH_SMS_TEMPLATE, RETENTION_JOB } from '../../src/modules/rights/index.js';
import { createOperator, operatorGql, signInOperator } from '../support/operators.js';
import { registerWithCard } from '../support/test-app.js';
import { BATCH_SIZE, startRightsApp, type RightsApp } from './rights-harness.js';

let t: RightsApp;
let support: string;
let privacy: string;
let security: string;
beforeAll(async () => {
  t = await startRightsApp();
  support = await signInOperator(t, await createOperator(t, ['SUPPORT']));
  privacy = await signInOperator(t, await createOperator(t, ['PRIVACY_OFFICER']));
  security = await signInOperator(t, await createOperator(t, ['SECURITY_OFFICER']));
});
afterAll(() => t?.close());

const ACCESS_LOG = '{ me { accessLog(first: 50) { nodes { principalType authority operationName categories purpose } } } }';

describe('support access only through the person', () => {
  it('support sees the chosen categories only, sensitive values masked, and every read is in the person’s access log', async () => {
    const token = await registerWithCard(t, '13700002301', 'SH7702301');
    const opened = await t.gql(
      'mutation($i: SupportRequestInput!) { openSupportRequest(input: $i) { reference request { categories active expiresAt } } }',
      { i: { categories: ['account.contact', 'insurance.balance'], hours: 2, note: '余额显示不对' } },
      { token },
    );
    expect(opened.errors).toBeUndefined();
    const { reference } = opened.data.openSupportRequest;
    expect(reference).toMatch(/^[A-Z2-9]{8}$/);

    const view = await operatorGql(t, 'query($r: String!) { supportView(reference: $r) { categories note data } }', { r: reference }, { session: support });
    expect(view.errors).toBeUndefined();
    const data = view.data.supportView.data;
    expect(Object.keys(data).sort()).toEqual(['account.contact', 'insurance.balance']);
    expect(data['account.contact'].account.phone).toMatch(/^\+86\*{4}2301$/);
    const raw = JSON.stringify(data);
    const [balance] = await t.database.db.select().from(schema.balances).where(sql`account_id = ${await t.accountIdOfCard('SH7702301')}`).limit(1);
    expect(raw).not.toContain(balance!.amount); // a sensitive amount shows masked
    expect(raw).toContain('*');
    for (const hidden of ['medicalRecords', 'contributions', 'identity', 'card', 'locations']) expect(data).not.toHaveProperty(hidden);

    await operatorGql(t, 'query($r: String!) { supportView(reference: $r) { categories } }', { r: reference }, { session: support });
    const log = (await t.gql(ACCESS_LOG, {}, { token })).data.me.accessLog.nodes.filter((n: { principalType: string }) => n.principalType === 'OPERATOR');
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ categories: ['account.contact', 'insurance.balance'], operationName: 'supportView' });

    // Revoked: nothing more to see. A made-up reference: the same answer.
    const id = (await t.gql('{ me { supportRequests { id } } }', {}, { token })).data.me.supportRequests[0].id;
    expect((await t.gql('mutation($id: ID!) { revokeSupportRequest(id: $id) }', { id }, { token })).data.revokeSupportRequest).toBe(true);
    expect((await operatorGql(t, 'query($r: String!) { supportView(reference: $r) { categories } }', { r: reference }, { session: support })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await operatorGql(t, 'query { supportView(reference: "ABCDEFGH") { categories } }', {}, { session: support })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // Other roles cannot look at all.
    expect((await operatorGql(t, 'query { supportView(reference: "ABCDEFGH") { categories } }', {}, { session: privacy })).errors?.[0]?.extensions?.reason).toBe('ROLE_REQUIRED');
  });
});

describe('disclosures to authorities', () => {
  it('a deferred disclosure is hidden until its deferral ends, then shows in the access log', async () => {
    const token = await registerWithCard(t, '13700002302', 'SH7702302');
    const accountRef = await t.accountIdOfCard('SH7702302');
    const recorded = await operatorGql(
      t,
      'mutation($i: DisclosureInput!) { recordDisclosure(input: $i) { id releasedAt deferredUntil } }',
      {
        i: {
          accountRef,
          authority: '某市公安局',
          legalBasis: '《中华人民共和国刑事诉讼法》第五十四条',
          categories: ['identity.basic', 'account.contact'],
          disclosedAt: new Date().toISOString(),
          deferralBasis: '侦查期间不宜告知',
          deferredUntil: new Date(Date.now() + 3_600_000).toISOString(),
        },
      },
      { session: privacy },
    );
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data.recordDisclosure.releasedAt).toBeNull();
    const authorities = async () => (await t.gql(ACCESS_LOG, {}, { token })).data.me.accessLog.nodes.filter((n: { principalType: string }) => n.principalType === 'AUTHORITY');
    expect(await authorities()).toEqual([]);
    expect((await t.gql('{ me { disclosures { id } } }', {}, { token })).data.me.disclosures).toEqual([]);

    // The deferral ends; the scheduled release puts it in the log.
    await t.database.db.execute(sql`update disclosures set deferred_until = now() - interval '1 minute' where id = ${recorded.data.recordDisclosure.id}`);
    await t.app.jobs.tick();
    expect(await authorities()).toEqual([
      { principalType: 'AUTHORITY', authority: '某市公安局', operationName: '《中华人民共和国刑事诉讼法》第五十四条', categories: ['identity.basic', 'account.contact'], purpose: 'LEGAL_OBLIGATION' },
    ]);
    expect((await t.gql('{ me { disclosures { authority legalBasis categories } } }', {}, { token })).data.me.disclosures).toHaveLength(1);
    // Without a deferral it shows at once.
    await operatorGql(t, 'mutation($i: DisclosureInput!) { recordDisclosure(input: $i) { id } }', { i: { accountRef, authority: '某区法院', legalBasis: '民事诉讼法第六十七条', categories: ['identity.basic'], disclosedAt: new Date().toISOString() } }, { session: privacy });
    expect(await authorities()).toHaveLength(2);
  });
});

describe('breach notices', () => {
  it('reaches exactly the people who held data in the categories during the window, by SMS and in the app', async () => {
    const people = await Promise.all(['13700002311', '13700002312', '13700002313'].map((phone, i) => registerWithCard(t, phone, `SH770231${i + 1}`)));
    const ids = await Promise.all([1, 2, 3].map((i) => t.accountIdOfCard(`SH770231${i}`)));
    const at = (iso: string) => new Date(iso);
    // Inside the window: A (twice); outside: B; none: C.
    await t.database.db.insert(schema.locationSamples).values([
      { accountId: ids[0]!, source: 'GPS', latitude: 31, longitude: 121, at: at('2020-03-02T10:00:00Z') },
      { accountId: ids[0]!, source: 'WIFI', latitude: 31, longitude: 121, at: at('2020-03-03T10:00:00Z') },
      { accountId: ids[1]!, source: 'GPS', latitude: 31, longitude: 121, at: at('2020-05-01T10:00:00Z') },
    ]);
    const input = {
      summary: '定位服务日志被未授权访问',
      categories: ['location'],
      cause: '第三方日志服务配置错误',
      possibleHarm: '您在该期间的大致位置可能被他人获知',
      remedies: '已关闭该服务并轮换全部密钥',
      whatYouCanDo: '留意可疑来电；可在应用内撤回位置授权',
      contact: 'security@shebao.example',
      discoveredAt: '2020-03-10T00:00:00Z',
      windowFrom: '2020-03-01T00:00:00Z',
      windowTo: '2020-03-31T00:00:00Z',
    };
    const incomplete = await operatorGql(t, 'mutation($i: BreachNoticeInput!) { recordBreach(input: $i) { id } }', { i: { ...input, whatYouCanDo: ' ' } }, { session: security });
    expect(incomplete.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.whatYouCanDo' });
    const recorded = await operatorGql(t, 'mutation($i: BreachNoticeInput!) { recordBreach(input: $i) { id notifiedAt } }', { i: input }, { session: security });
    const id = recorded.data.recordBreach.id;
    expect((await operatorGql(t, 'query($id: ID!) { affectedCount(id: $id) }', { id }, { session: security })).data.affectedCount).toBe(1);
    expect((await operatorGql(t, 'mutation($id: ID!) { sendBreachNotice(id: $id) }', { id }, { session: security })).data.sendBreachNotice).toBe(true);
    await t.app.jobs.runDue();

    expect(await t.app.services.breaches.recipients(id)).toEqual([ids[0]]);
    expect(await t.count(sql`select count(*)::int as n from outbox where template = ${BREACH_SMS_TEMPLATE} and payload->>'noticeId' = ${id}`)).toBe(1);
    const seen = await Promise.all(people.map(async (token) => (await t.gql('{ me { breachNotices { summary cause possibleHarm remedies whatYouCanDo contact categories readAt } } }', {}, { token })).data.me.breachNotices));
    expect(seen[0]).toEqual([{ ...Object.fromEntries(['summary', 'cause', 'possibleHarm', 'remedies', 'whatYouCanDo', 'contact'].map((k) => [k, input[k as keyof typeof input]])), categories: ['location'], readAt: null }]);
    expect(seen[1]).toEqual([]);
    expect(seen[2]).toEqual([]);
    // Sent once: a second send is refused.
    expect((await operatorGql(t, 'mutation($id: ID!) { sendBreachNotice(id: $id) }', { id }, { session: security })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('the request queue', () => {
  it('lists open requests by deadline with overdue flagged; a rejection needs a reason; a completed deletion erases the data', async () => {
    const token = await registerWithCard(t, '13700002321', 'SH7702321');
    const accountId = await t.accountIdOfCard('SH7702321');
    await t.database.db.insert(schema.searchLogs).values([{ accountId, query: '药店' }]);
    const file = (input: Record<string, unknown>) => t.gql('mutation($i: DataRequestInput!) { fileDataRequest(input: $i) { id } }', { i: input }, { token });
    const deletion = (await file({ kind: 'DELETION', categories: ['device.logs'] })).data.fileDataRequest.id;
    const correction = (await file({ kind: 'CORRECTION', categories: ['insurance.status'], note: '参保城市错误' })).data.fileDataRequest.id;
    await t.database.db.execute(sql`update data_subject_requests set due_at = now() - interval '1 day' where id = ${correction}`);
    const queue = (await operatorGql(t, '{ requestQueue { id kind deadline accountRef workingDaysLeft } }', {}, { session: support })).data.requestQueue;
    const mine = queue.filter((r: { accountRef: string }) => r.accountRef === accountId);
    expect(mine.map((r: { id: string; deadline: string }) => [r.id, r.deadline])).toEqual([
      [correction, 'OVERDUE'],
      [deletion, 'ON_TIME'],
    ]);
    const noReason = await operatorGql(t, 'mutation($id: ID!) { answerRequest(id: $id, status: REJECTED) { status } }', { id: correction }, { session: support });
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'answer' });
    const done = await operatorGql(t, 'mutation($id: ID!) { answerRequest(id: $id, status: COMPLETED, answer: "已删除") { status deadline } }', { id: deletion }, { session: support });
    expect(done.data.answerRequest).toEqual({ status: 'COMPLETED', deadline: null });
    expect(await t.count(sql`select count(*)::int as n from search_logs where account_id = ${accountId}`)).toBe(0);
    const seen = (await t.gql('{ me { dataRequests { id status answer } } }', {}, { token })).data.me.dataRequests;
    expect(seen.find((r: { id: string }) => r.id === deletion)).toMatchObject({ status: 'COMPLETED', answer: '已删除' });
    // Every answer is in the operator audit log.
    expect(await t.count(sql`select count(*)::int as n from operator_audit_log where target = ${`request:${deletion}`}`)).toBe(1);
  });
});

describe('retention', () => {
  it('deletes what is past its period; killed half-way, the sweep resumes without loss or double work', async () => {
    await registerWithCard(t, '13700002331', 'SH7702331');
    const accountId = await t.accountIdOfCard('SH7702331');
    const old = new Date(Date.now() - 400 * 86_400_000);
    await t.database.db.insert(schema.deviceEvents).values([
      ...Array.from({ length: 3 * BATCH_SIZE + 2 }, (_, i) => ({ accountId, kind: 'ACTIVITY' as const, detail: `old ${i}`, at: old })),
      ...Array.from({ length: 4 }, (_, i) => ({ accountId, kind: 'ACTIVITY' as const, detail: `new ${i}` })),
    ]);
    const events = (age: 'old' | 'new') => t.count(sql`select count(*)::int as n from device_events where account_id = ${accountId} and detail like ${`${age} %`}`);
    const oldEverywhere = await t.count(sql`select count(*)::int as n from device_events where at < now() - interval '90 days'`);
    const id = await t.app.jobs.enqueue({ kind: RETENTION_JOB, key: `retention-test:${accountId}`, payload: { targets: ['device_events'] } });
    t.crashOn(RETENTION_JOB, [3]);
    expect(await t.app.jobs.run(id)).toBe('RETRY');
    const crashed = await t.app.jobs.job(id);
    expect(crashed!.progress).toBe(2 * BATCH_SIZE);
    expect(await t.count(sql`select count(*)::int as n from device_events where at < now() - interval '90 days'`)).toBe(oldEverywhere - 2 * BATCH_SIZE);
    t.crashOn(null);
    expect(await t.app.jobs.run(id)).toBe('DONE');
    expect((await t.app.jobs.job(id))!.progress).toBe(oldEverywhere);
    expect(await events('old')).toBe(0);
    expect(await events('new')).toBe(4);
  });
});

describe('processing records of a closed account', () => {
  it('are kept three years after the closure, then swept', async () => {
    const token = await registerWithCard(t, '13700002341', 'SH7702341');
    const accountId = await t.accountIdOfCard('SH7702341');
    await t.app.services.accessLog.append({ subjectId: accountId, principalType: 'OPERATOR', principalId: 'op', partnerId: null, categories: ['insurance.status'], purpose: 'SERVICE', operationName: 'supportView', requestId: 'r1' });
    expect((await t.gql('mutation { closeAccount(password: "Matrix-Test-99") { status } }', {}, { token })).errors).toBeUndefined();
    await t.app.jobs.runDue();
    const records = () => t.count(sql`select ((select count(*) from access_records where subject_id = ${accountId}) + (select count(*) from data_subject_requests where account_id = ${accountId}))::int as n`);
    expect(await records()).toBeGreaterThan(1);
    const targets = ['access_records (closed accounts)', 'disclosures (closed accounts)', 'data_subject_requests (closed accounts)'];
    const sweep = async (key: string, now: Date) => t.app.jobs.run(await t.app.jobs.enqueue({ kind: RETENTION_JOB, key, payload: { targets, now: now.toISOString() } }));
    expect(await sweep(`records-early:${accountId}`, new Date(Date.now() + 2 * 365 * 86_400_000))).toBe('DONE');
    expect(await records()).toBeGreaterThan(1);
    expect(await sweep(`records-late:${accountId}`, new Date(Date.now() + (3 * 365 + 2) * 86_400_000))).toBe('DONE');
    expect(await records()).toBe(0);
  });
});
