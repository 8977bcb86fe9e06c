// The researcher's side of the API: aggregate tables only. Personal types stay unreachable (the
// authorization layer denies every category to a researcher with AGGREGATE_ONLY); this module is
// the one way a researcher sees anything, and everything it returns went through k-anonymity.ts.
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Allow } from '../../authz/guards.js';
import type { RequestContext } from '../../graphql/context.js';
import { appError } from '../../lib/errors.js';
import { K_ANONYMITY_THRESHOLD, protectTable, type ProtectedTable } from './k-anonymity.js';
import { toTableInput, type ContributionMeasure, type MedicalMeasure, type ResearchData } from './research.data.js';
import { AggregateTable, ContributionMeasureEnum, MedicalMeasureEnum, ResearchStatistics } from './research.types.js';

export type ResearchServices = { research: ResearchData };
type ResearchContext = RequestContext<ResearchServices>;

/** Social insurance records in the system start in the 1990s; nothing earlier exists to count. */
const FIRST_RESEARCH_YEAR = 1990;

@Resolver(() => ResearchStatistics)
export class ResearchResolver {
  @Query(() => ResearchStatistics, {
    nullable: true,
    description: 'Aggregate statistics. Only for a researcher credential; everyone else gets null and a FORBIDDEN error.',
  })
  // The researcher guard sits on the root and again on every table, so a `ResearchStatistics`
  // reached another way still refuses.
  @Allow('researcher')
  research(@Ctx() { services }: ResearchContext): ResearchStatistics {
    return { k: K_ANONYMITY_THRESHOLD, noticeVersion: services.research.noticeVersion() };
  }

  @FieldResolver(() => AggregateTable, {
    nullable: true,
    description:
      'Contributions by city × age band (age on 1 January of the year) in a year, or in one month of it. People are counted once, when they paid contributions in the period.',
  })
  @Allow('researcher')
  async contributionsByCityAndAgeBand(
    @Root() _statistics: ResearchStatistics,
    @Ctx() { services }: ResearchContext,
    @Arg('year', () => Int) year: number,
    @Arg('month', () => Int, { nullable: true, description: '1–12; the whole year when omitted.' }) month: number | null | undefined,
    @Arg('measure', () => ContributionMeasureEnum, { defaultValue: 'TOTAL_CONTRIBUTION' }) measure: ContributionMeasure,
  ): Promise<AggregateTable> {
    validateYear(year);
    if (month != null && (!Number.isInteger(month) || month < 1 || month > 12)) throw appError('BAD_USER_INPUT', 'month must be between 1 and 12');
    const raw = await services.research.contributionsByCityAndAgeBand({ year, month });
    return toGraphQL(protectTable(toTableInput(raw, measure), K_ANONYMITY_THRESHOLD), measure);
  }

  @FieldResolver(() => AggregateTable, {
    nullable: true,
    description: 'Medical spending by city × month of a year. People are counted once per cell and once in each total.',
  })
  @Allow('researcher')
  async medicalSpendingByCityAndMonth(
    @Root() _statistics: ResearchStatistics,
    @Ctx() { services }: ResearchContext,
    @Arg('year', () => Int) year: number,
    @Arg('measure', () => MedicalMeasureEnum, { defaultValue: 'TOTAL_COST' }) measure: MedicalMeasure,
  ): Promise<AggregateTable> {
    validateYear(year);
    const raw = await services.research.medicalSpendingByCityAndMonth(year);
    return toGraphQL(protectTable(toTableInput(raw, measure), K_ANONYMITY_THRESHOLD), measure);
  }
}

function validateYear(year: number): void {
  // The year in China (UTC+8), so the new year counts from midnight in Beijing.
  const latest = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
  if (!Number.isInteger(year) || year < FIRST_RESEARCH_YEAR || year > latest) {
    throw appError('BAD_USER_INPUT', `year must be between ${FIRST_RESEARCH_YEAR} and ${latest}`);
  }
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
