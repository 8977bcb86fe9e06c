// Operator accounts: created by `pnpm operator:add` (never by sign-up), signed in with a password
// (argon2id, the accounts module's hasher) and a TOTP code (otplib, RFC 6238). The TOTP secret is
// encrypted at rest with the data key; a code is accepted once (its time step is remembered).
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { generate, generateSecret, generateURI, verify } from 'otplib';
import { OPERATOR_ROLES, type OperatorRole } from '../../authz/principal.js';
import type { Throttle } from '../../authz/throttle.js';
import type { Limits } from '../../config/config.js';
import type { FieldCrypto } from '../../config/field-crypto.js';
import type { Database } from '../../db/database.js';
import { operators } from '../../db/schema.js';
import type { Caller } from '../../graphql/context.js';
import { appError } from '../../lib/errors.js';
import { hashPassword, verifyPassword } from '../accounts/index.js';
import type { OperatorAuditLog } from './operator-audit.service.js';
import type { NewOperatorSession, OperatorSessionService } from './operator-sessions.service.js';

/** Codes from the previous and the next 30-second step count too (clock drift), each once. */
const TOTP_TOLERANCE_SECONDS = 30;
const TOTP_ISSUER = 'Shebao Operator';
const MIN_PASSWORD_LENGTH = 12;
const LOGIN_NAME = /^[a-z][a-z0-9._-]{2,63}$/;

export type NewOperator = {
  loginName: string;
  displayName: string;
  password: string;
  roles: readonly OperatorRole[];
  /** Development seeds only: a published secret. Otherwise one is generated. */
  totpSecret?: string;
};

export type OperatorRow = typeof operators.$inferSelect;

/** Why an operator cannot be created as given, one line per problem (the CLI prints them). */
export function newOperatorProblems(input: NewOperator): string[] {
  const problems: string[] = [];
  if (!LOGIN_NAME.test(input.loginName)) problems.push('login name: lower-case letters, digits, dot, dash or underscore; 3 to 64, starting with a letter');
  if (input.displayName.trim().length === 0 || input.displayName.length > 100) problems.push('display name: 1 to 100 characters');
  if (input.password.length < MIN_PASSWORD_LENGTH) problems.push(`password: at least ${MIN_PASSWORD_LENGTH} characters`);
  if (input.roles.length === 0) problems.push(`roles: at least one of ${OPERATOR_ROLES.join(', ')}`);
  if (input.roles.some((role) => !(OPERATOR_ROLES as readonly string[]).includes(role))) problems.push(`roles: only ${OPERATOR_ROLES.join(', ')}`);
  return problems;
}

/** The current TOTP code for a secret (tests, the development console hint). */
export function totpCode(secret: string): Promise<string> {
  return generate({ secret });
}

/** The RFC 6238 time step a code matched, or null when it matched none (or was spent: `afterTimeStep`). */
async function matchedStep(secret: string, code: string, afterTimeStep?: number): Promise<number | null> {
  const result = await verify({ secret, token: code, epochTolerance: TOTP_TOLERANCE_SECONDS, afterTimeStep }).catch(() => null);
  return result?.valid && 'timeStep' in result ? result.timeStep : null;
}

