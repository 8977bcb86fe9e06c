// Registration, sign-in and account closure (its immediate step; the erasure job does the rest). Every failure is a coded error that changes nothing.
import { randomInt } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { DISPLAY_NAME_MAX_CHARS, type SmsCodePurpose } from '@shebao/vocabulary';
import type { NoticeRegistry } from '../../authz/notice-registry.js';
import type { Throttle, ThrottleKey } from '../../authz/throttle.js';
import type { Limits } from '../../config/config.js';
import type { FieldCrypto } from '../../config/field-crypto.js';
import type { Database, Executor } from '../../db/database.js';
import { accountAgreements, accounts, dataSubjectRequests, outbox, phoneVerifications, sessions } from '../../db/schema.js';
import type { Caller } from '../../graphql/context.js';
import type { ModuleDeclarations } from '../../graphql/module.js';
import { appError } from '../../lib/errors.js';
import type { Profile, PublicProfile } from './accounts.types.js';
import { checkPasswordStrength, hashPassword, normalizePhone, verifyPassword } from './credentials.js';
import { createSession, revokeAllSessions, revokeSession } from './session.service.js';
import { currentUserAgreement } from './user-agreement.content.js';

const CODE_TTL_MS = 10 * 60_000;
const CODE_MAX_ATTEMPTS = 5;
/** PIPL Art. 50 asks for a timely answer; we hold ourselves to 15 days. */
const DATA_SUBJECT_REQUEST_DAYS = 15;

export class AccountService {
  /** The dashboard's greeting reads it on every visit. */
  private readonly profileStatement;

  constructor(
    private readonly db: Database,
    private readonly crypto: FieldCrypto,
    private readonly declarations: Pick<ModuleDeclarations, 'exports'>,
    private readonly throttle: Throttle,
    private readonly limits: Pick<Limits, 'signIn' | 'registrationCodes'>,
    private readonly notices: Pick<NoticeRegistry, 'current'>,
    private readonly onAccountClosed?: (tx: Executor, accountId: string) => Promise<void>,
  ) {
    this.profileStatement = db.select(PROFILE_COLUMNS).from(accounts).where(eq(accounts.id, sql.placeholder('accountId'))).prepare('account_profile');
  }

