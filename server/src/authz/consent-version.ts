// The consent version of an account: what cached access decisions and the PWA's offline copies
// are keyed by.
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { accounts } from '../db/schema.js';

/**
 * Grows the person's consent version: every cached access decision is keyed by it, so the next
 * request on any instance decides again, and the PWA re-checks its offline copies. Call it in the
 * transaction that changes what decides access (a grant, a withdrawal, a restriction).
 */
export async function bumpConsentVersion(tx: Executor, accountId: string): Promise<number | null> {
  const [row] = await tx
    .update(accounts)
    .set({ consentVersion: sql`${accounts.consentVersion} + 1` })
    .where(eq(accounts.id, accountId))
    .returning({ version: accounts.consentVersion });
  return row?.version ?? null;
}
