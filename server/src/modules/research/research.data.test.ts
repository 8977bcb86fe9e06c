// The research SQL on a real database: PGlite always, PostgreSQL too when DATABASE_URL is set
// (in a throwaway database). Checks who is counted, and that suppression holds end to end.
import 'reflect-metadata';
import { consentingAccounts, noticeVersionsStillCounting } from '../../authz/consenting-accounts.js';
import { sql } from 'drizzle-orm';
// The CommonJS build, the one type-graphql (loaded by Node, outside Vite) builds its schema with.
import { graphql } from 'graphql';
import { buildSchema } from 'type-graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConsentState } from '../../authz/access-decision.js';
import type { DataCategory } from '@shebao/vocabulary';
import { grantedCategories } from '../../authz/consent-state.js';
import { applyOperationGuards } from '../../authz/guards.js';
import { hashNotice, NoticeRegistry } from '../../authz/notice-registry.js';
import { rowsOf, type Database, type DatabaseHandle } from '../../db/database.js';
import { openEmptyDatabase } from '../../../test/support/databases.js';
import { accounts, consentEvents, contributions, dataSubjectRequests, insuranceProfiles, medicalRecords, noticeVersions } from '../../db/schema.js';
import type { NoticeContent } from '../../authz/notice-registry.js';
import { NOTICE_V1 } from '../consent/notice.content.js';
import { protectTable, type ProtectedTable, type ProtectedValue } from './k-anonymity.js';
import {
  cellKey,
  CONTRIBUTION_TABLE_CATEGORIES,
  contributionsByCityAndAgeBand,
  MEDICAL_TABLE_CATEGORIES,
  medicalSpendingByCityAndMonth,
  OTHER_CITY,
  RESEARCH_CONSENT,
  ResearchData,
  toTableInput,
} from './research.data.js';
import { ResearchResolver } from './research.resolver.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const ALL_RESEARCH: DataCategory[] = ['identity.basic', 'insurance.status', 'insurance.contributions', 'medical.records'];

/** v2 rewrites the research purpose (grants under v1 stop counting); v3 changes only another purpose. */
function noticeWith(base: NoticeContent, purpose: string, en: string): NoticeContent {
  return { ...base, purposes: base.purposes.map((p) => (p.purpose === purpose ? { ...p, description: { ...p.description, en } } : p)) };
}
const NOTICE_V2 = noticeWith(NOTICE_V1, 'RESEARCH', 'Aggregate statistics for approved public-health research; groups under 10 people are hidden.');
const NOTICE_V3 = noticeWith(NOTICE_V2, 'SERVICE', 'Providing the service (reworded).');

type Consent =
  | 'research' // a current grant of every research category
  | 'research-v3' // the same, given under the latest notice
  | 'research-until-2099' // a grant that expires, but not yet
  | 'withdrawn-all' // granted, then withdrew everything in one action
  | 'expired'
  | 'old-notice' // granted under v1, whose research purpose has since changed
  | 'service-only' // consented to the service, never to research
  | 'platform-recipient' // the research purpose, but for another recipient
  | 'empty-regrant' // withdrew everything, then a grant that names no category
  | 'no-contributions'; // withdrew only insurance.contributions

type Person = { city: string; birthday: string; consent: Consent; medicalMonths: number[] };

function group(count: number, city: string, birthday: string, medicalMonths: number[], consent: Consent = 'research'): Person[] {
  return Array.from({ length: count }, (_, n) => ({
    city,
    birthday,
    medicalMonths,
    // Mix the ways a current grant can look; they must all count the same.
    consent: consent === 'research' ? (['research', 'research-v3', 'research-until-2099'] as const)[n % 3]! : consent,
  }));
}

/**
 * The population, year 2024. Age bands on 2024-01-01, also for a single month of 2024.
 *  北京: <30 ×15 (medical Jan), 30–39 ×12 (Jan), 40–49 ×9 (Mar) plus six people who do not
 *        consent in six different ways (they would make the 9 a visible 15).
 *  上海: <30 ×10 (one turns 30 on 2024-01-02), 30–39 ×11 (one turns 30 on 2024-01-01), 40–49 ×20
 *        (Feb and Mar), and one 50–59 who withdrew contributions only (Feb).
 *  拉萨: 2 in 30–39 and 2 in 40–49 (Feb): too few to name the city, merged into OTHER.
 */
