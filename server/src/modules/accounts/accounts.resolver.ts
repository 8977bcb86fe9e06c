import { eq } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Category } from '../../authz/field-tags.js';
import { accounts } from '../../db/schema.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { fromGlobalId } from '../../graphql/node.js';
import { JSONScalar } from '../../graphql/scalars.js';
import { appError } from '../../lib/errors.js';
import { Person, Profile, PublicProfile } from '../person/person.types.js';
import { AuthPayload, ProfileInput, RegisterInput } from './accounts.types.js';
import { exportPersonData } from './data-export.js';
import { requirePerson, SESSION_COOKIE } from './session.js';

function setSessionCookie(reply: FastifyReply | undefined, token: string, expiresAt: Date, secure: boolean): void {
  reply?.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', expires: expiresAt });
}

function clearSession(reply: FastifyReply | undefined): void {
  reply?.clearCookie(SESSION_COOKIE, { path: '/' });
  // Tells the browser to drop cached responses and site storage (IndexedDB, caches) too.
  reply?.header('Clear-Site-Data', '"cache", "cookies", "storage"');
}

@Resolver(() => Person)
export class PersonAccountResolver {
  @FieldResolver(() => String, { nullable: true, description: 'The registered mobile number.' })
  @Category('account.contact')
  async phone(@Root() person: Person, @Ctx() { services }: GraphQLContext): Promise<string | null> {
    const [row] = await services.db.select({ phone: accounts.phoneEncrypted }).from(accounts).where(eq(accounts.id, person.accountId));
    return row ? services.crypto.decrypt(row.phone) : null;
  }

  @FieldResolver(() => Profile, { nullable: true })
  @Category('account.profile')
  async profile(@Root() person: Person, @Ctx() { services }: GraphQLContext): Promise<Profile | null> {
    const [row] = await services.db
      .select({ displayName: accounts.displayName, photoUrl: accounts.photoUrl, isPublic: accounts.profilePublic })
      .from(accounts)
      .where(eq(accounts.id, person.accountId));
    return row ?? null;
  }
}

@Resolver()
export class AccountResolver {
  @Query(() => PublicProfile, { nullable: true, description: "Anyone may read a person's profile while the person keeps it public." })
  async publicProfile(@Arg('id', () => ID) id: string, @Ctx() { services }: GraphQLContext): Promise<PublicProfile | null> {
    const ref = fromGlobalId(id);
    if (!ref || ref.type !== 'Person' || !/^[0-9a-f-]{36}$/i.test(ref.id)) return null;
    const [row] = await services.db
      .select({ displayName: accounts.displayName, photoUrl: accounts.photoUrl, isPublic: accounts.profilePublic })
      .from(accounts)
      .where(eq(accounts.id, ref.id));
    return row?.isPublic ? { displayName: row.displayName, photoUrl: row.photoUrl } : null;
  }

  @Query(() => String, { nullable: true, description: 'Development only: the last SMS code sent to a phone (no real SMS is sent).' })
  developmentSmsCode(@Arg('phone', () => String) phone: string, @Ctx() { services }: GraphQLContext): Promise<string | null> {
    if (services.config.env === 'production') throw appError('FORBIDDEN', 'Not available in production');
    return services.accounts.developmentSmsCode(phone);
  }

  @Mutation(() => Boolean, { description: 'Send a registration code by SMS (through the outbox).' })
  async requestRegistrationCode(@Arg('phone', () => String) phone: string, @Ctx() { services }: GraphQLContext): Promise<boolean> {
    await services.accounts.requestRegistrationCode(phone);
    return true;
  }

  @Mutation(() => AuthPayload)
  async register(@Arg('input', () => RegisterInput) input: RegisterInput, @Ctx() { services, reply }: GraphQLContext): Promise<AuthPayload> {
    const { session } = await services.accounts.register(input);
    setSessionCookie(reply, session.token, session.expiresAt, services.config.env === 'production');
    return session;
  }

  @Mutation(() => AuthPayload)
  async signIn(
    @Arg('phone', () => String) phone: string,
    @Arg('password', () => String) password: string,
    @Ctx() { services, reply }: GraphQLContext,
  ): Promise<AuthPayload> {
    const { session } = await services.accounts.signIn(phone, password);
    setSessionCookie(reply, session.token, session.expiresAt, services.config.env === 'production');
    return session;
  }

  @Mutation(() => Boolean, { description: 'Revokes this session at once and tells the browser to clear site data.' })
  async signOut(@Ctx() { principal, services, reply }: GraphQLContext): Promise<boolean> {
    if (principal.kind !== 'person') throw appError('UNAUTHENTICATED', 'Not signed in');
    await services.accounts.signOut(principal.sessionId);
    clearSession(reply);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Deletes the account and all its data, at once and for good.' })
  async deleteAccount(@Arg('password', () => String) password: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.accounts.deleteAccount(requirePerson(ctx), password);
    clearSession(ctx.reply);
    return true;
  }

  @Mutation(() => Profile, { nullable: true })
  async updateProfile(@Arg('input', () => ProfileInput) input: ProfileInput, @Ctx() ctx: GraphQLContext): Promise<Profile> {
    const accountId = requirePerson(ctx);
    const displayName = input.displayName?.trim();
    if (displayName !== undefined && (displayName.length === 0 || displayName.length > 40)) {
      throw appError('BAD_USER_INPUT', 'Display name: 1 to 40 characters', { field: 'displayName' });
    }
    if (input.photoUrl !== undefined && input.photoUrl !== null && !/^(https:\/\/|data:image\/(png|jpeg|webp);base64,)/.test(input.photoUrl)) {
      throw appError('BAD_USER_INPUT', 'photoUrl must be an https URL or a data:image URL', { field: 'photoUrl' });
    }
    if (input.photoUrl && input.photoUrl.length > 200_000) throw appError('BAD_USER_INPUT', 'Photo too large', { field: 'photoUrl' });
    const [row] = await ctx.services.db
      .update(accounts)
      .set({
        ...(displayName !== undefined && { displayName }),
        ...(input.photoUrl !== undefined && { photoUrl: input.photoUrl }),
        ...(input.isPublic != null && { profilePublic: input.isPublic }),
      })
      .where(eq(accounts.id, accountId))
      .returning({ displayName: accounts.displayName, photoUrl: accounts.photoUrl, isPublic: accounts.profilePublic });
    return row!;
  }

  @Mutation(() => JSONScalar, { description: 'Everything held about you, as JSON (PIPL Art. 45). Recorded as a data-subject request.' })
  async exportMyData(@Ctx() ctx: GraphQLContext): Promise<unknown> {
    const accountId = requirePerson(ctx);
    const data = await exportPersonData(ctx.services, accountId);
    await ctx.services.accounts.recordCompletedRequest(accountId, 'EXPORT');
    return data;
  }
}
