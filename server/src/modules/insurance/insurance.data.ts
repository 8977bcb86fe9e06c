// Reads of the insurance tables, always scoped by the subject's account id.
import { and, asc, count, desc, eq, gte, lt, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { balances, contributions, insuranceProfiles, medicalRecords, participations, socialInsuranceCards } from '../../db/schema.js';
import type { FieldCrypto } from '../../config/field-crypto.js';
import { toGlobalId } from '../../graphql/node.js';
import type { Balance, Contribution, MedicalRecord, MedicalSpendingMonth, Participation } from './insurance.types.js';

const yuan = (value: string | number) => Number(value);

export async function findDocuments(db: Executor, crypto: FieldCrypto, accountId: string) {
  const [row] = await db
    .select({ idNumber: insuranceProfiles.idNumberEncrypted, cardNumber: socialInsuranceCards.cardNumberEncrypted })
    .from(insuranceProfiles)
    .innerJoin(socialInsuranceCards, eq(socialInsuranceCards.accountId, insuranceProfiles.accountId))
    .where(eq(insuranceProfiles.accountId, accountId));
  return row && { idNumber: crypto.decrypt(row.idNumber), cardNumber: crypto.decrypt(row.cardNumber) };
}

export async function listParticipations(db: Executor, accountId: string): Promise<Participation[]> {
  return db.select().from(participations).where(eq(participations.accountId, accountId)).orderBy(asc(participations.insuranceType));
}

export type ContributionRange = { last?: number | null; from?: string | null; to?: string | null };

/** `from`/`to` are "YYYY-MM", inclusive; `last` keeps the N most recent months of the range. */
export async function listContributions(db: Executor, accountId: string, range: ContributionRange): Promise<Contribution[]> {
  const conditions = [eq(contributions.accountId, accountId)];
  if (range.from) conditions.push(gte(contributions.month, `${range.from}-01`));
  if (range.to) conditions.push(lte(contributions.month, `${range.to}-01`));
  const where = and(...conditions);
  let rows;
  if (range.last != null) {
    // The N most recent months, whatever the number of insurance types per month.
    const months = db
      .selectDistinct({ month: contributions.month })
      .from(contributions)
      .where(where)
      .orderBy(desc(contributions.month))
      .limit(range.last);
    rows = await db
      .select()
      .from(contributions)
      .where(and(where, sql`${contributions.month} in ${months}`))
      .orderBy(asc(contributions.month), asc(contributions.insuranceType));
  } else {
    rows = await db.select().from(contributions).where(where).orderBy(asc(contributions.month), asc(contributions.insuranceType));
  }
  return rows.map(toContribution);
}

function toContribution(row: typeof contributions.$inferSelect): Contribution {
  return {
    id: toGlobalId('Contribution', row.id),
    month: row.month.slice(0, 7),
    insuranceType: row.insuranceType,
    base: yuan(row.base),
    employerPart: yuan(row.employerPart),
    personalPart: yuan(row.personalPart),
    status: row.status,
    employer: row.employer,
  };
}

export async function listBalances(db: Executor, accountId: string): Promise<Balance[]> {
  const rows = await db.select().from(balances).where(eq(balances.accountId, accountId)).orderBy(asc(balances.accountType));
  return rows.map((row) => ({ accountType: row.accountType, amount: yuan(row.amount), asOf: row.asOf }));
}

export function toMedicalRecord(row: typeof medicalRecords.$inferSelect): MedicalRecord & Record<string, unknown> {
  const days = row.dischargeDate ? Math.round((Date.parse(row.dischargeDate) - Date.parse(row.date)) / 86_400_000) + 1 : null;
  return {
    id: toGlobalId('MedicalRecord', row.id),
    kind: row.kind,
    date: row.date,
    institution: row.institution,
    department: row.department,
    city: row.city,
    totalCost: yuan(row.totalCost),
    fundPaid: yuan(row.fundPaid),
    personalAccountPaid: yuan(row.personalAccountPaid),
    outOfPocket: yuan(row.outOfPocket),
    dischargeDate: row.dischargeDate,
    days,
    itemCount: row.itemCount,
  };
}

export type MedicalPage = { first: number; after: { date: string; id: string } | null; kind?: string | null; from?: string | null; to?: string | null };

/** Keyset paging on (date desc, id desc): stable under inserts, no OFFSET scans. */
export async function pageMedicalRecords(db: Executor, accountId: string, page: MedicalPage) {
  const filters = [eq(medicalRecords.accountId, accountId)];
  if (page.kind) filters.push(eq(medicalRecords.kind, page.kind as 'OUTPATIENT'));
  if (page.from) filters.push(gte(medicalRecords.date, page.from));
  if (page.to) filters.push(lte(medicalRecords.date, page.to));
  const keyset = page.after
    ? or(lt(medicalRecords.date, page.after.date), and(eq(medicalRecords.date, page.after.date), lt(medicalRecords.id, page.after.id)))
    : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(medicalRecords)
      .where(and(...filters, keyset))
      .orderBy(desc(medicalRecords.date), desc(medicalRecords.id))
      .limit(page.first + 1),
    db.select({ n: count() }).from(medicalRecords).where(and(...filters)),
  ]);
  return { rows: rows.slice(0, page.first), hasNextPage: rows.length > page.first, totalCount: total?.n ?? 0 };
}

/** The month a date falls in for the person: China Standard Time, UTC+8 all year. */
function monthInChina(now: Date): { year: number; month: number } {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1 };
}

/** Spending per month for the `months` months up to the current one, zeros included: a chart's x axis is time. */
export async function medicalSpendingByMonth(db: Executor, accountId: string, months: number, now = new Date()): Promise<MedicalSpendingMonth[]> {
  const current = monthInChina(now);
  const window = Array.from({ length: months }, (_, i) => new Date(Date.UTC(current.year, current.month - 1 - (months - 1 - i), 1)).toISOString().slice(0, 7));
  const month = sql<string>`to_char(${medicalRecords.date}, 'YYYY-MM')`;
  const rows = await db
    .select({
      month,
      totalCost: sql<string>`sum(${medicalRecords.totalCost})`,
      fundPaid: sql<string>`sum(${medicalRecords.fundPaid})`,
      personalAccountPaid: sql<string>`sum(${medicalRecords.personalAccountPaid})`,
      outOfPocket: sql<string>`sum(${medicalRecords.outOfPocket})`,
    })
    .from(medicalRecords)
    .where(and(eq(medicalRecords.accountId, accountId), gte(medicalRecords.date, `${window[0]}-01`)))
    .groupBy(month)
    .orderBy(month);
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  return window.map((key) => {
    const r = byMonth.get(key);
    return {
      month: key,
      totalCost: r ? yuan(r.totalCost) : 0,
      fundPaid: r ? yuan(r.fundPaid) : 0,
      personalAccountPaid: r ? yuan(r.personalAccountPaid) : 0,
      outOfPocket: r ? yuan(r.outOfPocket) : 0,
    };
  });
}

export async function listContributionById(db: Executor, accountId: string, id: string): Promise<Contribution | null> {
  const [row] = await db.select().from(contributions).where(and(eq(contributions.id, id), eq(contributions.accountId, accountId)));
  return row ? toContribution(row) : null;
}