const PEOPLE: Person[] = [
  ...group(15, '北京', '2000-06-01', [1]),
  ...group(12, '北京', '1990-06-01', [1]),
  ...group(9, '北京', '1980-06-01', [3]),
  ...(['withdrawn-all', 'expired', 'old-notice', 'service-only', 'platform-recipient', 'empty-regrant'] as const).map(
    (consent): Person => ({ city: '北京', birthday: '1980-06-01', consent, medicalMonths: [3] }),
  ),
  ...group(9, '上海', '2000-06-01', [2]),
  { city: '上海', birthday: '1994-01-02', consent: 'research', medicalMonths: [2] },
  ...group(10, '上海', '1990-06-01', [2]),
  { city: '上海', birthday: '1994-01-01', consent: 'research', medicalMonths: [2] },
  ...group(20, '上海', '1980-06-01', [2, 3]),
  { city: '上海', birthday: '1970-06-01', consent: 'no-contributions', medicalMonths: [2] },
  ...group(2, '拉萨', '1990-06-01', [2]),
  ...group(2, '拉萨', '1980-06-01', [2]),
];

async function seed(db: Database): Promise<string[]> {
  const notices = [NOTICE_V1, NOTICE_V2, NOTICE_V3];
  for (const [n, content] of notices.entries()) {
    await db.insert(noticeVersions).values({
      version: n + 1,
      content,
      contentHash: hashNotice(content),
      publishedAt: new Date(Date.UTC(2023, n, 1)),
    });
  }
  const ids: string[] = [];
  for (const [n, person] of PEOPLE.entries()) {
    const [account] = await db
      .insert(accounts)
      .values({ phoneHash: `phone-hash-${n}`, phoneEncrypted: 'dummy', passwordHash: 'dummy' })
      .returning({ id: accounts.id });
    const accountId = account!.id;
    ids.push(accountId);
    await db.insert(insuranceProfiles).values({
      accountId,
      realName: `测试${n}`,
      gender: n % 2 ? 'F' : 'M',
      ethnicity: '汉族',
      birthday: person.birthday,
      idNumberEncrypted: 'dummy',
      idNumberHash: `id-hash-${n}`,
      city: person.city,
      employer: null,
    });
    const rows: (typeof contributions.$inferInsert)[] = [];
    for (const month of ['2024-01-01', '2024-02-01', '2024-03-01']) {
      for (const insuranceType of ['PENSION', 'MEDICAL'] as const) {
        rows.push({ accountId, month, insuranceType, base: String(5000 + 100 * (n % 5)), employerPart: '800.00', personalPart: '400.00', status: 'PAID' });
      }
    }
    // Outside the year, and not paid: neither may count.
    rows.push({ accountId, month: '2023-12-01', insuranceType: 'PENSION', base: '9999', employerPart: '9999', personalPart: '9999', status: 'PAID' });
    rows.push({ accountId, month: '2024-04-01', insuranceType: 'PENSION', base: '9999', employerPart: '9999', personalPart: '9999', status: 'ARREARS' });
    await db.insert(contributions).values(rows);
    await db.insert(medicalRecords).values([
      ...person.medicalMonths.map((m) => ({
        accountId,
        kind: 'OUTPATIENT' as const,
        date: `2024-0${m}-15`,
        institution: '测试医院',
        city: person.city,
        totalCost: '100.00',
        fundPaid: '70.00',
        personalAccountPaid: '10.00',
        outOfPocket: '20.00',
      })),
      { accountId, kind: 'PHARMACY' as const, date: '2023-12-31', institution: '测试药房', city: person.city, totalCost: '9999', fundPaid: '0', personalAccountPaid: '0', outOfPocket: '9999' },
    ]);
    await insertConsent(db, accountId, person.consent);
  }
  return ids;
}

