import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { DataCategory } from '@shebao/vocabulary';
import { OwnerOnly } from '../../authz/field-tags.js';
import { accessRecords, partners } from '../../db/schema.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { decodeCursor, encodeCursor, PageInfo } from '../../graphql/node.js';
import { DataCategoryScalar, DateTimeScalar } from '../../graphql/scalars.js';
import { appError } from '../../lib/errors.js';
import { Person } from '../person/person.types.js';
import { Partner, toPartner } from '../partners/partners.resolver.js';

@ObjectType({ description: 'Someone other than the person read their data.' })
export class AccessRecord {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'PARTNER, RESEARCHER, PLATFORM or OPERATOR.' })
  principalType!: string;

  @Field(() => Partner, { nullable: true })
  partner!: Partner | null;

  @Field(() => [DataCategoryScalar])
  categories!: DataCategory[];

  @Field(() => String)
  purpose!: string;

  @Field(() => String, { nullable: true })
  operationName!: string | null;

  @Field(() => DateTimeScalar)
  at!: Date;
}

@ObjectType()
export class AccessRecordConnection {
  @Field(() => [AccessRecord])
  nodes!: AccessRecord[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@Resolver(() => Person)
export class PersonAccessLogResolver {
  @FieldResolver(() => AccessRecordConnection, { nullable: true, description: 'Who read your data, newest first. Only the person themself.' })
  @OwnerOnly()
  async accessLog(
    @Root() person: Person,
    @Ctx() { services }: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<AccessRecordConnection> {
    if (first < 1 || first > 100) throw appError('BAD_USER_INPUT', 'first must be between 1 and 100');
    const afterSeq = after == null ? null : decodeCursor(after)?.[0];
    if (after != null && typeof afterSeq !== 'number') throw appError('BAD_USER_INPUT', 'Invalid cursor');
    const rows = await services.db
      .select()
      .from(accessRecords)
      .where(and(eq(accessRecords.subjectId, person.accountId), typeof afterSeq === 'number' ? lt(accessRecords.seq, afterSeq) : undefined))
      .orderBy(desc(accessRecords.seq))
      .limit(first + 1);
    const page = rows.slice(0, first);
    const partnerIds = [...new Set(page.map((r) => r.partnerId).filter((id): id is string => id !== null))];
    const partnerRows = partnerIds.length ? await services.db.select().from(partners).where(inArray(partners.id, partnerIds)) : [];
    const byId = new Map(partnerRows.map((p) => [p.id, toPartner(p, 'ZH_CN')]));
    return {
      nodes: page.map((r) => ({
        id: String(r.id),
        principalType: r.principalType,
        partner: r.partnerId ? (byId.get(r.partnerId) ?? null) : null,
        categories: r.categories as DataCategory[],
        purpose: r.purpose,
        operationName: r.operationName,
        at: r.at,
      })),
      pageInfo: { endCursor: page.length ? encodeCursor([page.at(-1)!.seq]) : null, hasNextPage: rows.length > first },
    };
  }
}