  /**
   * Sends an SMS code for one purpose (through the outbox). Every request counts: per number (a
   * resend gap and a daily cap) and per address per day. Sign-in and reset codes go only to
   * numbers with an account, but the answer is the same either way: no one learns which exist.
   */
  async requestSmsCode(phoneInput: string, purpose: SmsCodePurpose, caller: Caller): Promise<void> {
    const phone = normalizePhone(phoneInput);
    const phoneHash = this.crypto.lookupHash(phone);
    const rules = this.limits.registrationCodes;
    const sending = await this.throttle.attempt(
      [
        { scope: 'sms-code:number-resend', value: phone, rule: rules.perNumberResend },
        { scope: 'sms-code:number', value: phone, rule: rules.perNumberPerDay },
        { scope: 'sms-code:address', value: caller.address, rule: rules.perAddressPerDay },
      ],
      'Too many codes requested; try again later',
    );
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    // The code and its SMS go out together or not at all.
    await this.db
      .transaction(async (tx) => {
        if (purpose !== 'REGISTRATION') {
          const [account] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.phoneHash, phoneHash));
          if (!account) return;
        }
        await tx.insert(phoneVerifications).values({
          phoneHash,
          purpose,
          codeHash: this.codeHash(purpose, phoneHash, code),
          expiresAt: new Date(Date.now() + CODE_TTL_MS),
        });
        await tx.insert(outbox).values({ channel: 'sms', recipientHash: phoneHash, template: SMS_TEMPLATES[purpose], payload: { phone: this.crypto.encrypt(phone), code } });
      })
      .catch(async (error: unknown) => {
        await sending.giveBack();
        throw error;
      });
  }

  /** Development only: the last code sent to a phone, read from the outbox (no real SMS is sent). */
  async developmentSmsCode(phoneInput: string): Promise<string | null> {
    const phoneHash = this.crypto.lookupHash(normalizePhone(phoneInput));
    const [message] = await this.db.select().from(outbox).where(eq(outbox.recipientHash, phoneHash)).orderBy(desc(outbox.id)).limit(1);
    return (message?.payload as { code?: string } | undefined)?.code ?? null;
  }

  async register(input: {
    phone: string;
    code: string;
    password: string;
    displayName?: string | null;
    agreement?: { userAgreementVersion: number; privacyNoticeVersion: number } | null;
  }) {
    const phone = normalizePhone(input.phone);
    // Both documents as the person saw them, and still current: anything else is no agreement.
    const userAgreement = currentUserAgreement();
    const notice = this.notices.current();
    if (input.agreement?.userAgreementVersion !== userAgreement.version || input.agreement.privacyNoticeVersion !== notice.version) {
      throw appError('AGREEMENT_REQUIRED', 'Read and accept the current user agreement and privacy notice to register', { field: 'agreement' });
    }
    checkPasswordStrength(input.password, phone);
    const displayName = input.displayName?.trim() || null;
    if (displayName && displayName.length > DISPLAY_NAME_MAX_CHARS) {
      throw appError('BAD_USER_INPUT', `Display name: at most ${DISPLAY_NAME_MAX_CHARS} characters`, { field: 'displayName' });
    }
    const phoneHash = this.crypto.lookupHash(phone);
    const passwordHash = await hashPassword(input.password);
    const result = await this.withCode(phoneHash, 'REGISTRATION', input.code, async (tx) => {
      const [existing] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.phoneHash, phoneHash));
      if (existing) return { error: 'PHONE_TAKEN' as const };
      const [account] = await tx
        .insert(accounts)
        .values({ phoneHash, phoneEncrypted: this.crypto.encrypt(phone), passwordHash, displayName })
        .returning({ id: accounts.id });
      const agreedAt = new Date();
      await tx.insert(accountAgreements).values([
        { accountId: account!.id, document: 'USER_AGREEMENT', version: userAgreement.version, contentHash: userAgreement.contentHash, agreedAt },
        { accountId: account!.id, document: 'PRIVACY_NOTICE', version: notice.version, contentHash: notice.contentHash, agreedAt },
      ]);
      return { session: await createSession(tx, account!.id), accountId: account!.id };
    });
    if ('error' in result) throw appError('PHONE_TAKEN', 'This phone number already has an account; sign in instead', { field: 'phone' });
    return result;
  }

  async signIn(phoneInput: string, password: string, caller: Caller) {
    const phone = normalizePhone(phoneInput);
    const attempt = await this.throttle.attempt(this.signInKeys('number', phone, caller), 'Too many failed sign-ins; try again later');
    const [account] = await this.db
      .select({ id: accounts.id, passwordHash: accounts.passwordHash })
      .from(accounts)
      .where(eq(accounts.phoneHash, this.crypto.lookupHash(phone)));
    // Verify against a dummy hash when there is no account, so timing does not reveal which numbers exist.
    const ok = await verifyPassword(account?.passwordHash ?? DUMMY_HASH, password);
    if (!account || !ok) throw appError('INVALID_CREDENTIALS', 'Phone number or password is wrong');
    await attempt.succeeded();
    return { session: await createSession(this.db, account.id), accountId: account.id };
  }

  /**
   * Sign-in by a SIGN_IN code. Guessing is bounded by the code's own tries and the daily code
   * cap; the per-address sign-in throttle counts too. It does not share the password's
   * per-number lockout, so a person locked out by wrong passwords can still get in this way.
   */
  async signInWithSmsCode(phoneInput: string, code: string, caller: Caller) {
    const phone = normalizePhone(phoneInput);
    const attempt = await this.throttle.attempt([this.signInKeys('number', phone, caller)[1]!], 'Too many failed sign-ins; try again later');
    const phoneHash = this.crypto.lookupHash(phone);
    const result = await this.withCode(phoneHash, 'SIGN_IN', code, async (tx) => {
      const [account] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.phoneHash, phoneHash));
      // A code is sent only to a number with an account; it may have been deleted since.
      if (!account) return { error: 'NO_ACCOUNT' as const };
      return { session: await createSession(tx, account.id), accountId: account.id };
    });
    if ('error' in result) throw codeInvalid();
    await attempt.succeeded();
    return result;
  }

  /**
   * A new password by PASSWORD_RESET code: every existing session ends (whoever knew the old
   * password is signed out everywhere) and the person gets one new session, in one transaction.
   */
  async resetPassword(phoneInput: string, code: string, newPassword: string, caller: Caller) {
    const phone = normalizePhone(phoneInput);
    checkPasswordStrength(newPassword, phone);
    const attempt = await this.throttle.attempt([this.signInKeys('number', phone, caller)[1]!], 'Too many failed attempts; try again later');
    const phoneHash = this.crypto.lookupHash(phone);
    const passwordHash = await hashPassword(newPassword);
    const result = await this.withCode(phoneHash, 'PASSWORD_RESET', code, async (tx) => {
      const [account] = await tx.update(accounts).set({ passwordHash }).where(eq(accounts.phoneHash, phoneHash)).returning({ id: accounts.id });
      if (!account) return { error: 'NO_ACCOUNT' as const };
      await revokeAllSessions(tx, account.id);
      return { session: await createSession(tx, account.id), accountId: account.id };
    });
    if ('error' in result) throw codeInvalid();
    await attempt.succeeded();
    return result;
  }

  /**
   * Checks an SMS code for one purpose and, when it is right, runs `work` in the same
   * transaction that spends the code (single use). A wrong code counts against the latest code,
   * outside the rolled-back transaction; five wrong tries void it. Expired, spent or unknown
   * codes and codes sent for another purpose all answer CODE_INVALID.
   */
  private async withCode<T extends object, E extends string>(
    phoneHash: string,
    purpose: SmsCodePurpose,
    code: string,
    work: (tx: Executor) => Promise<T | { error: E }>,
  ): Promise<T | { error: E }> {
    type Outcome = { done: T | { error: E } } | { wrong: string | null };
    const outcome: Outcome = await this.db
      .transaction(async (tx): Promise<Outcome> => {
        const [verification] = await tx
          .select()
          .from(phoneVerifications)
          .where(
            and(
              eq(phoneVerifications.phoneHash, phoneHash),
              eq(phoneVerifications.purpose, purpose),
              isNull(phoneVerifications.consumedAt),
              gt(phoneVerifications.expiresAt, new Date()),
            ),
          )
          .orderBy(desc(phoneVerifications.createdAt))
          .limit(1)
          .for('update');
        if (!verification || verification.attempts >= CODE_MAX_ATTEMPTS) return { wrong: null };
        if (verification.codeHash !== this.codeHash(purpose, phoneHash, code.trim())) return { wrong: verification.id };
        await tx.update(phoneVerifications).set({ consumedAt: new Date() }).where(eq(phoneVerifications.id, verification.id));
        const done = await work(tx);
        // A refusal (number taken, no account) rolls back, so the code stays unspent.
        if ('error' in done) throw new Refusal(done.error);
        return { done };
      })
      .catch((error: unknown) => {
        if (error instanceof Refusal) return { done: { error: error.reason as E } } satisfies Outcome;
        throw error;
      });
    if ('done' in outcome) return outcome.done;
    if (outcome.wrong) {
      await this.db.update(phoneVerifications).set({ attempts: sql`${phoneVerifications.attempts} + 1` }).where(eq(phoneVerifications.id, outcome.wrong));
    }
    throw codeInvalid();
  }

  private codeHash(purpose: SmsCodePurpose, phoneHash: string, code: string): string {
    return this.crypto.lookupHash(`code:${purpose}:${phoneHash}:${code}`);
  }

  /**
   * A password attempt counts per number (or, signed in, per account) and per address across
   * numbers, each with growing delays: guessing one number is slow, and so is spraying many.
   */
  private signInKeys(kind: 'number' | 'account', value: string, caller: Caller): ThrottleKey[] {
    return [
      { scope: `sign-in:${kind}`, value, rule: this.limits.signIn.perNumber, clearOnSuccess: true },
      { scope: 'sign-in:address', value: caller.address, rule: this.limits.signIn.perAddress },
    ];
  }

  signOut(sessionId: string): Promise<void> {
    return revokeSession(this.db, sessionId);
  }

  async phoneOf(accountId: string): Promise<string | null> {
    const [row] = await this.db.select({ phone: accounts.phoneEncrypted }).from(accounts).where(eq(accounts.id, accountId));
    return row ? this.crypto.decrypt(row.phone) : null;
  }

  async profileOf(accountId: string): Promise<Profile | null> {
    const [row] = await this.profileStatement.execute({ accountId });
    return row ?? null;
  }

  /** The profile of an account that keeps it public; null otherwise, and for no such account. */
  async publicProfile(accountId: string): Promise<PublicProfile | null> {
    const row = await this.profileOf(accountId);
    return row?.isPublic ? { displayName: row.displayName, photoUrl: row.photoUrl } : null;
  }

  async updateProfile(accountId: string, changes: { displayName?: string; photoUrl?: string | null; isPublic?: boolean | null }): Promise<Profile> {
    const [row] = await this.db
      .update(accounts)
      .set({
        ...(changes.displayName !== undefined && { displayName: changes.displayName }),
        ...(changes.photoUrl !== undefined && { photoUrl: changes.photoUrl }),
        ...(changes.isPublic != null && { profilePublic: changes.isPublic }),
      })
      .where(eq(accounts.id, accountId))
      .returning(PROFILE_COLUMNS);
    return row!;
  }

  /**
   * Everything held about the person (PIPL Art. 45), readable values and no internal hashes: the
   * account here, then each module's part as its face declares it. Null for no such account.
   */
  async exportData(accountId: string): Promise<Record<string, unknown> | null> {
    const [account] = await this.db.select().from(accounts).where(eq(accounts.id, accountId));
    if (!account) return null;
    const parts = await Promise.all(this.declarations.exports().map((part) => part(accountId)));
    const agreements = await this.db
      .select({ document: accountAgreements.document, version: accountAgreements.version, contentHash: accountAgreements.contentHash, agreedAt: accountAgreements.agreedAt })
      .from(accountAgreements)
      .where(eq(accountAgreements.accountId, accountId));
    return Object.assign(
      {
        exportedAt: new Date().toISOString(),
        account: {
          phone: this.crypto.decrypt(account.phoneEncrypted),
          displayName: account.displayName,
          photoUrl: account.photoUrl,
          profilePublic: account.profilePublic,
          createdAt: account.createdAt,
          agreements,
        },
      },
      ...parts,
    );
  }

  /**
   * Closing the account (PIPL Art. 47): after the password, in one transaction, every session ends,
   * the person's partner grants end (`onAccountClosed`), the sign-in credentials and profile are
   * wiped so nobody can sign in or be found by the number, the throttle counters keyed by the
   * number go, and `within` (the caller's request record and erasure job) is written. The rest of
   * the data is erased by a durable job, which keeps the processing records the law requires
   * (PIPL Art. 56). This is the only way an account ends.
   */
  async closeAccount(accountId: string, password: string, caller: Caller, within: (tx: Executor) => Promise<void>): Promise<void> {
    const attempt = await this.throttle.attempt(this.signInKeys('account', accountId, caller), 'Too many wrong passwords; try again later');
    const [account] = await this.db.select().from(accounts).where(eq(accounts.id, accountId));
    if (!account || !(await verifyPassword(account.passwordHash, password))) throw appError('INVALID_CREDENTIALS', 'Password is wrong');
    await attempt.succeeded();
    await this.db.transaction(async (tx) => {
      const phone = this.crypto.decrypt(account.phoneEncrypted);
      await tx.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt)));
      await this.onAccountClosed?.(tx, accountId);
      await tx
        .update(accounts)
        .set({ phoneHash: `closed:${accountId}`, phoneEncrypted: '', passwordHash: '!', displayName: null, photoUrl: null, profilePublic: false })
        .where(eq(accounts.id, accountId));
      await tx.delete(phoneVerifications).where(eq(phoneVerifications.phoneHash, account.phoneHash));
      await tx.delete(outbox).where(eq(outbox.recipientHash, account.phoneHash));
      await this.throttle.forget(
        ['sign-in:number', 'sms-code:number-resend', 'sms-code:number'].map((scope) => ({ scope, value: phone })).concat(
          ['sign-in:account', 'card-password:account'].map((scope) => ({ scope, value: accountId })),
        ),
        tx,
      );
      await within(tx);
    });
  }

  async recordCompletedRequest(accountId: string, kind: 'EXPORT' | 'ACCESS'): Promise<void> {
    const now = new Date();
    await this.db.insert(dataSubjectRequests).values({
      accountId,
      kind,
      status: 'COMPLETED',
      receivedAt: now,
      dueAt: new Date(now.getTime() + DATA_SUBJECT_REQUEST_DAYS * 86_400_000),
      completedAt: now,
    });
  }

}

/** Thrown inside a code's transaction to roll it back with a coded answer. */
class Refusal extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const codeInvalid = () => appError('CODE_INVALID', 'The code is wrong or has expired; request a new one', { field: 'code' });

const SMS_TEMPLATES = { REGISTRATION: 'registration_code', SIGN_IN: 'sign_in_code', PASSWORD_RESET: 'password_reset_code' } as const satisfies Record<SmsCodePurpose, string>;

const PROFILE_COLUMNS = { displayName: accounts.displayName, photoUrl: accounts.photoUrl, isPublic: accounts.profilePublic };

const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2hlYmFvLWR1bW15LXNhbHQ$Hk8vYjZ0vE3yqzC2o1P0V3Y0r7u3CkqgJbq1yYc0Q2o';
