import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DISPLAY_NAME_MAX_CHARS } from '@shebao/vocabulary';
import { Category } from '../../authz/field-tags.js';
import { Allow, PersonId, signedInPerson } from '../../authz/guards.js';
import type { RequestContext } from '../../graphql/context.js';
import { globalIdArgument } from '../../graphql/arguments.js';
import { JSONScalar } from '../../graphql/scalars.js';
import { appError } from '../../lib/errors.js';
import { Person } from '../person/index.js';
import type { AccountService } from './accounts.service.js';
import { AuthPayload, Profile, ProfileInput, PublicProfile, RegisterInput, SmsCodePurpose, UserAgreement } from './accounts.types.js';
import type { SmsCodePurpose as SmsCodePurposeValue } from '@shebao/vocabulary';
import { Locale } from '../../graphql/enums.js';
import { currentUserAgreement } from './user-agreement.content.js';
import type { SessionService } from './session.service.js';

export type AccountsServices = { accounts: AccountService; sessions: SessionService };
type AccountsContext = RequestContext<AccountsServices>;

@Resolver(() => Person)
export class PersonAccountResolver {
  @FieldResolver(() => String, { nullable: true, description: 'The registered mobile number.' })
  @Category('account.contact')
  phone(@Root() person: Person, @Ctx() { services }: AccountsContext): Promise<string | null> {
    return services.accounts.phoneOf(person.accountId);
  }

  @FieldResolver(() => Profile, { nullable: true })
  @Category('account.profile')
  profile(@Root() person: Person, @Ctx() { services }: AccountsContext): Promise<Profile | null> {
    return services.accounts.profileOf(person.accountId);
  }
}

@Resolver()
export class AccountResolver {
  @Query(() => PublicProfile, { nullable: true, description: "Anyone may read a person's profile while the person keeps it public." })
  @Allow('anyone')
  async publicProfile(@Arg('id', () => ID) id: string, @Ctx() { services }: AccountsContext): Promise<PublicProfile | null> {
    const ref = globalIdArgument(id, 'id');
    return ref.type === 'Person' ? services.accounts.publicProfile(ref.id) : null;
  }

  @Query(() => String, { nullable: true, description: 'Development only: the last SMS code sent to a phone (no real SMS is sent).' })
  @Allow('anyone', { developmentOnly: true })
  developmentSmsCode(@Arg('phone', () => String) phone: string, @Ctx() { services }: AccountsContext): Promise<string | null> {
    return services.accounts.developmentSmsCode(phone);
  }

  @Query(() => UserAgreement, { description: 'The current user agreement (用户协议), rendered from its data.' })
  @Allow('anyone')
  userAgreement(@Arg('locale', () => Locale, { defaultValue: 'ZH_CN' }) locale: Locale = 'ZH_CN'): UserAgreement {
    const { version, contentHash, content } = currentUserAgreement();
    const l = locale === 'EN' ? 'en' : 'zh';
    return { version, hash: contentHash, title: content.title[l], sections: content.sections.map((s) => ({ heading: s.heading[l], body: s.body[l] })) };
  }

  @Mutation(() => Boolean, { description: 'Send a registration code by SMS (through the outbox). Same as requestSmsCode(purpose: REGISTRATION).' })
  @Allow('anyone')
  async requestRegistrationCode(@Arg('phone', () => String) phone: string, @Ctx() { services, caller }: AccountsContext): Promise<boolean> {
    await services.accounts.requestSmsCode(phone, 'REGISTRATION', caller);
    return true;
  }

  @Mutation(() => Boolean, {
    description: 'Send an SMS code for one purpose (through the outbox). Always true: sign-in and reset codes reach only numbers with an account, and the answer does not say which.',
  })
  @Allow('anyone')
  async requestSmsCode(
    @Arg('phone', () => String) phone: string,
    @Arg('purpose', () => SmsCodePurpose) purpose: SmsCodePurposeValue,
    @Ctx() { services, caller }: AccountsContext,
  ): Promise<boolean> {
    await services.accounts.requestSmsCode(phone, purpose, caller);
    return true;
  }

