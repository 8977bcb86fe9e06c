// Sessions are opaque random tokens; only their SHA-256 is stored, so a database read does not
// yield a usable token. Signing out revokes the row: the token stops working at once.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../../authz/principal.js';
import type { Executor } from '../../db/database.js';
import { accounts, sessions } from '../../db/schema.js';
import { BatchedLookup } from '../../lib/batched-lookup.js';

export const SESSION_COOKIE = 'shebao_session';
export const SESSION_PREFIX = 'sbs_';
const SESSION_DAYS = 30;

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export type NewSession = { token: string; expiresAt: Date };

export async function createSession(db: Executor, accountId: string): Promise<NewSession> {
  const token = SESSION_PREFIX + randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db.insert(sessions).values({ accountId, tokenHash: hashToken(token), expiresAt });
  return { token, expiresAt };
}

export async function revokeSession(db: Executor, sessionId: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, sessionId));
}

/** Ends every live session of the account (a password reset). */
export async function revokeAllSessions(db: Executor, accountId: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt)));
}

/** Every request's first read, so built once (a prepared query), for every token asked at once. */
function liveSessionsStatement(db: Executor) {
  return db
    .select({ tokenHash: sessions.tokenHash, sessionId: sessions.id, accountId: accounts.id, consentVersion: accounts.consentVersion })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(and(sql`${sessions.tokenHash} = any(${sql.placeholder('tokenHashes')}::text[])`, isNull(sessions.revokedAt), gt(sessions.expiresAt, sql.placeholder('now'))))
    .prepare('live_sessions');
}

type LiveSession = { sessionId: string; accountId: string; consentVersion: number };

export class SessionService {
  /** Concurrent requests' sessions in one statement, each read after its request arrived. */
  private readonly liveSessions: BatchedLookup<LiveSession>;

  constructor(
    db: Executor,
    /** Production: the cookie is Secure. */
    private readonly secureCookie: boolean,
  ) {
    const statement = liveSessionsStatement(db);
    this.liveSessions = new BatchedLookup(async (tokenHashes) => {
      // A placeholder skips the column's mapping: the time goes as text.
      const rows = await statement.execute({ tokenHashes, now: new Date().toISOString() });
      return new Map(rows.map(({ tokenHash, ...session }) => [tokenHash, session]));
    });
  }

  /** The session's person with the consent version read in the same statement. */
  async principalFor(token: string): Promise<Principal | null> {
    const session = await this.liveSessions.get(hashToken(token));
    return session ? { kind: 'person', ...session } : null;
  }

  setCookie(reply: FastifyReply | undefined, session: NewSession): void {
    reply?.setCookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'strict', secure: this.secureCookie, path: '/', expires: session.expiresAt });
  }

  /**
   * Drops the cookie and tells the browser to drop cached responses and cookies too. Not
   * "storage": that would also wipe the installation's identity (and unregister the service
   * worker), so every sign-in would add a new device. The PWA purges its offline data itself.
   * Account deletion (`storage: true`) ends the installation's identity too.
   */
  clearCookie(reply: FastifyReply | undefined, options: { storage?: boolean } = {}): void {
    reply?.clearCookie(SESSION_COOKIE, { path: '/' });
    reply?.header('Clear-Site-Data', options.storage ? '"cache", "cookies", "storage"' : '"cache", "cookies"');
  }
}