async function insertConsent(db: Database, accountId: string, consent: Consent): Promise<void> {
  const event = (values: Partial<typeof consentEvents.$inferInsert>) =>
    db.insert(consentEvents).values({
      accountId,
      kind: 'GRANT',
      noticeVersion: 2,
      purpose: 'RESEARCH',
      recipientType: 'SERVICE',
      categories: ALL_RESEARCH,
      ...values,
    });
  // Every one also consents to the service, as a real account would.
  await event({ purpose: 'SERVICE', categories: ['insurance.contributions', 'medical.records'] });
  switch (consent) {
    case 'research':
      return void (await event({}));
    case 'research-v3':
      await event({ noticeVersion: 1, categories: ['insurance.status'] }); // an old grant, superseded
      return void (await event({ noticeVersion: 3 }));
    case 'research-until-2099':
      return void (await event({ expiresAt: new Date('2099-01-01T00:00:00Z') }));
    case 'withdrawn-all':
      await event({});
      return void (await event({ kind: 'WITHDRAW', categories: [] }));
    case 'expired':
      return void (await event({ expiresAt: new Date('2025-01-01T00:00:00Z') }));
    case 'old-notice':
      return void (await event({ noticeVersion: 1 }));
    case 'service-only':
      return;
    case 'platform-recipient':
      return void (await event({ recipientType: 'PLATFORM' }));
    case 'empty-regrant':
      await event({});
      await event({ kind: 'WITHDRAW', categories: [] });
      return void (await event({ categories: [] }));
    case 'no-contributions':
      await event({});
      return void (await event({ kind: 'WITHDRAW', categories: ['insurance.contributions'] }));
  }
}

/** Published entries as a grid: cells, then each row's total; the last line holds the column totals and the grand total. */
function publishedGrid(table: ProtectedTable): ProtectedValue[][] {
  const C = table.columns.length;
  const grid: ProtectedValue[][] = table.rows.map((_, i) => [...table.cells.slice(i * C, (i + 1) * C), table.rowTotals[i]!]);
  grid.push([...table.columnTotals, table.grandTotal]);
  return grid;
}

/** Lines (rows and columns of the grid) with exactly one hidden entry: that entry would follow by subtraction. */
function linesWithOneHidden(table: ProtectedTable): number {
  const grid = publishedGrid(table);
  let leaks = 0;
  for (const line of grid) if (line.filter((e) => e.suppressed).length === 1) leaks += 1;
  for (let j = 0; j < grid[0]!.length; j += 1) if (grid.filter((line) => line[j]!.suppressed).length === 1) leaks += 1;
  return leaks;
}

const cell = (table: ProtectedTable, row: string, column: string) => table.cells.find((c) => c.row === row && c.column === column)!;

type Backend = { name: string; open: () => Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> };

// One database per run, PGlite or PostgreSQL (DATABASE_URL), like the rest of the suite.
const backends: Backend[] = [
  {
    name: process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite',
    open: async () => {
      const { database, drop } = await openEmptyDatabase();
      return { handle: database, drop };
    },
  },
];