export class OperatorAccountService {
  /** Verified against when the login name is unknown, so the answer takes as long either way. */
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly db: Database,
    private readonly crypto: FieldCrypto,
    private readonly throttle: Throttle,
    private readonly limits: Limits['operatorSignIn'],
    private readonly sessions: OperatorSessionService,
    private readonly audit: OperatorAuditLog,
  ) {}

  /** Creates an operator; returns its id and the otpauth URI to enrol an authenticator app (show once). */
  async create(input: NewOperator): Promise<{ id: string; otpauthUri: string }> {
    const problems = newOperatorProblems(input);
    if (problems.length > 0) throw appError('BAD_USER_INPUT', `Invalid operator: ${problems.join('; ')}`);
    const secret = input.totpSecret ?? generateSecret();
    const passwordHash = await hashPassword(input.password);
    const id = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(operators)
        .values({
          loginName: input.loginName,
          displayName: input.displayName.trim(),
          passwordHash,
          totpSecretEncrypted: this.crypto.encrypt(secret),
          roles: [...new Set(input.roles)],
        })
        .returning({ id: operators.id });
      await this.audit.append(tx, { operatorId: null, action: 'operator.create', target: `operator:${row!.id}`, detail: { roles: [...new Set(input.roles)], via: 'cli' } });
      return row!.id;
    });
    return { id, otpauthUri: generateURI({ issuer: TOTP_ISSUER, label: input.loginName, secret }) };
  }

  async exists(loginName: string): Promise<boolean> {
    return (await this.db.select({ id: operators.id }).from(operators).where(eq(operators.loginName, loginName))).length > 0;
  }

  async byId(id: string): Promise<OperatorRow | null> {
    const [row] = await this.db.select().from(operators).where(eq(operators.id, id));
    return row ?? null;
  }

  /**
   * Password and TOTP code together, throttled per login name and per address before either is
   * checked. Every failure is the same INVALID_CREDENTIALS (no oracle for names, passwords or
   * codes); the audit log says which part failed. A code's time step is spent in the transaction
   * that opens the session, so a replayed code fails even when sent twice at once.
   */
  async signIn(input: { loginName: string; password: string; code: string }, caller: Caller): Promise<{ session: NewOperatorSession; operator: OperatorRow }> {
    const loginName = input.loginName.trim().toLowerCase();
    const attempt = await this.throttle.attempt(
      [
        { scope: 'operator-sign-in:login', value: loginName, rule: this.limits.perLogin, clearOnSuccess: true },
        { scope: 'operator-sign-in:address', value: caller.address, rule: this.limits.perAddress },
      ],
      'Too many sign-in attempts; try again later',
    );
    const refuse = async (operatorId: string | null, reason: string): Promise<never> => {
      await this.audit.record({ operatorId, action: 'operator.sign_in_failed', detail: { reason } });
      throw appError('INVALID_CREDENTIALS', 'Login name, password or code is wrong');
    };
    const [row] = LOGIN_NAME.test(loginName) ? await this.db.select().from(operators).where(eq(operators.loginName, loginName)) : [];
    if (!row || !row.active) {
      await verifyPassword(await (this.dummyHash ??= hashPassword('not-an-operator-password')), input.password);
      return refuse(row?.id ?? null, row ? 'inactive' : 'unknown');
    }
    if (!(await verifyPassword(row.passwordHash, input.password))) return refuse(row.id, 'password');
    if (!/^\d{6}$/.test(input.code)) return refuse(row.id, 'code');
    const secret = this.crypto.decrypt(row.totpSecretEncrypted);
    const step = await matchedStep(secret, input.code, row.lastTotpStep ?? undefined);
    if (step === null) return refuse(row.id, row.lastTotpStep !== null && (await matchedStep(secret, input.code)) !== null ? 'replay' : 'code');
    const session = await this.db.transaction(async (tx) => {
      const spent = await tx
        .update(operators)
        .set({ lastTotpStep: step })
        .where(and(eq(operators.id, row.id), or(isNull(operators.lastTotpStep), lt(operators.lastTotpStep, step))))
        .returning({ id: operators.id });
      if (spent.length === 0) return null; // another request spent this code (or a later one) first
      const created = await this.sessions.create(tx, row.id);
      await this.audit.append(tx, { operatorId: row.id, action: 'operator.sign_in', target: `session:${created.sessionId}` });
      return created;
    });
    if (!session) return refuse(row.id, 'replay');
    await attempt.succeeded();
    return { session, operator: row };
  }

  async signOut(operatorId: string, sessionId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.sessions.revoke(tx, sessionId);
      await this.audit.append(tx, { operatorId, action: 'operator.sign_out', target: `session:${sessionId}` });
    });
  }
}
