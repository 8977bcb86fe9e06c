// The reads' shapes against the rows they come from. Contributions and medical records are built
// as JSON by the database (`contributionJson`, `medicalRecordValues`), so this checks them value
// by value against a plain select.
// Runs on PGlite, or on a throwaway PostgreSQL database when DATABASE_URL is set.
import 'reflect-metadata';
import { and, asc, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCrypto } from '../../config/field-crypto.js';
import type { Database, DatabaseHandle } from '../../db/database.js';
import { balances, contributions, medicalRecords, participations } from '../../db/schema.js';
import { fromGlobalId } from '../../graphql/global-ids.js';
import { generatePerson } from '../../platform/synthetic-person.js';
import { insertBareAccount, openEmptyDatabase } from '../../../test/support/databases.js';
import { replaceInsuranceRecord } from './insurance-writes.data.js';
import { InsuranceData } from './insurance.data.js';

const crypto = new FieldCrypto(Buffer.alloc(32, 7), Buffer.alloc(32, 9));
let handle: DatabaseHandle;
let drop: () => Promise<void>;
let db: Database;
let insurance: InsuranceData;

beforeAll(async () => {
  ({ database: handle, drop } = await openEmptyDatabase());
  db = handle.db;
  insurance = new InsuranceData(db, crypto);
}, 120_000);
afterAll(() => drop?.());

const newAccount = () => insertBareAccount(db, crypto);

/** What the API should say of each row, derived the obvious way. */
async function expectedContributions(accountId: string) {
  const rows = await db.select().from(contributions).where(eq(contributions.accountId, accountId)).orderBy(asc(contributions.month), asc(contributions.insuranceType));
  return rows.map((row) => ({
    id: row.id,
    month: row.month.slice(0, 7),
    insuranceType: row.insuranceType,
    base: Number(row.base),
    employerPart: Number(row.employerPart),
    personalPart: Number(row.personalPart),
    status: row.status,
    employer: row.employer,
  }));
}

const withRowId = <T extends { id: string }>(contribution: T) => ({ ...contribution, id: fromGlobalId(contribution.id)!.id });

describe('contributions', () => {
  let accountId: string;
  beforeAll(async () => {
    accountId = await newAccount();
    const record = generatePerson('contributions|1', { cardNumber: 'C00000001', asOfMonth: '2026-11', years: 6, birthYears: [1980, 1990] });
    await db.transaction((tx) => replaceInsuranceRecord(tx, crypto, accountId, record));
    // A month paid without an employer (flexible employment), in fen.
    await db.insert(contributions).values({ accountId, month: '2020-02-01', insuranceType: 'MATERNITY', base: '4321.09', employerPart: '0.00', personalPart: '12.34', status: 'ARREARS', employer: null });
    // An employer's name with everything JSON must escape (the list is JSON text built in SQL).
    await db.insert(contributions).values({ accountId, month: '2020-02-01', insuranceType: 'PENSION', base: '4321.09', employerPart: '1.00', personalPart: '2.00', status: 'PAID', employer: '"引号" \\ back\nslash\t\u0001 end' });
  });

  it('gives every row, in month then insurance-type order, with the values the rows hold', async () => {
    const expected = await expectedContributions(accountId);
    expect(expected.length).toBeGreaterThan(100);
    expect(expected.some((c) => c.employer === null)).toBe(true);
    expect(expected.some((c) => !Number.isInteger(c.personalPart))).toBe(true);
    expect(expected.some((c) => c.employer?.includes('"') && c.employer.includes('\\') && c.employer.includes('\n'))).toBe(true);
    const read = await insurance.contributions(accountId, {});
    expect(read.map(withRowId)).toEqual(expected);
    expect(read.every((c) => fromGlobalId(c.id)?.type === 'Contribution')).toBe(true);
  });

  it('keeps the most recent months with `last`, and bounds months with `from`/`to`', async () => {
    const expected = await expectedContributions(accountId);
    const months = [...new Set(expected.map((c) => c.month))];
    const lastThree = months.slice(-3);
    expect((await insurance.contributions(accountId, { last: 3 })).map(withRowId)).toEqual(expected.filter((c) => lastThree.includes(c.month)));
    const [from, to] = [months[5]!, months[9]!];
    expect((await insurance.contributions(accountId, { from, to })).map(withRowId)).toEqual(expected.filter((c) => c.month >= from && c.month <= to));
    // Both: the last two months of the range.
    const lastTwoOfRange = months.filter((m) => m >= from && m <= to).slice(-2);
    expect((await insurance.contributions(accountId, { from, to, last: 2 })).map(withRowId)).toEqual(expected.filter((c) => lastTwoOfRange.includes(c.month)));
    expect(await insurance.contributions(accountId, { from: to, to: from })).toEqual([]);
  });

  it('finds one by its id within the account only', async () => {
    const [first] = await insurance.contributions(accountId, { last: 1 });
    const rowId = fromGlobalId(first!.id)!.id;
    const found = await insurance.contributionById(accountId, rowId);
    expect(found).toEqual(first);
    expect(found?.id).toBe(first!.id);
    expect(await insurance.contributionById(await newAccount(), rowId)).toBeNull();
  });

  it('is an empty list for a person without contributions', async () => {
    expect(await insurance.contributions(await newAccount(), {})).toEqual([]);
  });
});