describe.each(backends)('research aggregates on $name', (backend) => {
  let handle: DatabaseHandle;
  let drop: () => Promise<void>;
  let notices: NoticeRegistry;
  let ids: string[];

  beforeAll(async () => {
    ({ handle, drop } = await backend.open());
    await handle.migrate();
    ids = await seed(handle.db);
    notices = new NoticeRegistry(handle.db);
    await notices.reload();
  }, 120_000);

  afterAll(async () => {
    await drop?.();
  });

  it('counts grants under notices whose research purpose reads as today', () => {
    expect(noticeVersionsStillCounting(notices, 'RESEARCH', 'medical.records')).toEqual([2, 3]);
    // Not a research category in the notice: no grant can count.
    expect(noticeVersionsStillCounting(notices, 'RESEARCH', 'location')).toEqual([]);
  });

  it('selects exactly the people the consent ledger says consent, for the categories asked', async () => {
    for (const categories of [CONTRIBUTION_TABLE_CATEGORIES, MEDICAL_TABLE_CATEGORIES]) {
      const selected = rowsOf<{ account_id: string }>(await handle.db.execute(sql`select account_id from (${consentingAccounts(notices, RESEARCH_CONSENT, categories, NOW)}) s`));
      const expected: string[] = [];
      for (const id of ids) {
        const state = await loadConsentState(handle.db, id, notices, NOW.getTime());
        const granted = grantedCategories(state, 'RESEARCH', 'SERVICE');
        if (categories.every((c) => granted.has(c))) expected.push(id);
      }
      expect(selected.map((r) => r.account_id).sort()).toEqual(expected.sort());
    }
    const contributors = rowsOf(await handle.db.execute(sql`select account_id from (${consentingAccounts(notices, RESEARCH_CONSENT, CONTRIBUTION_TABLE_CATEGORIES, NOW)}) s`));
    // 15 + 12 + 9 + 10 + 11 + 20 + 4: none of the six non-consenting, nor the one who withdrew contributions.
    expect(contributors).toHaveLength(81);
  });

  it('leaves out whoever restricted one of the categories, while the restriction holds', async () => {
    const selected = async () =>
      rowsOf<{ account_id: string }>(await handle.db.execute(sql`select account_id from (${consentingAccounts(notices, RESEARCH_CONSENT, CONTRIBUTION_TABLE_CATEGORIES, NOW)}) s`)).map((r) => r.account_id);
    const before = await selected();
    const [someone] = before;
    const restrict = async (status: 'RECEIVED' | 'COMPLETED' | 'REJECTED', liftedAt: Date | null, categories = [CONTRIBUTION_TABLE_CATEGORIES[0]!]) => {
      await handle.db.delete(dataSubjectRequests).where(sql`account_id = ${someone}`);
      await handle.db.insert(dataSubjectRequests).values({ accountId: someone!, kind: 'RESTRICTION', status, details: { categories }, dueAt: NOW, liftedAt });
    };
    try {
      for (const status of ['RECEIVED', 'COMPLETED'] as const) {
        await restrict(status, null);
        expect((await selected()).sort()).toEqual(before.filter((id) => id !== someone).sort());
      }
      await restrict('COMPLETED', NOW); // lifted
      expect((await selected()).sort()).toEqual([...before].sort());
      await restrict('REJECTED', null);
      expect((await selected()).sort()).toEqual([...before].sort());
      await restrict('RECEIVED', null, ['location']); // another category: no bearing here
      expect((await selected()).sort()).toEqual([...before].sort());
    } finally {
      await handle.db.delete(dataSubjectRequests).where(sql`account_id = ${someone}`);
    }
  });

  it('aggregates contributions by city and age band over consenting people, each once', async () => {
    const raw = await contributionsByCityAndAgeBand(handle.db, notices, { year: 2024 }, { now: NOW });
    expect(raw.rows).toEqual(['上海', '北京', OTHER_CITY]);
    expect(raw.columns).toEqual(['<30', '30-39', '40-49', '50-59', '60+']);
    const count = (row: string, column: string) => raw.cells.get(cellKey(row, column))?.count ?? 0;
    expect(count('北京', '40-49')).toBe(9);
    expect(count('北京', '<30')).toBe(15);
    expect(count('上海', '<30')).toBe(10);
    expect(count('上海', '30-39')).toBe(11);
    expect(count('上海', '50-59')).toBe(0);
    expect(count(OTHER_CITY, '30-39')).toBe(2);
    expect(raw.rowTotals.get('上海')!.count).toBe(41);
    expect(raw.grandTotal.count).toBe(81);
    // 3 paid months × 2 insurance types × (800 + 400); December and the arrears row left out.
    expect(raw.cells.get(cellKey('北京', '<30'))!.sums.TOTAL_CONTRIBUTION).toBeCloseTo(15 * 7200, 2);
    expect(raw.cells.get(cellKey('北京', '<30'))!.sums.PERSONAL_PART).toBeCloseTo(15 * 2400, 2);
    const meanBase = raw.grandTotal.sums.MONTHLY_BASE / raw.grandTotal.count;
    expect(meanBase).toBeGreaterThanOrEqual(5000);
    expect(meanBase).toBeLessThanOrEqual(5400);

    const month = await contributionsByCityAndAgeBand(handle.db, notices, { year: 2024, month: 2 }, { now: NOW });
    expect(month.grandTotal.count).toBe(81);
    expect(month.grandTotal.sums.TOTAL_CONTRIBUTION).toBeCloseTo(81 * 2400, 2);
    // Born 1994-01-02: 30 by February, still in the band of 1 January, as in the yearly table.
    expect(month.cells.get(cellKey('上海', '<30'))!.count).toBe(10);
    const april = await contributionsByCityAndAgeBand(handle.db, notices, { year: 2024, month: 4 }, { now: NOW });
    expect(april.grandTotal.count).toBe(0);
    expect(april.rows).toEqual([]);
  });

  it('hides the group of 9 and every value it could be derived from, shows groups of exactly 10', async () => {
    const raw = await contributionsByCityAndAgeBand(handle.db, notices, { year: 2024 }, { now: NOW });
    const table = protectTable(toTableInput(raw, 'TOTAL_CONTRIBUTION'));
    expect(cell(table, '北京', '40-49')).toMatchObject({ people: null, sum: null, mean: null, suppressed: true });
    expect(cell(table, OTHER_CITY, '30-39').suppressed).toBe(true);
    expect(table.rowTotals.find((t) => t.key === OTHER_CITY)!.suppressed).toBe(true);
    expect(cell(table, '上海', '<30')).toEqual({ row: '上海', column: '<30', people: 10, sum: 72000, mean: 7200, suppressed: false });
    expect(linesWithOneHidden(table)).toBe(0);
    for (const c of table.cells) if (!c.suppressed) expect(c.people === 0 || c.people! >= 10).toBe(true);
    // The same people, another measure: the same cells hidden.
    const other = protectTable(toTableInput(raw, 'MONTHLY_BASE'));
    expect(other.cells.map((c) => c.suppressed)).toEqual(table.cells.map((c) => c.suppressed));
  });

  it('aggregates medical spending by city and month with distinct people in the totals', async () => {
    const raw = await medicalSpendingByCityAndMonth(handle.db, notices, 2024, { now: NOW });
    expect(raw.columns).toHaveLength(12);
    const count = (row: string, column: string) => raw.cells.get(cellKey(row, column))?.count ?? 0;
    expect(count('北京', '2024-03')).toBe(9);
    expect(count('北京', '2024-01')).toBe(27);
    // Includes the person who withdrew only contributions: this table does not read them.
    expect(count('上海', '2024-02')).toBe(42);
    expect(count('上海', '2024-03')).toBe(20);
    expect(raw.rowTotals.get('上海')!.count).toBe(42);
    expect(raw.rowTotals.get('上海')!.sums.TOTAL_COST).toBeCloseTo(62 * 100, 2);
    expect(raw.grandTotal.count).toBe(82);
    expect(raw.grandTotal.sums.FUND_PAID).toBeCloseTo((27 + 9 + 62 + 4) * 70, 2);

    const table = protectTable(toTableInput(raw, 'OUT_OF_POCKET'));
    expect(cell(table, '北京', '2024-03').suppressed).toBe(true);
    expect(linesWithOneHidden(table)).toBe(0);
    expect(cell(table, '北京', '2024-02')).toMatchObject({ people: 0, sum: 0, mean: null, suppressed: false });
  });

  it('answers a researcher through GraphQL and refuses everyone else', async () => {
    const schema = applyOperationGuards(await buildSchema({ resolvers: [ResearchResolver], validate: false }), { production: false });
    const source = `query ($year: Int!) {
      research {
        k
        noticeVersion
        contributionsByCityAndAgeBand(year: $year) {
          k measure rows columns
          cells { row column people sum mean suppressed }
          rowTotals { key people suppressed }
          columnTotals { key people suppressed }
          grandTotal { key people sum suppressed }
        }
        medicalSpendingByCityAndMonth(year: $year, measure: FUND_PAID) { measure cells { row column people suppressed } }
      }
    }`;
    const services = { research: new ResearchData(handle.db, notices) };
    const asResearcher = await graphql({
      schema,
      source,
      variableValues: { year: 2024 },
      contextValue: { principal: { kind: 'researcher', researcherId: 'r-1' }, services },
    });
    expect(asResearcher.errors).toBeUndefined();
    const research = (asResearcher.data as any).research;
    expect(research.k).toBe(10);
    expect(research.noticeVersion).toBe(3);
    const contributionsTable = research.contributionsByCityAndAgeBand;
    expect(contributionsTable.measure).toBe('TOTAL_CONTRIBUTION');
    expect(contributionsTable.cells.find((c: any) => c.row === '北京' && c.column === '40-49')).toEqual({
      row: '北京',
      column: '40-49',
      people: null,
      sum: null,
      mean: null,
      suppressed: true,
    });
    expect(contributionsTable.grandTotal).toEqual({ key: null, people: 81, sum: 81 * 7200, suppressed: false });
    expect(research.medicalSpendingByCityAndMonth.measure).toBe('FUND_PAID');

    const asPerson = await graphql({
      schema,
      source,
      variableValues: { year: 2024 },
      contextValue: { principal: { kind: 'person', accountId: ids[0], sessionId: 's', consentVersion: 1, isResearcher: false }, services },
    });
    expect(asPerson.data).toEqual({ research: null });
    expect(asPerson.errors?.map((e) => e.extensions)).toEqual([{ code: 'FORBIDDEN', reason: 'RESEARCHER_ONLY' }]);

    const badYear = await graphql({
      schema,
      source: '{ research { contributionsByCityAndAgeBand(year: 1900) { k } } }',
      contextValue: { principal: { kind: 'researcher', researcherId: 'r-1' }, services },
    });
    expect(badYear.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
