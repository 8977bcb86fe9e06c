// Operator sessions: opaque random tokens (only their SHA-256 is stored) in their own cookie,
// scoped to /operator, with an idle limit and an absolute one checked on every request. A person's
// session cookie never becomes an operator, and this cookie never reaches the person's endpoints.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { OperatorRole, Principal } from '../../authz/principal.js';
import type { Executor } from '../../db/database.js';
import { operators, operatorSessions } from '../../db/schema.js';

export const OPERATOR_COOKIE = 'shebao_operator';
export const OPERATOR_SESSION_PREFIX = 'sbo_';
/** The console and its endpoint live under this path; the cookie is sent nowhere else. */
export const OPERATOR_PATH = '/operator';
export const OPERATOR_IDLE_MS = 15 * 60_000;
export const OPERATOR_MAX_SESSION_MS = 8 * 3_600_000;
/** `last_seen_at` is written at most this often (not on every request). */
const TOUCH_EVERY_MS = 30_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export type NewOperatorSession = { token: string; sessionId: string; expiresAt: Date };

export class OperatorSessionService {
  constructor(
    private readonly db: Executor,
    /** Production: the cookie is Secure. */
    private readonly secureCookie: boolean,
  ) {}

  async create(tx: Executor, operatorId: string, now = new Date()): Promise<NewOperatorSession> {
    const token = OPERATOR_SESSION_PREFIX + randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + OPERATOR_MAX_SESSION_MS);
    const [row] = await tx
      .insert(operatorSessions)
      .values({ operatorId, tokenHash: hashToken(token), createdAt: now, lastSeenAt: now, expiresAt })
      .returning({ id: operatorSessions.id });
    return { token, sessionId: row!.id, expiresAt };
  }

  /** The operator behind a live session (not revoked, not idle, not past its end, operator active), or null. */
  async principalFor(token: string, now = new Date()): Promise<Extract<Principal, { kind: 'operator' }> | null> {
    if (!token.startsWith(OPERATOR_SESSION_PREFIX)) return null;
    const [row] = await this.db
      .select({ sessionId: operatorSessions.id, operatorId: operators.id, roles: operators.roles, lastSeenAt: operatorSessions.lastSeenAt })
      .from(operatorSessions)
      .innerJoin(operators, eq(operators.id, operatorSessions.operatorId))
      .where(
        and(
          eq(operatorSessions.tokenHash, hashToken(token)),
          isNull(operatorSessions.revokedAt),
          gt(operatorSessions.expiresAt, now),
          gt(operatorSessions.lastSeenAt, new Date(now.getTime() - OPERATOR_IDLE_MS)),
          eq(operators.active, true),
        ),
      );
    if (!row) return null;
    if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await this.db.update(operatorSessions).set({ lastSeenAt: now }).where(and(eq(operatorSessions.id, row.sessionId), lt(operatorSessions.lastSeenAt, now)));
    }
    return { kind: 'operator', operatorId: row.operatorId, sessionId: row.sessionId, roles: row.roles as OperatorRole[] };
  }

  async revoke(tx: Executor, sessionId: string): Promise<void> {
    await tx.update(operatorSessions).set({ revokedAt: new Date() }).where(eq(operatorSessions.id, sessionId));
  }

  /** Every session of an operator ends (deactivation, a new sign-in elsewhere is not one). */
  async revokeAll(tx: Executor, operatorId: string): Promise<void> {
    await tx.update(operatorSessions).set({ revokedAt: new Date() }).where(and(eq(operatorSessions.operatorId, operatorId), isNull(operatorSessions.revokedAt)));
  }

  /** A browser-session cookie (no Expires): closing the browser ends it too. */
  setCookie(reply: FastifyReply | undefined, session: NewOperatorSession): void {
    reply?.setCookie(OPERATOR_COOKIE, session.token, { httpOnly: true, sameSite: 'strict', secure: this.secureCookie, path: OPERATOR_PATH });
  }

  /** Only the operator cookie: the person's PWA on the same origin keeps its own session and storage. */
  clearCookie(reply: FastifyReply | undefined): void {
    reply?.clearCookie(OPERATOR_COOKIE, { path: OPERATOR_PATH, httpOnly: true, sameSite: 'strict', secure: this.secureCookie });
  }
}