/** What the API should say of each medical record, newest first, derived the obvious way. */
async function expectedMedicalRecords(accountId: string, kind?: 'OUTPATIENT' | 'INPATIENT' | 'PHARMACY') {
  const rows = await db
    .select()
    .from(medicalRecords)
    .where(and(eq(medicalRecords.accountId, accountId), kind ? eq(medicalRecords.kind, kind) : undefined))
    .orderBy(desc(medicalRecords.date), desc(medicalRecords.id));
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    date: row.date,
    institution: row.institution,
    department: row.department,
    city: row.city,
    totalCost: Number(row.totalCost),
    fundPaid: Number(row.fundPaid),
    personalAccountPaid: Number(row.personalAccountPaid),
    outOfPocket: Number(row.outOfPocket),
    dischargeDate: row.dischargeDate,
    days: row.dischargeDate ? Math.round((Date.parse(row.dischargeDate) - Date.parse(row.date)) / 86_400_000) + 1 : null,
    itemCount: row.itemCount,
  }));
}

describe('medical records', () => {
  let accountId: string;
  beforeAll(async () => {
    accountId = await newAccount();
    const record = generatePerson('medical|1', { cardNumber: 'C00000002', asOfMonth: '2026-11', years: 8, birthYears: [1960, 1970] });
    await db.transaction((tx) => replaceInsuranceRecord(tx, crypto, accountId, record));
  });

  it('pages through every record newest first with the values the rows hold, and the total on every page', async () => {
    const expected = await expectedMedicalRecords(accountId);
    expect(expected.length).toBeGreaterThan(20);
    expect(expected.some((r) => r.days !== null && r.days > 1)).toBe(true);
    const read = [];
    let after: { date: string; id: string } | null = null;
    for (let pages = 0; ; pages++) {
      const page = await insurance.medicalRecordPage(accountId, { first: 7, after });
      expect(page.totalCount).toBe(expected.length);
      read.push(...page.records);
      if (!page.hasNextPage) break;
      after = page.last;
      expect(pages).toBeLessThan(expected.length);
    }
    expect(read.map(withRowId)).toEqual(expected);
    expect(read.every((r) => fromGlobalId(r.id)?.type === 'MedicalRecord')).toBe(true);
  });

  it('filters by kind, counting only what the filter keeps', async () => {
    const expected = await expectedMedicalRecords(accountId, 'INPATIENT');
    expect(expected.length).toBeGreaterThan(0);
    const page = await insurance.medicalRecordPage(accountId, { first: 100, after: null, kind: 'INPATIENT' });
    expect(page.totalCount).toBe(expected.length);
    expect(page.records.map(withRowId)).toEqual(expected.slice(0, 100));
  });

  it('is an empty page with a total of 0 for a person without records, and finds one record within its account only', async () => {
    expect(await insurance.medicalRecordPage(await newAccount(), { first: 5, after: null })).toEqual({ records: [], hasNextPage: false, totalCount: 0, last: null });
    const [first] = (await insurance.medicalRecordPage(accountId, { first: 1, after: null })).records;
    const rowId = fromGlobalId(first!.id)!.id;
    expect(await insurance.medicalRecordById(accountId, rowId)).toEqual(first);
    expect(await insurance.medicalRecordById(await newAccount(), rowId)).toBeNull();
  });
});

describe('the insurance record', () => {
  it('holds the profile, every participation and every balance of the account, in one read', async () => {
    const accountId = await newAccount();
    const other = await newAccount();
    const record = generatePerson('record|1', { cardNumber: 'C00000003', asOfMonth: '2026-11', years: 4, birthYears: [1985, 1990] });
    await db.transaction((tx) => replaceInsuranceRecord(tx, crypto, accountId, record));
    await db.transaction((tx) => replaceInsuranceRecord(tx, crypto, other, generatePerson('record|2', { cardNumber: 'C00000004', asOfMonth: '2026-11', years: 2, birthYears: [1970, 1975] })));
    const read = await insurance.loaders().insuranceRecordByAccount.load(accountId);
    const balanceRows = await db.select().from(balances).where(eq(balances.accountId, accountId)).orderBy(asc(balances.accountType));
    const participationRows = await db.select().from(participations).where(eq(participations.accountId, accountId)).orderBy(asc(participations.insuranceType));
    expect(balanceRows.length).toBeGreaterThan(0);
    expect(participationRows.length).toBeGreaterThan(1);
    expect(read!.balances).toEqual(balanceRows.map((row) => ({ accountType: row.accountType, amount: Number(row.amount), asOf: row.asOf })));
    expect(read!.participations).toEqual(participationRows);
    expect(read!.profile.accountId).toBe(accountId);
  });

  it('is null for an account without a linked card', async () => {
    expect(await insurance.loaders().insuranceRecordByAccount.load(await newAccount())).toBeNull();
  });
});
