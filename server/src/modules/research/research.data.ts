// Aggregates for researchers, computed in SQL over the people who currently consent to research.
// Nothing here returns a row about one person: every query ends in GROUP BY, and the results go
// through k-anonymity.ts before they leave the module.
import { sql } from 'drizzle-orm';
import type { DataCategory } from '@shebao/vocabulary';
import type { NoticeRegistry } from '../../authz/notice-registry.js';
import { rowsOf, type Executor } from '../../db/database.js';
import { consentingAccounts } from '../../authz/consenting-accounts.js';
import { contributions, insuranceProfiles, medicalRecords } from '../../db/schema.js';
import { K_ANONYMITY_THRESHOLD, type Aggregate, type TableInput } from './k-anonymity.js';

export const AGE_BANDS = ['<30', '30-39', '40-49', '50-59', '60+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Cities with fewer than k people in a table are merged here, so a city name never points at a few people. */
export const OTHER_CITY = 'OTHER';

export const CONTRIBUTION_MEASURES = ['MONTHLY_BASE', 'TOTAL_CONTRIBUTION', 'PERSONAL_PART', 'EMPLOYER_PART'] as const;
export type ContributionMeasure = (typeof CONTRIBUTION_MEASURES)[number];

export const MEDICAL_MEASURES = ['TOTAL_COST', 'FUND_PAID', 'PERSONAL_ACCOUNT_PAID', 'OUT_OF_POCKET'] as const;
export type MedicalMeasure = (typeof MEDICAL_MEASURES)[number];

/** What each table reads, so consent is required for every category a group is defined by. */
export const CONTRIBUTION_TABLE_CATEGORIES: readonly DataCategory[] = [
  'identity.basic', // age band, from the birthday
  'insurance.status', // city
  'insurance.contributions',
];
export const MEDICAL_TABLE_CATEGORIES: readonly DataCategory[] = ['insurance.status', 'medical.records'];

/** A group as computed in SQL: its people (each counted once) and the sum of every measure over them. */
export type MeasuredGroup<M extends string> = { count: number; sums: Record<M, number> };

/** Raw, unprotected: only `toTableInput` + `protectTable` may turn this into an answer. */
export type MeasuredTable<M extends string> = {
  rows: string[];
  columns: string[];
  cells: Map<string, MeasuredGroup<M>>;
  rowTotals: Map<string, MeasuredGroup<M>>;
  columnTotals: Map<string, MeasuredGroup<M>>;
  grandTotal: MeasuredGroup<M>;
};

/** Research aggregates are computed by the service itself, for people who granted RESEARCH. */
export const RESEARCH_CONSENT = { purpose: 'RESEARCH', recipientType: 'SERVICE' } as const;

export type ResearchPeriod = { year: number; month?: number | null };
export type ResearchOptions = { now?: Date; k?: number };

/** First day of the period and first day after it, as "YYYY-MM-DD". */
export function periodBounds({ year, month }: ResearchPeriod): { start: string; end: string } {
  const pad = (n: number) => String(n).padStart(2, '0');
  if (month == null) return { start: `${year}-01-01`, end: `${year + 1}-01-01` };
  return { start: `${year}-${pad(month)}-01`, end: month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01` };
}

/**
 * Contributions by city × age band: people who paid contributions in the period, each counted once,
 * with per person their mean monthly base and what was paid in the period. Age is in completed
 * years on 1 January of the year, also for a single month: every month of a year then groups a
 * person the same way, so comparing two months cannot single out someone who changed band.
 */
export async function contributionsByCityAndAgeBand(
  db: Executor,
  notices: NoticeRegistry,
  period: ResearchPeriod,
  options: ResearchOptions = {},
): Promise<MeasuredTable<ContributionMeasure>> {
  const { start, end } = periodBounds(period);
  const ageOn = `${period.year}-01-01`;
  const k = options.k ?? K_ANONYMITY_THRESHOLD;
  const consenting = consentingAccounts(notices, RESEARCH_CONSENT, CONTRIBUTION_TABLE_CATEGORIES, options.now ?? new Date());
  const result = await db.execute(sql`
    with consenting as (${consenting}),
    months as (
      select c.account_id, c.month, avg(c.base) as base,
             sum(c.employer_part) as employer_part, sum(c.personal_part) as personal_part
      from ${contributions} c
      join consenting s on s.account_id = c.account_id
      where c.status = 'PAID' and c.month >= ${start}::date and c.month < ${end}::date
      group by c.account_id, c.month
    ),
    people as (
      select m.account_id, p.city,
             extract(year from age(${ageOn}::date, p.birthday))::int as age,
             avg(m.base) as monthly_base,
             sum(m.employer_part) as employer_part,
             sum(m.personal_part) as personal_part
      from months m
      join ${insuranceProfiles} p on p.account_id = m.account_id
      group by m.account_id, p.city, p.birthday
    ),
    grouped as (
      select case when count(*) over (partition by city) >= ${k} then city else ${OTHER_CITY} end as city,
             case when age < 30 then '<30' when age < 40 then '30-39' when age < 50 then '40-49'
                  when age < 60 then '50-59' else '60+' end as band,
             monthly_base, employer_part, personal_part
      from people
    )
    select city, band, grouping(city, band)::int as level, count(*)::int as count,
           coalesce(sum(monthly_base), 0)::float8 as "MONTHLY_BASE",
           coalesce(sum(employer_part + personal_part), 0)::float8 as "TOTAL_CONTRIBUTION",
           coalesce(sum(personal_part), 0)::float8 as "PERSONAL_PART",
           coalesce(sum(employer_part), 0)::float8 as "EMPLOYER_PART"
    from grouped
    group by grouping sets ((city, band), (city), (band), ())`);
  return toMeasuredTable(rowsOf<GroupRow>(result), [...AGE_BANDS], CONTRIBUTION_MEASURES);
}

/**
 * Medical spending by city × month of one year: people with at least one settled visit or purchase
 * in the cell (each counted once, also in the totals) and the sums of what it cost and who paid.
 */
export async function medicalSpendingByCityAndMonth(
  db: Executor,
  notices: NoticeRegistry,
  year: number,
  options: ResearchOptions = {},
): Promise<MeasuredTable<MedicalMeasure>> {
  const { start, end } = periodBounds({ year });
  const k = options.k ?? K_ANONYMITY_THRESHOLD;
  const consenting = consentingAccounts(notices, RESEARCH_CONSENT, MEDICAL_TABLE_CATEGORIES, options.now ?? new Date());
  const result = await db.execute(sql`
    with consenting as (${consenting}),
    records as (
      select r.account_id, p.city, to_char(r.date, 'YYYY-MM') as month,
             r.total_cost, r.fund_paid, r.personal_account_paid, r.out_of_pocket
      from ${medicalRecords} r
      join consenting s on s.account_id = r.account_id
      join ${insuranceProfiles} p on p.account_id = r.account_id
      where r.date >= ${start}::date and r.date < ${end}::date
    ),
    city_people as (select city, count(distinct account_id) as n from records group by city),
    grouped as (
      select case when c.n >= ${k} then r.city else ${OTHER_CITY} end as city, r.month, r.account_id,
             r.total_cost, r.fund_paid, r.personal_account_paid, r.out_of_pocket
      from records r join city_people c on c.city = r.city
    )
    select city, month as band, grouping(city, month)::int as level, count(distinct account_id)::int as count,
           coalesce(sum(total_cost), 0)::float8 as "TOTAL_COST",
           coalesce(sum(fund_paid), 0)::float8 as "FUND_PAID",
           coalesce(sum(personal_account_paid), 0)::float8 as "PERSONAL_ACCOUNT_PAID",
           coalesce(sum(out_of_pocket), 0)::float8 as "OUT_OF_POCKET"
    from grouped
    group by grouping sets ((city, month), (city), (month), ())`);
  const months = Array.from({ length: 12 }, (_, n) => `${year}-${String(n + 1).padStart(2, '0')}`);
  return toMeasuredTable(rowsOf<GroupRow>(result), months, MEDICAL_MEASURES);
}

/** One grouping-set row: `level` is GROUPING(city, band): 0 cell, 1 row total, 2 column total, 3 grand total. */
type GroupRow = { city: string | null; band: string | null; level: number; count: number } & Record<string, unknown>;

function toMeasuredTable<M extends string>(rows: GroupRow[], columns: string[], measures: readonly M[]): MeasuredTable<M> {
  const group = (row: GroupRow): MeasuredGroup<M> => ({
    count: Number(row.count),
    sums: Object.fromEntries(measures.map((m) => [m, Number(row[m] ?? 0)])) as Record<M, number>,
  });
  const table: MeasuredTable<M> = {
    rows: [],
    columns,
    cells: new Map(),
    rowTotals: new Map(),
    columnTotals: new Map(),
    grandTotal: { count: 0, sums: Object.fromEntries(measures.map((m) => [m, 0])) as Record<M, number> },
  };
  for (const row of rows) {
    const level = Number(row.level);
    if (level === 0) table.cells.set(cellKey(row.city!, row.band!), group(row));
    else if (level === 1) table.rowTotals.set(row.city!, group(row));
    else if (level === 2) table.columnTotals.set(row.band!, group(row));
    else table.grandTotal = group(row);
  }
  // Named cities in a stable order, the merged small ones last.
  table.rows = [...table.rowTotals.keys()].sort((a, b) => (a === OTHER_CITY ? 1 : b === OTHER_CITY ? -1 : a < b ? -1 : a > b ? 1 : 0));
  for (const key of table.columnTotals.keys()) if (!columns.includes(key)) throw new Error('Unexpected column in an aggregate');
  return table;
}

export function cellKey(row: string, column: string): string {
  return `${row}\u0000${column}`;
}

/** One measure of a raw table, in the shape `protectTable` takes. */
export function toTableInput<M extends string>(table: MeasuredTable<M>, measure: M): TableInput {
  const pick = (g: MeasuredGroup<M> | undefined): Aggregate => ({ count: g?.count ?? 0, sum: g?.sums[measure] ?? 0 });
  return {
    rows: table.rows,
    columns: table.columns,
    cells: table.rows.flatMap((row) => table.columns.map((column) => ({ row, column, ...pick(table.cells.get(cellKey(row, column))) }))),
    margins: {
      rows: new Map(table.rows.map((row) => [row, pick(table.rowTotals.get(row))])),
      columns: new Map(table.columns.map((column) => [column, pick(table.columnTotals.get(column))])),
      grand: pick(table.grandTotal),
    },
  };
}

/** The research queries over the database and the notices, for the resolver. */
export class ResearchData {
  constructor(
    private readonly db: Executor,
    private readonly notices: NoticeRegistry,
  ) {}

  /** The current notice version, or null before any is published. */
  noticeVersion(): number | null {
    return this.notices.all().length > 0 ? this.notices.current().version : null;
  }

  contributionsByCityAndAgeBand(period: ResearchPeriod): Promise<MeasuredTable<ContributionMeasure>> {
    return contributionsByCityAndAgeBand(this.db, this.notices, period);
  }

  medicalSpendingByCityAndMonth(year: number): Promise<MeasuredTable<MedicalMeasure>> {
    return medicalSpendingByCityAndMonth(this.db, this.notices, year);
  }
}
