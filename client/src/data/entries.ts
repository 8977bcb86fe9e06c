// Cached GraphQL answers: written only while every category in them is allowed, read back
// decrypted, dropped when expired, disallowed or unreadable.
import { entryAllowed, subtractPendingWithdrawals } from './cache-rules';
import { setKey, setsOf } from './category-sets';
import type { Connection } from './connection';
import { decryptPayload, encryptionKey, encryptPayload } from './encryption';
import { entryKey } from './ids';
import { pendingWithdrawals } from './outbox';
import { expiryFor, getPolicy, policyOf } from './policy';
import { sameEpoch } from './epoch';
import { EPOCH_ID, KEY_RECORD_ID, metaOf, POLICY_ID, SETS_ID, type CachedPayload, type EntryKey, type EntryMeta, type Epoch } from './schema';

export interface PutInput {
  readonly documentId: string;
  readonly variables?: unknown;
  readonly operationName?: string | null;
  readonly categories: readonly string[];
  readonly consentVersion: number | null;
  readonly payload: CachedPayload;
  /** The store's epoch when the answer was asked for (offline-store `epoch()`). */
  readonly epoch?: Epoch;
}

/** stored; not-allowed (a category lacks consent); stale-policy (response is newer than the policy: reconcile first). */
export type PutResult = 'stored' | 'not-allowed' | 'stale-policy';

export interface ReadResult {
  readonly payload: CachedPayload;
  readonly meta: EntryMeta;
}

export async function putEntry(conn: Connection, input: PutInput): Promise<PutResult> {
  const categories = [...new Set(input.categories)].sort();
  const early = await getPolicy(conn);
  // No consent state applied yet (fresh, or just signed out): keep nothing at all.
  if (early.consentVersion == null || !entryAllowed(categories, early.allowed)) return 'not-allowed';
  if (input.consentVersion != null && input.consentVersion > early.consentVersion) return 'stale-policy';
  const key = await entryKey(input.documentId, input.variables);
  const { keyId, key: cryptoKey } = await encryptionKey(conn);
  const cachedAt = conn.now();
  const bound = { key, categories, consentVersion: input.consentVersion, cachedAt };
  const { iv, ciphertext } = await encryptPayload(cryptoKey, bound, input.payload);
  return conn.run(async (db) => {
    // Re-check inside the write transaction: a purge may have landed while we encrypted.
    const tx = db.transaction(['entries', 'meta', 'keys', 'outbox'], 'readwrite');
    const [policyRecord, keyRecord, pending, epochRecord] = await Promise.all([
      tx.objectStore('meta').get(POLICY_ID),
      tx.objectStore('keys').get(KEY_RECORD_ID),
      tx.objectStore('outbox').getAll(),
      tx.objectStore('meta').get(EPOCH_ID),
    ]);
    const policy = policyOf(policyRecord, cachedAt);
    const allowed = subtractPendingWithdrawals(policy.allowed, pendingWithdrawals(pending));
    let result: PutResult = 'stored';
    if (policy.consentVersion == null || !entryAllowed(categories, allowed)) result = 'not-allowed';
    else if (keyRecord?.keyId !== keyId) result = 'not-allowed'; // key was erased meanwhile
    else if (!sameEpoch(input.epoch, epochRecord)) result = 'not-allowed'; // asked for before a sign-out
    if (result === 'stored') {
      const set = setKey(categories);
      const entries = tx.objectStore('entries');
      const previous = await entries.index('by-key').getKey(key);
      // The same query may now carry other categories: one entry per query, always.
      if (previous && previous[0] !== set) void entries.delete(previous);
      const known = setsOf(await tx.objectStore('meta').get(SETS_ID));
      if (!known.includes(set)) void tx.objectStore('meta').put({ id: SETS_ID, sets: [...known, set] });
      await entries.put({
        ...bound,
        set,
        documentId: input.documentId,
        operationName: input.operationName ?? null,
        expiresAt: expiryFor(categories, policy, cachedAt),
        keyId,
        iv,
        ciphertext,
      });
    } else if (keyRecord?.keyId !== keyId) {
      conn.keyCache = null;
    }
    await tx.done;
    return result;
  });
}

export async function getEntry(conn: Connection, documentId: string, variables?: unknown): Promise<ReadResult | null> {
  const key = await entryKey(documentId, variables);
  const { record, policy } = await conn.run(async (db) => {
    const tx = db.transaction(['entries', 'meta'], 'readonly');
    const [record, policyRecord] = await Promise.all([tx.objectStore('entries').index('by-key').get(key), tx.objectStore('meta').get(POLICY_ID)]);
    await tx.done;
    return { record, policy: policyOf(policyRecord, conn.now()) };
  });
  if (!record) return null;
  const drop = async () => {
    await deleteEntry(conn, [record.set, record.key]);
    return null;
  };
  if (record.expiresAt <= conn.now() || !entryAllowed(record.categories, policy.allowed)) return drop();
  try {
    let current = await encryptionKey(conn);
    // Another context may have rotated the key (purge all) since we cached ours.
    if (current.keyId !== record.keyId) current = await encryptionKey(conn, true);
    if (current.keyId !== record.keyId) throw new Error('KEY_MISMATCH');
    return { payload: await decryptPayload(current.key, record), meta: metaOf(record) };
  } catch {
    // Unreadable (key erased, tampered): it is worthless, drop it.
    return drop();
  }
}

async function deleteEntry(conn: Connection, key: EntryKey): Promise<void> {
  await conn.run((db) => db.delete('entries', key));
}

/** Metadata only: no payloads leave this module undecrypted. */
export async function listEntries(conn: Connection): Promise<EntryMeta[]> {
  return conn.run(async (db) => (await db.getAll('entries')).map(metaOf));
}

export async function countEntries(conn: Connection): Promise<number> {
  return conn.run((db) => db.count('entries'));
}
