// The privacy officer's notice operations, on /operator/graphql only.
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Allow } from '../../authz/guards.js';
import type { RequestContext } from '../../graphql/context.js';
import { JSONScalar } from '../../graphql/scalars.js';
import { OperatorId } from '../operators/index.js';
import type { NoticeDraftService } from './notice-drafts.service.js';
import { NoticeDiff, NoticeDraft, NoticePublished, PublishedNoticeVersion } from './notice-drafts.types.js';

type DraftsContext = RequestContext<{ noticeDrafts: NoticeDraftService }>;

@Resolver()
export class NoticeDraftResolver {
  @Query(() => [PublishedNoticeVersion], { description: 'Every published notice version, newest first.' })
  @Allow('operator', { roles: ['PRIVACY_OFFICER'] })
  noticeVersions(@Ctx() { services }: DraftsContext): PublishedNoticeVersion[] {
    return services.noticeDrafts.versions();
  }

  @Query(() => [NoticeDraft], { description: 'Unpublished drafts, most recently edited first.' })
  @Allow('operator', { roles: ['PRIVACY_OFFICER'] })
  noticeDrafts(@Ctx() { services }: DraftsContext): Promise<NoticeDraft[]> {
    return services.noticeDrafts.drafts();
  }

  @Query(() => NoticeDiff, { description: 'How a draft differs from the current notice, purpose by purpose.' })
  @Allow('operator', { roles: ['PRIVACY_OFFICER'] })
  noticeDraftDiff(@Arg('id', () => ID) id: string, @Ctx() { services }: DraftsContext): Promise<NoticeDiff> {
    return services.noticeDrafts.diff(id);
  }

  @Mutation(() => NoticeDraft, { description: 'Starts a draft from the current notice (audited).' })
  @Allow('operator', { roles: ['PRIVACY_OFFICER'] })
  createNoticeDraft(@OperatorId() operatorId: string, @Ctx() { services }: DraftsContext): Promise<NoticeDraft> {
    return services.noticeDrafts.create(operatorId);
  }

  @Mutation(() => NoticeDraft, { description: 'Replaces a draft’s content, checked as a notice (audited).' })
  @Allow('operator', { roles: ['PRIVACY_OFFICER'] })
  updateNoticeDraft(
    @Arg('id', () => ID) id: string,
    @Arg('content', () => JSONScalar) content: unknown,
    @OperatorId() operatorId: string,
    @Ctx() { services }: DraftsContext,
  ): Promise<NoticeDraft> {
    return services.noticeDrafts.update(operatorId, id, content);
  }

  @Mutation(() => NoticePublished, { description: 'Publishes a draft as the next version; people whose grants a changed purpose affects are asked again (audited).' })
  @Allow('operator', { roles: ['PRIVACY_OFFICER'] })
  publishNoticeDraft(@Arg('id', () => ID) id: string, @OperatorId() operatorId: string, @Ctx() { services }: DraftsContext): Promise<NoticePublished> {
    return services.noticeDrafts.publish(operatorId, id);
  }
}
