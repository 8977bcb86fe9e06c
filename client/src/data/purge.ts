// Purges: by category (a withdrawal), everything (sign-out, account deletion), and what expired.
import { categoriesOfSet, deleteSets, setsOf } from './category-sets';
import type { Connection } from './connection';
import { policyOf } from './policy';
import { EPOCH_ID, INSTALLATION_ID, POLICY_ID, SETS_ID } from './schema';

/**
 * Removes categories from the allowed set and deletes every entry holding any of them, in one
 * transaction. null: every personal category (entries with no category stay).
 */
export async function purgeCategories(conn: Connection, categories: readonly string[] | null, options: { announce?: boolean } = {}): Promise<number> {
  const purged = await conn.run(async (db) => {
    const tx = db.transaction(['entries', 'meta'], 'readwrite');
    const meta = tx.objectStore('meta');
    const [policyRecord, setsRecord] = await Promise.all([meta.get(POLICY_ID), meta.get(SETS_ID)]);
    const policy = policyOf(policyRecord, conn.now());
    const drop = categories == null ? null : new Set(categories);
    const allowed = drop == null ? [] : policy.allowed.filter((c) => !drop.has(c));
    void meta.put({ ...policy, allowed, updatedAt: conn.now() });
    const sets = setsOf(setsRecord);
    const hit = sets.filter((set) => set !== '' && (drop == null || categoriesOfSet(set).some((c) => drop.has(c))));
    const count = await deleteSets(tx.objectStore('entries'), meta, sets, hit);
    await tx.done;
    return count;
  });
  if (options.announce !== false) {
    conn.notify(
      categories == null
        ? { type: 'purged', scope: 'all', at: conn.now() }
        : { type: 'purged', scope: 'categories', categories: [...categories], at: conn.now() },
    );
  }
  return purged;
}

export interface PurgeAllOptions {
  readonly keepOutbox?: boolean;
  readonly keepInstallation?: boolean;
  readonly announce?: boolean;
}

/**
 * Sign-out and account deletion: every entry, the policy and the key (so any copy that
 * survives somewhere is unreadable). The outbox stays on sign-out so a queued withdrawal
 * still reaches the server; account deletion clears it and the installation identity too.
 */
export async function purgeAll(conn: Connection, options: PurgeAllOptions = {}): Promise<void> {
  await conn.run(async (db) => {
    const tx = db.transaction(['entries', 'meta', 'keys', 'outbox'], 'readwrite');
    const installation = options.keepInstallation === false ? undefined : await tx.objectStore('meta').get(INSTALLATION_ID);
    void tx.objectStore('entries').clear();
    void tx.objectStore('keys').clear();
    void tx.objectStore('meta').clear();
    if (installation) void tx.objectStore('meta').put(installation);
    // Answers and consent states asked for before now must not land in the emptied store.
    void tx.objectStore('meta').put({ id: EPOCH_ID, value: crypto.randomUUID() });
    if (!options.keepOutbox) void tx.objectStore('outbox').clear();
    await tx.done;
  });
  conn.keyCache = null;
  if (options.announce !== false) conn.notify({ type: 'purged', scope: 'all', at: conn.now() });
}

export async function purgeExpired(conn: Connection): Promise<number> {
  return conn.run(async (db) => {
    const tx = db.transaction('entries', 'readwrite');
    const keys = await tx.store.index('by-expiry').getAllKeys(IDBKeyRange.upperBound(conn.now()));
    for (const k of keys) void tx.store.delete(k);
    await tx.done;
    return keys.length;
  });
}
