// Reads of the insurance tables, always scoped by the subject's account id.
import DataLoader from 'dataloader';
import { and, asc, count, desc, eq, gte, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { FieldCrypto } from '../../config/field-crypto.js';
import type { Executor } from '../../db/database.js';
import { balances, contributions, insuranceProfiles, medicalRecords, participations, socialInsuranceCards } from '../../db/schema.js';
import { withoutAccountId } from '../../graphql/module.js';
import { toGlobalId } from '../../graphql/node.js';
import type { Balance, Contribution, MedicalRecord, MedicalSpendingMonth, Participation } from './insurance.types.js';

const yuan = (value: string | number) => Number(value);

export type ProfileRow = typeof insuranceProfiles.$inferSelect;
export type MedicalRecordRow = typeof medicalRecords.$inferSelect;

export type ContributionRange = { last?: number | null; from?: string | null; to?: string | null };

export type MedicalPage = { first: number; after: { date: string; id: string } | null; kind?: string | null; from?: string | null; to?: string | null };

export type InsuranceLoaders = ReturnType<InsuranceData['loaders']>;

export class InsuranceData {
  constructor(
    private readonly db: Executor,
    private readonly crypto: FieldCrypto,
  ) {}

  /** Per request: identity and insurance status both read the profile row, once. */
  loaders() {
    return {
      profileByAccount: new DataLoader<string, ProfileRow | null>(async (accountIds) => {
        const rows = await this.db.select().from(insuranceProfiles).where(inArray(insuranceProfiles.accountId, [...accountIds]));
        return accountIds.map((id) => rows.find((row) => row.accountId === id) ?? null);
      }),
    };
  }

  async documents(accountId: string): Promise<{ idNumber: string; cardNumber: string } | null> {
    const [row] = await this.db
      .select({ idNumber: insuranceProfiles.idNumberEncrypted, cardNumber: socialInsuranceCards.cardNumberEncrypted })
      .from(insuranceProfiles)
      .innerJoin(socialInsuranceCards, eq(socialInsuranceCards.accountId, insuranceProfiles.accountId))
      .where(eq(insuranceProfiles.accountId, accountId));
    return row ? { idNumber: this.crypto.decrypt(row.idNumber), cardNumber: this.crypto.decrypt(row.cardNumber) } : null;
  }

  participations(accountId: string): Promise<Participation[]> {
    return this.db.select().from(participations).where(eq(participations.accountId, accountId)).orderBy(asc(participations.insuranceType));
  }

  /** `from`/`to` are "YYYY-MM", inclusive; `last` keeps the N most recent months of the range. */
  async contributions(accountId: string, range: ContributionRange): Promise<Contribution[]> {
    const db = this.db;
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

  async contributionById(accountId: string, id: string): Promise<Contribution | null> {
    const [row] = await this.db.select().from(contributions).where(and(eq(contributions.id, id), eq(contributions.accountId, accountId)));
    return row ? toContribution(row) : null;
  }

  async balances(accountId: string): Promise<Balance[]> {
    const rows = await this.db.select().from(balances).where(eq(balances.accountId, accountId)).orderBy(asc(balances.accountType));
    return rows.map((row) => ({ accountType: row.accountType, amount: yuan(row.amount), asOf: row.asOf }));
  }

  async medicalRecordById(accountId: string, id: string): Promise<MedicalRecordRow | null> {
    const [row] = await this.db.select().from(medicalRecords).where(and(eq(medicalRecords.id, id), eq(medicalRecords.accountId, accountId)));
    return row ?? null;
  }

  /** Keyset paging on (date desc, id desc): stable under inserts, no OFFSET scans. */
  async medicalRecordPage(accountId: string, page: MedicalPage) {
    const filters = [eq(medicalRecords.accountId, accountId)];
    if (page.kind) filters.push(eq(medicalRecords.kind, page.kind as 'OUTPATIENT'));
    if (page.from) filters.push(gte(medicalRecords.date, page.from));
    if (page.to) filters.push(lte(medicalRecords.date, page.to));
    const keyset = page.after
      ? or(lt(medicalRecords.date, page.after.date), and(eq(medicalRecords.date, page.after.date), lt(medicalRecords.id, page.after.id)))
      : undefined;
    const [rows, [total]] = await Promise.all([
      this.db
        .select()
        .from(medicalRecords)
        .where(and(...filters, keyset))
        .orderBy(desc(medicalRecords.date), desc(medicalRecords.id))
        .limit(page.first + 1),
      this.db.select({ n: count() }).from(medicalRecords).where(and(...filters)),
    ]);
    return { rows: rows.slice(0, page.first), hasNextPage: rows.length > page.first, totalCount: total?.n ?? 0 };
  }

  /** Spending per month for the `months` months up to the current one, zeros included: a chart's x axis is time. */
  async medicalSpending(accountId: string, months: number, now = new Date()): Promise<MedicalSpendingMonth[]> {
    const current = monthInChina(now);
    const window = Array.from({ length: months }, (_, i) => new Date(Date.UTC(current.year, current.month - 1 - (months - 1 - i), 1)).toISOString().slice(0, 7));
    const month = sql<string>`to_char(${medicalRecords.date}, 'YYYY-MM')`;
    const rows = await this.db
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

  /** This module's part of the person's data export: readable values, no internal hashes or keys. */
  async exportData(accountId: string): Promise<Record<string, unknown>> {
    const db = this.db;
    const [profile] = await db.select().from(insuranceProfiles).where(eq(insuranceProfiles.accountId, accountId));
    const [card] = await db.select().from(socialInsuranceCards).where(eq(socialInsuranceCards.accountId, accountId));
    const [participationRows, contributionRows, balanceRows, medicalRows] = await Promise.all([
      db.select().from(participations).where(eq(participations.accountId, accountId)),
      db.select().from(contributions).where(eq(contributions.accountId, accountId)).orderBy(asc(contributions.month)),
      db.select().from(balances).where(eq(balances.accountId, accountId)),
      db.select().from(medicalRecords).where(eq(medicalRecords.accountId, accountId)).orderBy(asc(medicalRecords.date)),
    ]);
    return {
      identity: profile && {
        realName: profile.realName,
        gender: profile.gender,
        ethnicity: profile.ethnicity,
        birthday: profile.birthday,
        idNumber: this.crypto.decrypt(profile.idNumberEncrypted),
        city: profile.city,
        employer: profile.employer,
      },
      card: card && { cardNumber: this.crypto.decrypt(card.cardNumberEncrypted), linkedAt: card.linkedAt, refreshedAt: card.refreshedAt },
      participations: withoutAccountId(participationRows),
      contributions: withoutAccountId(contributionRows),
      balances: withoutAccountId(balanceRows),
      medicalRecords: withoutAccountId(medicalRows),
    };
  }
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

export function toMedicalRecord(row: MedicalRecordRow): MedicalRecord & Record<string, unknown> {
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

/** The month a date falls in for the person: China Standard Time, UTC+8 all year. */
function monthInChina(now: Date): { year: number; month: number } {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1 };
}