  @Mutation(() => AuthPayload, { description: 'Sign in with a SIGN_IN code sent by SMS.' })
  @Allow('anyone')
  async signInWithSmsCode(
    @Arg('phone', () => String) phone: string,
    @Arg('code', () => String) code: string,
    @Ctx() { services, reply, caller }: AccountsContext,
  ): Promise<AuthPayload> {
    const { session } = await services.accounts.signInWithSmsCode(phone, code, caller);
    services.sessions.setCookie(reply, session);
    return session;
  }

  @Mutation(() => AuthPayload, { description: 'A new password with a PASSWORD_RESET code: every other session ends, and this one begins.' })
  @Allow('anyone')
  async resetPassword(
    @Arg('phone', () => String) phone: string,
    @Arg('code', () => String) code: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() { services, reply, caller }: AccountsContext,
  ): Promise<AuthPayload> {
    const { session } = await services.accounts.resetPassword(phone, code, newPassword, caller);
    services.sessions.setCookie(reply, session);
    return session;
  }

  @Mutation(() => AuthPayload)
  @Allow('anyone')
  async register(@Arg('input', () => RegisterInput) input: RegisterInput, @Ctx() { services, reply }: AccountsContext): Promise<AuthPayload> {
    const { session } = await services.accounts.register(input);
    services.sessions.setCookie(reply, session);
    return session;
  }

  @Mutation(() => AuthPayload)
  @Allow('anyone')
  async signIn(
    @Arg('phone', () => String) phone: string,
    @Arg('password', () => String) password: string,
    @Ctx() { services, reply, caller }: AccountsContext,
  ): Promise<AuthPayload> {
    const { session } = await services.accounts.signIn(phone, password, caller);
    services.sessions.setCookie(reply, session);
    return session;
  }

  @Mutation(() => Boolean, { description: 'Revokes this session at once and tells the browser to clear site data.' })
  @Allow('person')
  async signOut(@Ctx() { principal, services, reply }: AccountsContext): Promise<boolean> {
    await services.accounts.signOut(signedInPerson(principal).sessionId);
    services.sessions.clearCookie(reply);
    return true;
  }

  @Mutation(() => Profile, { nullable: true })
  @Allow('person')
  updateProfile(@Arg('input', () => ProfileInput) input: ProfileInput, @PersonId() accountId: string, @Ctx() { services }: AccountsContext): Promise<Profile> {
    const displayName = input.displayName?.trim();
    if (displayName !== undefined && (displayName.length === 0 || displayName.length > DISPLAY_NAME_MAX_CHARS)) {
      throw appError('BAD_USER_INPUT', `Display name: 1 to ${DISPLAY_NAME_MAX_CHARS} characters`, { field: 'displayName' });
    }
    if (input.photoUrl !== undefined && input.photoUrl !== null && !/^(https:\/\/|data:image\/(png|jpeg|webp);base64,)/.test(input.photoUrl)) {
      throw appError('BAD_USER_INPUT', 'photoUrl must be an https URL or a data:image URL', { field: 'photoUrl' });
    }
    if (input.photoUrl && input.photoUrl.length > 200_000) throw appError('BAD_USER_INPUT', 'Photo too large', { field: 'photoUrl' });
    return services.accounts.updateProfile(accountId, { displayName, photoUrl: input.photoUrl, isPublic: input.isPublic });
  }

  @Mutation(() => JSONScalar, { description: 'Everything held about you, as JSON (PIPL Art. 45). Recorded as a data-subject request.' })
  @Allow('person')
  async exportMyData(@PersonId() accountId: string, @Ctx() { services }: AccountsContext): Promise<unknown> {
    const data = await services.accounts.exportData(accountId);
    await services.accounts.recordCompletedRequest(accountId, 'EXPORT');
    return data;
  }
}
