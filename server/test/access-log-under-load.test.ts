// Many partner reads for one person at once: every one answered, every one recorded, and the
// person's hash chain still verifies. The appends for one subject are serialised (an advisory
// lock across instances, a queue within one) instead of racing on the chain's tail and failing.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/db/database.js';
import { AccessLogService } from '../src/modules/audit/index.js';
import { partnerTokens } from './support/partner-flow.js';
import { registerWithCard, startTestApp, type TestApp } from './support/test-app.js';

const CONCURRENT_READS = 50;
const DASHBOARD = 'query PartnerDashboard { me { insurance { city } contributions(last: 12) { month base } medicalRecords(first: 5) { totalCount } } }';

let t: TestApp;
let person: string;
let subjectId: string;

beforeAll(async () => {
  t = await startTestApp();
  person = await registerWithCard(t, '13566660050', 'SH5566050');
  [{ id: subjectId } = { id: '' }] = rowsOf<{ id: string }>(
    await t.database.db.execute(sql`select account_id as id from social_insurance_cards where card_number_hash = ${t.app.crypto.lookupHash('SH5566050')}`),
  );
});
afterAll(() => t?.close());

/** An access record about the test's person, as the national platform's sync writes them. */
function platformRecord(test: string, n: number) {
  return {
    subjectId,
    principalType: 'PLATFORM' as const,
    principalId: `${test}-test`,
    partnerId: null,
    categories: ['insurance.status' as const],
    purpose: 'PLATFORM_SYNC' as const,
    operationName: null,
    requestId: `${test}-${n}`,
  };
}

describe('the access log under concurrent partner reads for one person', () => {
  it(`answers ${CONCURRENT_READS} concurrent reads with data, records each, and the chain verifies`, async () => {
    const { accessToken } = await partnerTokens(t.url, person, { scopes: ['insurance.status', 'insurance.contributions'] });
    const before = await t.app.services.accessLog.verifyChain(subjectId);
    const reads = await Promise.all(Array.from({ length: CONCURRENT_READS }, () => t.gql(DASHBOARD, {}, { token: accessToken })));

    const failed = reads.filter((r) => r.status !== 200 || r.errors?.some((e) => e.extensions?.code !== 'FORBIDDEN') || !r.data?.me?.insurance);
    expect(failed.map((r) => ({ status: r.status, errors: r.errors }))).toEqual([]);
    expect(await t.app.services.accessLog.verifyChain(subjectId)).toEqual({ ok: true, length: before.length + CONCURRENT_READS });
  });

  it('serialises appends from another instance on the same database too (the lock, not the queue)', async () => {
    const otherInstance = new AccessLogService(t.database.db);
    const before = await t.app.services.accessLog.verifyChain(subjectId);
    const record = (n: number) => platformRecord('load', n);
    await Promise.all(
      Array.from({ length: 20 }, (_, n) => (n % 2 ? otherInstance : t.app.services.accessLog).append(record(n))),
    );
    expect(await t.app.services.accessLog.verifyChain(subjectId)).toEqual({ ok: true, length: before.length + 20 });
  });

  it('appends on the tail it remembers in one statement, and takes the locked path when another instance moved it', async () => {
    const record = (n: number) => platformRecord('tail', n);
    const here = t.app.services.accessLog;
    const otherInstance = new AccessLogService(t.database.db);
    await here.append(record(0)); // this instance now knows the tail
    const before = await here.verifyChain(subjectId);

    const statements: string[] = [];
    const stop = t.database.onQuery((query) => statements.push(query));
    try {
      await here.append(record(1));
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/^insert into "access_records"/);

      await otherInstance.append(record(2)); // the tail moves behind this instance's back
      statements.length = 0;
      await here.append(record(3)); // its INSERT collides, nothing is written, the locked path appends
      expect(statements.some((q) => q.includes('pg_advisory_xact_lock'))).toBe(true);
    } finally {
      stop();
    }
    const after = await here.verifyChain(subjectId);
    expect(after).toEqual({ ok: true, length: before.length + 3 });
  });

  it("keeps an append inside a caller's transaction when another instance's one-INSERT append lands in between", async () => {
    const record = (n: number) => ({ ...platformRecord('race', n), principalType: 'AUTHORITY' as const, purpose: 'LEGAL_OBLIGATION' as const });
    const here = t.app.services.accessLog;
    const otherInstance = new AccessLogService(t.database.db);
    await otherInstance.append(record(0)); // it remembers the tail: its next append takes no lock
    const before = await here.verifyChain(subjectId);

    let racing: Promise<void> | undefined;
    const stop = t.database.onQuery((query) => {
      // The transaction has read the tail: the other instance appends on the same tail now.
      if (!racing && query.startsWith('select "seq", "hash" from "access_records"')) racing = otherInstance.append(record(1));
    });
    try {
      await t.database.db.transaction((tx) => here.append(record(2), tx));
    } finally {
      stop();
    }
    await racing;
    expect(racing).toBeDefined();
    expect(await here.verifyChain(subjectId)).toEqual({ ok: true, length: before.length + 2 });
  });
});
