// Sessions are opaque random tokens; only their SHA-256 is stored, so a database read does not
// yield a usable token. Signing out revokes the row: the token stops working at once.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { accounts, sessions } from '../../db/schema.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { appError } from '../../lib/errors.js';
import type { Principal } from '../../authz/principal.js';

export const SESSION_COOKIE = 'shebao_session';
export const SESSION_PREFIX = 'sbs_';
const SESSION_DAYS = 30;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export async function createSession(db: Executor, accountId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = SESSION_PREFIX + randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db.insert(sessions).values({ accountId, tokenHash: hashToken(token), expiresAt });
  return { token, expiresAt };
}

/** The session's person with the consent version read in the same statement (one query). */
export async function principalForSession(db: Executor, token: string): Promise<Principal | null> {
  const [row] = await db
    .select({ sessionId: sessions.id, accountId: accounts.id, consentVersion: accounts.consentVersion, isResearcher: accounts.isResearcher })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())));
  return row ? { kind: 'person', ...row } : null;
}

export async function revokeSession(db: Executor, sessionId: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, sessionId));
}

/** The signed-in person's account id, or UNAUTHENTICATED. Partners never pass. */
export function requirePerson(ctx: Pick<GraphQLContext, 'principal'>): string {
  if (ctx.principal.kind !== 'person') throw appError('UNAUTHENTICATED', 'Sign in to do this');
  return ctx.principal.accountId;
}
