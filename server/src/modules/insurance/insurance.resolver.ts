import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { z } from 'zod';
import { Category } from '../../authz/field-tags.js';
import type { RequestContext } from '../../graphql/context.js';
import { cursorArgument, cursorParts } from '../../graphql/arguments.js';
import { encodeCursor } from '../../graphql/node.js';
import { appError } from '../../lib/errors.js';
import { Person } from '../person/index.js';
import type { CardLinkingService } from './card-linking.service.js';
import type { InsuranceData, InsuranceLoaders } from './insurance.data.js';
import {
  Balance,
  Contribution,
  Identity,
  IdentityDocuments,
  InsuranceStatus,
  MedicalRecordConnection,
  MedicalRecordFilter,
  MedicalSpendingMonth,
} from './insurance.types.js';

export type InsuranceServices = { insurance: InsuranceData; cards: CardLinkingService };
type InsuranceContext = RequestContext<InsuranceServices, InsuranceLoaders>;

const MONTH = /^[1-9]\d{3}-(0[1-9]|1[0-2])$/;
const MEDICAL_CURSOR = z.tuple([cursorParts.localDate, cursorParts.uuid]);
const MAX_PAGE = 100;
const MAX_MONTHS = 600;

@Resolver(() => Person)
export class InsuranceResolver {
  @FieldResolver(() => Identity, { nullable: true })
  @Category('identity.basic')
  async identity(@Root() person: Person, @Ctx() { loaders }: InsuranceContext): Promise<Identity | null> {
    return (await loaders.insuranceRecordByAccount.load(person.accountId))?.profile ?? null;
  }

  @FieldResolver(() => IdentityDocuments, { nullable: true })
  @Category('identity.document')
  async documents(@Root() person: Person, @Ctx() { services }: InsuranceContext): Promise<IdentityDocuments | null> {
    return services.insurance.documents(person.accountId);
  }

  @FieldResolver(() => InsuranceStatus, { nullable: true })
  @Category('insurance.status')
  async insurance(@Root() person: Person, @Ctx() { loaders }: InsuranceContext): Promise<InsuranceStatus | null> {
    const record = await loaders.insuranceRecordByAccount.load(person.accountId);
    if (!record) return null;
    const { profile, participations } = record;
    const pension = participations.find((p) => p.insuranceType === 'PENSION');
    return {
      city: profile.city,
      employer: profile.employer,
      contributionYears: Math.round(((pension?.contributionMonths ?? 0) / 12) * 10) / 10,
      participations,
    };
  }

  @FieldResolver(() => [Contribution], { nullable: true, description: 'Monthly contributions, oldest first. `from`/`to` are "YYYY-MM".' })
  @Category('insurance.contributions')
  async contributions(
    @Root() person: Person,
    @Ctx() { services }: InsuranceContext,
    @Arg('last', () => Int, { nullable: true, description: 'Only the most recent N months.' }) last?: number,
    @Arg('from', () => String, { nullable: true }) from?: string,
    @Arg('to', () => String, { nullable: true }) to?: string,
  ): Promise<Contribution[]> {
    if (last != null && (last < 1 || last > MAX_MONTHS)) throw appError('BAD_USER_INPUT', `last must be between 1 and ${MAX_MONTHS}`, { field: 'last' });
    for (const [field, month] of [['from', from], ['to', to]] as const) {
      if (month != null && !MONTH.test(month)) throw appError('BAD_USER_INPUT', `${field} must be a month "YYYY-MM"`, { field });
    }
    return services.insurance.contributions(person.accountId, { last, from, to });
  }

  @FieldResolver(() => [Balance], { nullable: true })
  @Category('insurance.balance')
  async balances(@Root() person: Person, @Ctx() { loaders }: InsuranceContext): Promise<Balance[]> {
    return (await loaders.insuranceRecordByAccount.load(person.accountId))?.balances ?? [];
  }

  @FieldResolver(() => MedicalRecordConnection, { nullable: true, description: 'Most recent first.' })
  @Category('medical.records')
  async medicalRecords(
    @Root() person: Person,
    @Ctx() { services }: InsuranceContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => MedicalRecordFilter, { nullable: true }) filter?: MedicalRecordFilter,
  ): Promise<MedicalRecordConnection> {
    if (first < 1 || first > MAX_PAGE) throw appError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE}`, { field: 'first' });
    const [date, id] = after == null ? [] : cursorArgument(after, 'after', MEDICAL_CURSOR);
    const cursor = date && id ? { date, id } : null;
    const page = await services.insurance.medicalRecordPage(person.accountId, { first, after: cursor, ...filter });
    return {
      nodes: page.records,
      totalCount: page.totalCount,
      pageInfo: { endCursor: page.last ? encodeCursor([page.last.date, page.last.id]) : null, hasNextPage: page.hasNextPage },
    };
  }

  @FieldResolver(() => [MedicalSpendingMonth], { nullable: true, description: 'Spending per month up to the latest record, by who paid.' })
  @Category('medical.records')
  medicalSpending(
    @Root() person: Person,
    @Ctx() { services }: InsuranceContext,
    @Arg('months', () => Int, { defaultValue: 12 }) months: number,
  ): Promise<MedicalSpendingMonth[]> {
    if (months < 1 || months > 120) throw appError('BAD_USER_INPUT', 'months must be between 1 and 120', { field: 'months' });
    return services.insurance.medicalSpending(person.accountId, months);
  }
}
