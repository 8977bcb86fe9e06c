// The cache policy record: which categories may be kept, the consent version that says so, and
// how long each category may stay. Applying a consent state purges what it no longer allows.
import { subtractPendingWithdrawals } from './cache-rules';
import { categoriesOfSet, deleteSets, setsOf } from './category-sets';
import type { Connection } from './connection';
import { pendingWithdrawals } from './outbox';
import { clampRetentionDays, defaultRetentionDays, DEFAULT_RETENTION_DAYS } from './retention';
import { sameEpoch } from './epoch';
import { DAY_MS, EPOCH_ID, POLICY_ID, SETS_ID, type CachePolicy, type Epoch, type MetaRecord } from './schema';

export interface ApplyConsentResult {
  readonly applied: boolean;
  readonly removedCategories: readonly string[];
  readonly purged: number;
}

/** The stored policy, or the empty one (nothing allowed, never reconciled). */
export function policyOf(record: MetaRecord | undefined, now: number): CachePolicy {
  if (record?.id === POLICY_ID) return record;
  return { id: POLICY_ID, allowed: [], consentVersion: null, retentionDays: {}, updatedAt: now };
}

export async function getPolicy(conn: Connection): Promise<CachePolicy> {
  return conn.run(async (db) => policyOf(await db.get('meta', POLICY_ID), conn.now()));
}

/** When an entry cached now expires: after the shortest retention of its categories. */
export function expiryFor(categories: readonly string[], policy: CachePolicy, cachedAt: number): number {
  const days = categories.length ? Math.min(...categories.map((c) => policy.retentionDays[c] ?? defaultRetentionDays(c))) : DEFAULT_RETENTION_DAYS;
  return cachedAt + days * DAY_MS;
}

/**
 * Brings the policy in line with the consent state read from the server, minus any withdrawal
 * still queued here, and purges what is no longer allowed. A state older than the one already
 * applied is ignored (a slow response must not undo a newer withdrawal).
 */
/** A consent state to apply: what may be kept, its version, and the epoch it was read under. */
export interface ConsentInput {
  readonly allowed: readonly string[];
  readonly consentVersion: number | null;
  readonly epoch?: Epoch;
}

export async function applyConsent(conn: Connection, input: ConsentInput): Promise<ApplyConsentResult> {
  const result = await conn.run(async (db) => {
    const tx = db.transaction(['entries', 'meta', 'outbox'], 'readwrite');
    const meta = tx.objectStore('meta');
    const [policyRecord, pending, epochRecord] = await Promise.all([meta.get(POLICY_ID), tx.objectStore('outbox').getAll(), meta.get(EPOCH_ID)]);
    const policy = policyOf(policyRecord, conn.now());
    const outdated = input.consentVersion != null && policy.consentVersion != null && input.consentVersion < policy.consentVersion;
    // A state read before a sign-out emptied the store must not bring its policy back.
    if (outdated || !sameEpoch(input.epoch, epochRecord)) {
      await tx.done;
      return { applied: false, removedCategories: [], purged: 0 };
    }
    const allowed = subtractPendingWithdrawals([...new Set(input.allowed)].sort(), pendingWithdrawals(pending));
    const keep = new Set(allowed);
    void meta.put({ ...policy, allowed, consentVersion: input.consentVersion, updatedAt: conn.now() });
    // Any entry holding a category outside the allowed set goes, whatever the old policy said.
    const sets = setsOf(await meta.get(SETS_ID));
    const hit = sets.filter((set) => categoriesOfSet(set).some((c) => !keep.has(c)));
    const removed = new Set<string>();
    for (const set of hit) for (const c of categoriesOfSet(set)) if (!keep.has(c)) removed.add(c);
    for (const c of policy.allowed) if (!keep.has(c)) removed.add(c);
    const purged = await deleteSets(tx.objectStore('entries'), meta, sets, hit);
    await tx.done;
    return { applied: true, removedCategories: [...removed].sort(), purged };
  });
  if (result.removedCategories.length) {
    conn.notify({ type: 'purged', scope: 'categories', categories: result.removedCategories, at: conn.now() });
  }
  if (result.applied) {
    const policy = await getPolicy(conn);
    conn.notify({ type: 'policy', consentVersion: policy.consentVersion, allowed: policy.allowed, at: conn.now() });
  }
  return result;
}

/** Sets how long a category may be kept (clamped to what it allows); a shorter period applies to what is kept. */
export async function setRetentionDays(conn: Connection, category: string, days: number): Promise<number> {
  const clamped = clampRetentionDays(category, days);
  await conn.run(async (db) => {
    const tx = db.transaction(['entries', 'meta'], 'readwrite');
    const policy = policyOf(await tx.objectStore('meta').get(POLICY_ID), conn.now());
    void tx.objectStore('meta').put({ ...policy, retentionDays: { ...policy.retentionDays, [category]: clamped }, updatedAt: conn.now() });
    const entries = tx.objectStore('entries');
    let cursor = await entries.index('by-category').openCursor(category);
    while (cursor) {
      const limit = cursor.value.cachedAt + clamped * DAY_MS;
      if (cursor.value.expiresAt > limit) void cursor.update({ ...cursor.value, expiresAt: limit });
      cursor = await cursor.continue();
    }
    await tx.done;
  });
  return clamped;
}
