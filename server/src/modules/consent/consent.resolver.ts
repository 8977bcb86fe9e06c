import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { OwnerOnly } from '../../authz/field-tags.js';
import { Allow, PersonId } from '../../authz/guards.js';
import type { RequestContext } from '../../graphql/context.js';
import { Locale } from '../../graphql/enums.js';
import { appError } from '../../lib/errors.js';
import { Person } from '../person/index.js';
import { MAX_GRANTS_AT_ONCE, type ConsentService } from './consent.service.js';
import type { NoticeDraftService } from './notice-drafts.service.js';
import type { NoticeService } from './notice.service.js';
import type { ProductNoticeService } from './product-notices.service.js';
import {
  ConsentEvent,
  ConsentReceipt,
  ConsentState,
  GrantConsentInput,
  NoticeChange,
  PrivacyNotice,
  WithdrawConsentInput,
} from './consent.types.js';

export type ConsentServices = { consent: ConsentService; notice: NoticeService; productNotices: ProductNoticeService; noticeDrafts: NoticeDraftService };
type ConsentContext = RequestContext<ConsentServices>;

@Resolver(() => Person)
export class PersonConsentResolver {
  @FieldResolver(() => ConsentState, { nullable: true, description: 'Only the person themself.' })
  @OwnerOnly()
  consents(@Root() person: Person, @Ctx() { services }: ConsentContext): Promise<ConsentState> {
    return services.consent.state(person.accountId);
  }
}

@Resolver(() => ConsentState)
export class ConsentStateResolver {
  @FieldResolver(() => [ConsentEvent], { description: 'Grants and withdrawals, newest first.' })
  history(
    @Root() state: ConsentState,
    @Ctx() { services }: ConsentContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
  ): Promise<ConsentEvent[]> {
    if (first < 1 || first > 500) throw appError('BAD_USER_INPUT', 'first must be between 1 and 500');
    return services.consent.history(state.accountId, first);
  }
}

@Resolver()
export class ConsentResolver {
  @Query(() => PrivacyNotice, { description: 'The privacy notice; the current version unless one is named.' })
  @Allow('anyone')
  privacyNotice(
    @Ctx() { services }: ConsentContext,
    @Arg('version', () => Int, { nullable: true }) version?: number,
    @Arg('locale', () => Locale, { defaultValue: 'ZH_CN' }) locale: Locale = 'ZH_CN',
  ): PrivacyNotice {
    return services.notice.notice(version ?? undefined, locale);
  }

  @Query(() => [NoticeChange], { description: 'What changed between two notice versions, per purpose.' })
  @Allow('anyone')
  privacyNoticeChanges(
    @Ctx() { services }: ConsentContext,
    @Arg('from', () => Int) from: number,
    @Arg('to', () => Int) to: number,
    @Arg('locale', () => Locale, { defaultValue: 'ZH_CN' }) locale: Locale = 'ZH_CN',
  ): NoticeChange[] {
    return services.notice.changes(from, to, locale);
  }

  @Mutation(() => ConsentReceipt, {
    description: 'Grant consent for one purpose and recipient. Sensitive categories need a grant each; partners need a grant each.',
  })
  @Allow('person')
  grantConsent(@Arg('input', () => GrantConsentInput) input: GrantConsentInput, @PersonId() accountId: string, @Ctx() { services }: ConsentContext): Promise<ConsentReceipt> {
    return services.consent.grant(accountId, input);
  }

  @Mutation(() => [ConsentReceipt], {
    description: 'Several grants in one step (onboarding), in one transaction: each is checked as by grantConsent, so sensitive categories are still one per grant.',
  })
  @Allow('person')
  grantConsents(
    @Arg('inputs', () => [GrantConsentInput]) inputs: GrantConsentInput[],
    @PersonId() accountId: string,
    @Ctx() { services }: ConsentContext,
  ): Promise<ConsentReceipt[]> {
    if (inputs.length === 0 || inputs.length > MAX_GRANTS_AT_ONCE) throw appError('BAD_USER_INPUT', `Name between 1 and ${MAX_GRANTS_AT_ONCE} grants`);
    return services.consent.grantAll(accountId, inputs);
  }

  @Mutation(() => ConsentState, { description: 'Withdraw consent: immediate, everywhere; data collected only for it is deleted.' })
  @Allow('person')
  async withdrawConsent(
    @Arg('input', () => WithdrawConsentInput) input: WithdrawConsentInput,
    @PersonId() accountId: string,
    @Ctx() { services }: ConsentContext,
  ): Promise<ConsentState> {
    await services.consent.withdraw(accountId, input);
    return services.consent.state(accountId);
  }
}
