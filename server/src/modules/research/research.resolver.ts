// The researcher's side of the API: aggregate tables only. Personal types stay unreachable (the
// authorization layer denies every category to a researcher with AGGREGATE_ONLY); this module is
// the one way a researcher sees anything, and everything it returns went through k-anonymity.ts.
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { NoticeRegistry } from '../../authz/notice-registry.js';
import type { Principal } from '../../authz/principal.js';
import type { Database } from '../../db/database.js';
import { appError } from '../../lib/errors.js';
import { K_ANONYMITY_THRESHOLD, protectTable, type ProtectedTable } from './k-anonymity.js';
import {
  contributionsByCityAndAgeBand,
  medicalSpendingByCityAndMonth,
  toTableInput,
  type ContributionMeasure,
  type MedicalMeasure,
} from './research.data.js';
import { AggregateTable, ContributionMeasureEnum, MedicalMeasureEnum, ResearchStatistics } from './research.types.js';

/** What this resolver needs of the request context (a subset of GraphQLContext). */
export type ResearchContext = { principal: Principal; services: { db: Database; notices: NoticeRegistry } };

/** Social insurance records in the system start in the 1990s; nothing earlier exists to count. */
export const FIRST_RESEARCH_YEAR = 1990;

@Resolver(() => ResearchStatistics)
export class ResearchResolver {
  @Query(() => ResearchStatistics, {
    nullable: true,
    description: 'Aggregate statistics. Only for a researcher credential; everyone else gets null and a FORBIDDEN error.',
  })
  research(@Ctx() ctx: ResearchContext): ResearchStatistics {
    assertResearcher(ctx.principal);
    return { k: K_ANONYMITY_THRESHOLD, noticeVersion: currentNoticeVersion(ctx.services.notices) };
  }

  @FieldResolver(() => AggregateTable, {
    nullable: true,
    description:
      'Contributions by city × age band (age on 1 January of the year) in a year, or in one month of it. People are counted once, when they paid contributions in the period.',
  })
  async contributionsByCityAndAgeBand(
    @Root() _statistics: ResearchStatistics,
    @Ctx() ctx: ResearchContext,
    @Arg('year', () => Int) year: number,
    @Arg('month', () => Int, { nullable: true, description: '1–12; the whole year when omitted.' }) month: number | null | undefined,
    @Arg('measure', () => ContributionMeasureEnum, { defaultValue: 'TOTAL_CONTRIBUTION' }) measure: ContributionMeasure,
  ): Promise<AggregateTable> {
    assertResearcher(ctx.principal);
    validateYear(year);
    if (month != null && (!Number.isInteger(month) || month < 1 || month > 12)) throw appError('BAD_USER_INPUT', 'month must be between 1 and 12');
    const raw = await contributionsByCityAndAgeBand(ctx.services.db, ctx.services.notices, { year, month });
    return toGraphQL(protectTable(toTableInput(raw, measure), K_ANONYMITY_THRESHOLD), measure);
  }

  @FieldResolver(() => AggregateTable, {
    nullable: true,
    description: 'Medical spending by city × month of a year. People are counted once per cell and once in each total.',
  })
  async medicalSpendingByCityAndMonth(
    @Root() _statistics: ResearchStatistics,
    @Ctx() ctx: ResearchContext,
    @Arg('year', () => Int) year: number,
    @Arg('measure', () => MedicalMeasureEnum, { defaultValue: 'TOTAL_COST' }) measure: MedicalMeasure,
  ): Promise<AggregateTable> {
    assertResearcher(ctx.principal);
    validateYear(year);
    const raw = await medicalSpendingByCityAndMonth(ctx.services.db, ctx.services.notices, year);
    return toGraphQL(protectTable(toTableInput(raw, measure), K_ANONYMITY_THRESHOLD), measure);
  }
}

/** Checked on the root and again on every table, so a `ResearchStatistics` reached another way still refuses. */
function assertResearcher(principal: Principal): void {
  if (principal.kind !== 'researcher') {
    throw appError('FORBIDDEN', 'Aggregate statistics are for researchers only', { reason: 'RESEARCHER_ONLY' });
  }
}

function validateYear(year: number): void {
  // The year in China (UTC+8), so the new year counts from midnight in Beijing.
  const latest = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
  if (!Number.isInteger(year) || year < FIRST_RESEARCH_YEAR || year > latest) {
    throw appError('BAD_USER_INPUT', `year must be between ${FIRST_RESEARCH_YEAR} and ${latest}`);
  }
}

function currentNoticeVersion(notices: NoticeRegistry): number | null {
  return notices.all().length > 0 ? notices.current().version : null;
}

function toGraphQL(table: ProtectedTable, measure: string): AggregateTable {
  return {
    k: table.k,
    measure,
    rows: table.rows,
    columns: table.columns,
    cells: table.cells,
    rowTotals: table.rowTotals,
    columnTotals: table.columnTotals,
    grandTotal: { key: null, ...table.grandTotal },
  };
}
