// The one throttle for guessable secrets (passwords, SMS codes, card query passwords), shared by
// every instance through the database. An attempt is counted *before* the secret is checked, in
// one transaction over every key it falls under, so parallel guesses cannot slip past the count;
// a success gives the attempt back. While any key is blocked the attempt is refused, answers
// RATE_LIMITED with `retryAfterSeconds`, and counts nothing.
import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { BackoffRule, QuotaRule } from '../config/config.js';
import type { Database } from '../db/database.js';
import { throttleCounters } from '../db/schema.js';
import { appError } from '../lib/errors.js';

export type ThrottleRule = BackoffRule | QuotaRule;

export type ThrottleKey = {
  /** What is counted, e.g. "sign-in:number"; with `value` it names one counter. */
  scope: string;
  /** The phone number, card number, account id or address; stored only as a keyed hash. */
  value: string;
  rule: ThrottleRule;
  /** A success wipes this counter (the secret's owner proved it): per number, per card. Others just get the attempt back. */
  clearOnSuccess?: boolean;
};

export type ThrottledAttempt = {
  /** The secret was right: clears the owner's counters and gives the attempt back to the others. */
  succeeded(): Promise<void>;
  /** The attempt did not test the secret (the platform was down): gives it back everywhere. */
  giveBack(): Promise<void>;
};

type Counter = typeof throttleCounters.$inferSelect;

const SWEEP_EVERY_MS = 10 * 60_000;

export class Throttle {
  private lastSweepMs = 0;

  constructor(
    private readonly db: Database,
    /** The keyed hash (HMAC) that turns a value into its counter key. */
    private readonly hash: (value: string) => string,
  ) {}

  async attempt(keys: readonly ThrottleKey[], message = 'Too many attempts; try again later'): Promise<ThrottledAttempt> {
    const counted = keys.map((key) => ({ ...key, keyHash: this.hash(`${key.scope}:${key.value}`) })).sort(byCounter);
    const retryAfterSeconds = await this.db.transaction(async (tx) => {
      const now = new Date();
      // Create or lock every counter in one statement, always in the same order (no deadlocks). A
      // separate insert and SELECT … FOR UPDATE lost a counter that a concurrent success (or the
      // sweep) deleted in between; the upsert inserts it again instead.
      const rows = await tx
        .insert(throttleCounters)
        .values(counted.map((key) => ({ scope: key.scope, keyHash: key.keyHash, windowStartedAt: now, forgetAt: now })))
        .onConflictDoUpdate({ target: [throttleCounters.scope, throttleCounters.keyHash], set: { scope: sql`excluded.scope` } })
        .returning();
      const blockedUntil = Math.max(0, ...rows.map((row) => row.blockedUntil?.getTime() ?? 0));
      if (blockedUntil > now.getTime()) return Math.ceil((blockedUntil - now.getTime()) / 1000);
      for (const key of counted) {
        const row = rows.find((r) => r.scope === key.scope && r.keyHash === key.keyHash)!;
        await tx.update(throttleCounters).set(afterAttempt(row, key.rule, now)).where(sameCounter(key));
      }
      return 0;
    });
    if (retryAfterSeconds > 0) throw appError('RATE_LIMITED', message, { retryAfterSeconds });
    void this.sweepNowAndThen();
    return {
      succeeded: () => this.giveBack(counted, true),
      giveBack: () => this.giveBack(counted, false),
    };
  }

  /** Forgets the counters of these keys (a closed account's numbers, cards and id), in the caller's transaction. */
  async forget(keys: readonly { scope: string; value: string }[], executor: Pick<Database, 'delete'> = this.db): Promise<void> {
    if (keys.length === 0) return;
    await executor.delete(throttleCounters).where(matching(keys.map((key) => ({ scope: key.scope, keyHash: this.hash(`${key.scope}:${key.value}`) }))));
  }

  private async giveBack(keys: readonly (ThrottleKey & { keyHash: string })[], success: boolean): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const key of keys) {
        if (success && key.clearOnSuccess) {
          await tx.delete(throttleCounters).where(sameCounter(key));
          continue;
        }
        const threshold = 'free' in key.rule ? key.rule.free : key.rule.limit;
        await tx
          .update(throttleCounters)
          .set({
            attempts: sql`greatest(${throttleCounters.attempts} - 1, 0)`,
            blockedUntil: sql`case when ${throttleCounters.attempts} - 1 < ${threshold}::int then null else ${throttleCounters.blockedUntil} end`,
          })
          .where(sameCounter(key));
      }
    });
  }

  /** Counters past their rule's memory say nothing; drop them now and then. */
  private async sweepNowAndThen(): Promise<void> {
    if (Date.now() - this.lastSweepMs < SWEEP_EVERY_MS) return;
    this.lastSweepMs = Date.now();
    await this.db
      .delete(throttleCounters)
      .where(lt(throttleCounters.forgetAt, new Date()))
      .catch(() => undefined);
  }
}

/** The counter after one more attempt: a new window when the old one is over, and the wait it now imposes. */
function afterAttempt(row: Counter, rule: ThrottleRule, now: Date): Pick<Counter, 'attempts' | 'windowStartedAt' | 'blockedUntil' | 'forgetAt'> {
  const memoryMs = ('free' in rule ? rule.forgetAfterSeconds : rule.windowSeconds) * 1000;
  const fresh = row.attempts === 0 || row.windowStartedAt.getTime() + memoryMs <= now.getTime();
  const windowStartedAt = fresh ? now : row.windowStartedAt;
  const attempts = fresh ? 1 : row.attempts + 1;
  let blockedUntil: Date | null = null;
  if ('free' in rule) {
    // The free attempts used up: each further one waits twice as long as the one before.
    if (attempts >= rule.free) {
      const delaySeconds = Math.min(rule.maxDelaySeconds, rule.firstDelaySeconds * 2 ** Math.min(attempts - rule.free, 30));
      blockedUntil = new Date(now.getTime() + delaySeconds * 1000);
    }
  } else if (attempts >= rule.limit) {
    blockedUntil = new Date(windowStartedAt.getTime() + memoryMs);
  }
  const forgetAt = new Date(Math.max(windowStartedAt.getTime() + memoryMs, blockedUntil?.getTime() ?? 0));
  return { attempts, windowStartedAt, blockedUntil, forgetAt };
}

function byCounter(a: { scope: string; keyHash: string }, b: { scope: string; keyHash: string }): number {
  return a.scope === b.scope ? (a.keyHash < b.keyHash ? -1 : a.keyHash > b.keyHash ? 1 : 0) : a.scope < b.scope ? -1 : 1;
}

function sameCounter(key: { scope: string; keyHash: string }) {
  return and(eq(throttleCounters.scope, key.scope), eq(throttleCounters.keyHash, key.keyHash));
}

function matching(keys: readonly { scope: string; keyHash: string }[]) {
  return or(...keys.map(sameCounter));
}
