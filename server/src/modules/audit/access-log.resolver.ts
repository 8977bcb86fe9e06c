import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { DataCategory } from '@shebao/vocabulary';
import { OwnerOnly } from '../../authz/field-tags.js';
import type { RequestContext } from '../../graphql/context.js';
import { z } from 'zod';
import { cursorArgument, cursorParts } from '../../graphql/arguments.js';
import { encodeCursor } from '../../graphql/node.js';
import { appError } from '../../lib/errors.js';
import type { PartnersServices } from '../partners/index.js';
import { Person } from '../person/index.js';
import type { AccessLogService } from './access-log.service.js';
import { AccessRecordConnection } from './access-log.types.js';

export type AuditServices = { accessLog: AccessLogService };
type AuditContext = RequestContext<AuditServices & Pick<PartnersServices, 'partners'>>;

const ACCESS_LOG_CURSOR = z.tuple([cursorParts.sequence]);

@Resolver(() => Person)
export class PersonAccessLogResolver {
  @FieldResolver(() => AccessRecordConnection, { nullable: true, description: 'Who read your data, newest first. Only the person themself.' })
  @OwnerOnly()
  async accessLog(
    @Root() person: Person,
    @Ctx() { services }: AuditContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<AccessRecordConnection> {
    if (first < 1 || first > 100) throw appError('BAD_USER_INPUT', 'first must be between 1 and 100', { field: 'first' });
    const afterSeq = after == null ? null : cursorArgument(after, 'after', ACCESS_LOG_CURSOR)[0];
    const { rows, hasNextPage } = await services.accessLog.page(person.accountId, first, afterSeq);
    const partnerIds = [...new Set(rows.map((r) => r.partnerId).filter((id): id is string => id !== null))];
    const byId = await services.partners.byIds(partnerIds, 'ZH_CN');
    return {
      nodes: rows.map((r) => ({
        id: String(r.id),
        principalType: r.principalType,
        partner: r.partnerId ? (byId.get(r.partnerId) ?? null) : null,
        categories: r.categories as DataCategory[],
        purpose: r.purpose,
        operationName: r.operationName,
        authority: r.principalType === 'AUTHORITY' ? r.principalId : null,
        at: r.at,
      })),
      pageInfo: { endCursor: rows.length ? encodeCursor([rows.at(-1)!.seq]) : null, hasNextPage },
    };
  }
}
