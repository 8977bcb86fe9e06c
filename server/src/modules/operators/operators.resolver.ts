// The operator's own operations: sign in (password + TOTP), who am I, sign out; the audit log for
// the security officer. Served on /operator/graphql only (operatorResolvers of the module face).
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Allow, signedInOperator } from '../../authz/guards.js';
import type { RequestContext } from '../../graphql/context.js';
import { appError } from '../../lib/errors.js';
import type { OperatorAccountService } from './operator-accounts.service.js';
import type { OperatorAuditLog } from './operator-audit.service.js';
import { OPERATOR_IDLE_MS, type OperatorSessionService } from './operator-sessions.service.js';
import { OperatorAuditChain, OperatorAuditEntry, OperatorProfile, OperatorSignIn } from './operators.types.js';

export type OperatorsServices = { operatorAccounts: OperatorAccountService; operatorSessions: OperatorSessionService; operatorAudit: OperatorAuditLog };
type OperatorsContext = RequestContext<OperatorsServices>;

function profileOf(row: { id: string; loginName: string; displayName: string; roles: string[] }): OperatorProfile {
  return { id: row.id, loginName: row.loginName, displayName: row.displayName, roles: row.roles as OperatorProfile['roles'] };
}

@Resolver()
export class OperatorSessionResolver {
  @Mutation(() => OperatorSignIn, { description: 'Password and the current TOTP code; sets the operator session cookie (path /operator).' })
  @Allow('anyone')
  async operatorSignIn(
    @Arg('loginName', () => String) loginName: string,
    @Arg('password', () => String) password: string,
    @Arg('code', () => String, { description: 'Six digits from the authenticator app; each code works once.' }) code: string,
    @Ctx() { services, caller, reply }: OperatorsContext,
  ): Promise<OperatorSignIn> {
    if (loginName.length > 64 || password.length > 256 || code.length > 16) throw appError('BAD_USER_INPUT', 'Login name, password or code is too long');
    const { session, operator } = await services.operatorAccounts.signIn({ loginName, password, code }, caller);
    services.operatorSessions.setCookie(reply, session);
    return { operator: profileOf(operator), expiresAt: session.expiresAt, idleTimeoutSeconds: OPERATOR_IDLE_MS / 1000 };
  }

  @Mutation(() => Boolean, { description: 'Ends this operator session.' })
  @Allow('operator')
  async operatorSignOut(@Ctx() { principal, services, reply }: OperatorsContext): Promise<boolean> {
    const operator = signedInOperator(principal);
    await services.operatorAccounts.signOut(operator.operatorId, operator.sessionId);
    services.operatorSessions.clearCookie(reply);
    return true;
  }

  @Query(() => OperatorProfile, { description: 'The signed-in operator.' })
  @Allow('operator')
  async operatorMe(@Ctx() { principal, services }: OperatorsContext): Promise<OperatorProfile> {
    const row = await services.operatorAccounts.byId(signedInOperator(principal).operatorId);
    if (!row) throw appError('UNAUTHENTICATED', 'Sign in as an operator to do this');
    return profileOf(row);
  }
}

@Resolver()
export class OperatorAuditResolver {
  @Query(() => [OperatorAuditEntry], { description: 'The operator audit log, newest first.' })
  @Allow('operator', { roles: ['SECURITY_OFFICER'] })
  operatorAuditLog(
    @Ctx() { services }: OperatorsContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('beforeSeq', () => Int, { nullable: true }) beforeSeq?: number,
  ): Promise<OperatorAuditEntry[]> {
    if (first < 1 || first > 200) throw appError('BAD_USER_INPUT', 'first must be between 1 and 200', { field: 'first' });
    return services.operatorAudit.list(first, beforeSeq ?? undefined);
  }

  @Query(() => OperatorAuditChain, { description: 'Walks the whole hash chain of the audit log.' })
  @Allow('operator', { roles: ['SECURITY_OFFICER'] })
  async operatorAuditChain(@Ctx() { services }: OperatorsContext): Promise<OperatorAuditChain> {
    const check = await services.operatorAudit.verifyChain();
    return check.ok ? { ok: true, length: check.length, brokenAtSeq: null, problem: null } : { ok: false, length: check.length, brokenAtSeq: check.brokenAtSeq, problem: check.problem };
  }
}
