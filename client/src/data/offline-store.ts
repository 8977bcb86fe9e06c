// The one module that touches IndexedDB. Page code and the service worker both import it.
//
// What lives here: encrypted GraphQL read responses (never in Cache Storage), the cache policy
// (which categories may be kept, per-category retention, the consent version it reflects), the
// durable outbox of consent withdrawals made offline, and this installation's random identity.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { announce } from './cache-channel';
import {
  entryAllowed,
  stableStringify,
  subtractPendingWithdrawals,
  type WithdrawalLike,
} from './cache-policy';
import { clampRetentionDays, defaultRetentionDays, DEFAULT_RETENTION_DAYS } from './categories';

export const OFFLINE_DB_NAME = 'shebao-offline';
const DB_VERSION = 2;
const DAY_MS = 24 * 60 * 60 * 1000;
const KEY_RECORD_ID = 'cache-key';
const POLICY_ID = 'policy';
const INSTALLATION_ID = 'installation';
const SETS_ID = 'category-sets';

/** A GraphQL response as stored: never a mutation's. */
export interface CachedPayload {
  readonly data?: unknown;
  readonly errors?: readonly unknown[];
  readonly extensions?: Readonly<Record<string, unknown>>;
}

export interface CachePolicy {
  readonly id: typeof POLICY_ID;
  /** Categories consented for SERVICE and LOCAL_CACHE, minus withdrawals still queued. */
  readonly allowed: readonly string[];
  /** The subject's consent version this policy reflects; null until first reconciled. */
  readonly consentVersion: number | null;
  /** Days an entry holding the category may be kept; the shortest category wins. */
  readonly retentionDays: Readonly<Record<string, number>>;
  readonly updatedAt: number;
}

export interface EntryMeta {
  readonly key: string;
  readonly documentId: string;
  readonly operationName: string | null;
  readonly categories: readonly string[];
  readonly consentVersion: number | null;
  readonly cachedAt: number;
  readonly expiresAt: number;
}

interface EntryRecord extends EntryMeta {
  /** The sorted category list as one string: entries are keyed [set, key], so every entry of a
   * category set is one key range and a purge is one delete per set, not one per entry. */
  readonly set: string;
  readonly keyId: string;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly ciphertext: ArrayBuffer;
}

interface KeyRecord {
  readonly id: typeof KEY_RECORD_ID;
  readonly keyId: string;
  readonly key: CryptoKey;
  readonly createdAt: number;
}

export interface Installation {
  readonly id: typeof INSTALLATION_ID;
  /** Random per install, never derived from hardware. */
  readonly deviceIdentifier: string;
  readonly installationNumber: string;
  readonly installedAt: number;
  readonly reportedAppVersion: string | null;
  readonly deviceReportedAt: number | null;
}

export type WithdrawalInput = WithdrawalLike & {
  readonly recipient: { readonly type: string; readonly partnerId?: string | null };
};

export type OutboxItem =
  | { readonly id?: number; readonly kind: 'withdrawConsent'; readonly input: WithdrawalInput; readonly createdAt: number; readonly attempts: number }
  | { readonly id?: number; readonly kind: 'signOut'; readonly createdAt: number; readonly attempts: number };

export type QueuedItem = OutboxItem & { readonly id: number };

interface CategorySets {
  readonly id: typeof SETS_ID;
  readonly sets: readonly string[];
}

type MetaRecord = CachePolicy | Installation | CategorySets;
type EntryKey = [string, string];

interface OfflineSchema extends DBSchema {
  keys: { key: string; value: KeyRecord };
  entries: { key: EntryKey; value: EntryRecord; indexes: { 'by-key': string; 'by-category': string; 'by-expiry': number } };
  meta: { key: string; value: MetaRecord };
  outbox: { key: number; value: OutboxItem };
}

export interface PutInput {
  readonly documentId: string;
  readonly variables?: unknown;
  readonly operationName?: string | null;
  readonly categories: readonly string[];
  readonly consentVersion: number | null;
  readonly payload: CachedPayload;
}

/** stored; not-allowed (a category lacks consent); stale-policy (response is newer than the policy: reconcile first). */
export type PutResult = 'stored' | 'not-allowed' | 'stale-policy';

export interface ReadResult {
  readonly payload: CachedPayload;
  readonly meta: EntryMeta;
}

export interface ApplyConsentResult {
  readonly applied: boolean;
  readonly removedCategories: readonly string[];
  readonly purged: number;
}

export interface OfflineStoreOptions {
  readonly name?: string;
  readonly now?: () => number;
  /** Suppress BroadcastChannel notices (unit tests of a single context). */
  readonly silent?: boolean;
}

const emptyPolicy = (now: number): CachePolicy => ({
  id: POLICY_ID,
  allowed: [],
  consentVersion: null,
  retentionDays: {},
  updatedAt: now,
});

function isPolicy(r: MetaRecord | undefined): r is CachePolicy {
  return r?.id === POLICY_ID;
}

function setsOf(r: MetaRecord | undefined): readonly string[] {
  return r?.id === SETS_ID ? r.sets : [];
}

const setKey = (categories: readonly string[]): string => [...categories].sort().join(' ');
const categoriesOfSet = (set: string): string[] => (set ? set.split(' ') : []);
const setRange = (set: string): IDBKeyRange => IDBKeyRange.bound([set], [set, []]);

function randomId(bytes = 16): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Binds the ciphertext to its metadata: a tampered category list fails to decrypt. */
function associatedData(m: Pick<EntryMeta, 'key' | 'categories' | 'consentVersion' | 'cachedAt'>): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify([m.key, [...m.categories].sort(), m.consentVersion, m.cachedAt]));
}

export class OfflineStore {
  readonly name: string;
  private readonly now: () => number;
  private readonly silent: boolean;
  private dbPromise: Promise<IDBPDatabase<OfflineSchema>> | null = null;
  private keyCache: { keyId: string; key: CryptoKey } | null = null;

  constructor(options: OfflineStoreOptions = {}) {
    this.name = options.name ?? OFFLINE_DB_NAME;
    this.now = options.now ?? Date.now;
    this.silent = options.silent ?? false;
  }

  private db(): Promise<IDBPDatabase<OfflineSchema>> {
    if (!this.dbPromise) {
      const reset = (): void => {
        this.dbPromise = null;
        this.keyCache = null;
      };
      this.dbPromise = openDB<OfflineSchema>(this.name, DB_VERSION, {
        upgrade(db, oldVersion) {
          if (oldVersion < 1) {
            db.createObjectStore('keys', { keyPath: 'id' });
            db.createObjectStore('meta', { keyPath: 'id' });
            db.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
          }
          // v2 keys entries by [category set, hash]. Cached entries are disposable; the outbox is not.
          if (db.objectStoreNames.contains('entries')) db.deleteObjectStore('entries');
          const entries = db.createObjectStore('entries', { keyPath: ['set', 'key'] });
          entries.createIndex('by-key', 'key', { unique: true });
          entries.createIndex('by-category', 'categories', { multiEntry: true });
          entries.createIndex('by-expiry', 'expiresAt');
        },
        // Another context wants to upgrade or delete the database: let it.
        blocking: (_cur, _next, event) => {
          (event.target as IDBDatabase).close();
          reset();
        },
        terminated: reset,
      });
      this.dbPromise.catch(reset);
    }
    return this.dbPromise;
  }

  /** Runs fn, reopening once if the connection was closed under us (site data cleared, etc.). */
  private async run<T>(fn: (db: IDBPDatabase<OfflineSchema>) => Promise<T>): Promise<T> {
    try {
      return await fn(await this.db());
    } catch (error) {
      if (error instanceof DOMException && error.name === 'InvalidStateError') {
        this.dbPromise = null;
        this.keyCache = null;
        return fn(await this.db());
      }
      throw error;
    }
  }

  private notify(message: Parameters<typeof announce>[0]): void {
    if (!this.silent) announce(message);
  }

  close(): void {
    const p = this.dbPromise;
    this.dbPromise = null;
    this.keyCache = null;
    void p?.then((db) => db.close()).catch(() => undefined);
  }

  async cacheKey(documentId: string, variables: unknown): Promise<string> {
    return sha256Hex(`${documentId}\n${stableStringify(variables ?? {})}`);
  }

  /** The AES-GCM key: generated non-extractable, kept only as a CryptoKey object in IndexedDB. */
  private async encryptionKey(reload = false): Promise<{ keyId: string; key: CryptoKey }> {
    if (this.keyCache && !reload) return this.keyCache;
    return this.run(async (db) => {
      const existing = await db.get('keys', KEY_RECORD_ID);
      if (existing) {
        this.keyCache = { keyId: existing.keyId, key: existing.key };
        return this.keyCache;
      }
      const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      const record: KeyRecord = { id: KEY_RECORD_ID, keyId: randomId(), key, createdAt: this.now() };
      try {
        await db.add('keys', record);
        this.keyCache = { keyId: record.keyId, key };
      } catch {
        // Another context created one first; use theirs.
        const winner = await db.get('keys', KEY_RECORD_ID);
        if (!winner) throw new Error('OFFLINE_KEY_UNAVAILABLE');
        this.keyCache = { keyId: winner.keyId, key: winner.key };
      }
      return this.keyCache;
    });
  }

  async getPolicy(): Promise<CachePolicy> {
    return this.run(async (db) => {
      const p = await db.get('meta', POLICY_ID);
      return isPolicy(p) ? p : emptyPolicy(this.now());
    });
  }

  private expiryFor(categories: readonly string[], policy: CachePolicy, cachedAt: number): number {
    const days = categories.length
      ? Math.min(...categories.map((c) => policy.retentionDays[c] ?? defaultRetentionDays(c)))
      : DEFAULT_RETENTION_DAYS;
    return cachedAt + days * DAY_MS;
  }

  async put(input: PutInput): Promise<PutResult> {
    const categories = [...new Set(input.categories)].sort();
    const early = await this.getPolicy();
    // No consent state applied yet (fresh, or just signed out): keep nothing at all.
    if (early.consentVersion == null || !entryAllowed(categories, early.allowed)) return 'not-allowed';
    if (input.consentVersion != null && early.consentVersion != null && input.consentVersion > early.consentVersion) {
      return 'stale-policy';
    }
    const key = await this.cacheKey(input.documentId, input.variables);
    const { keyId, key: cryptoKey } = await this.encryptionKey();
    const cachedAt = this.now();
    const meta = { key, categories, consentVersion: input.consentVersion, cachedAt };
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ciphertext = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: associatedData(meta) },
      cryptoKey,
      new TextEncoder().encode(JSON.stringify(input.payload)),
    );
    return this.run(async (db) => {
      // Re-check inside the write transaction: a purge may have landed while we encrypted.
      const tx = db.transaction(['entries', 'meta', 'keys', 'outbox'], 'readwrite');
      const [policyRecord, keyRecord, pending] = await Promise.all([
        tx.objectStore('meta').get(POLICY_ID),
        tx.objectStore('keys').get(KEY_RECORD_ID),
        tx.objectStore('outbox').getAll(),
      ]);
      const policy = isPolicy(policyRecord) ? policyRecord : emptyPolicy(cachedAt);
      const allowed = subtractPendingWithdrawals(policy.allowed, pendingWithdrawals(pending));
      let result: PutResult = 'stored';
      if (policy.consentVersion == null || !entryAllowed(categories, allowed)) result = 'not-allowed';
      else if (keyRecord?.keyId !== keyId) result = 'not-allowed'; // key was erased meanwhile
      if (result === 'stored') {
        const set = setKey(categories);
        const entries = tx.objectStore('entries');
        const previous = await entries.index('by-key').getKey(key);
        // The same query may now carry other categories: one entry per query, always.
        if (previous && previous[0] !== set) void entries.delete(previous);
        const known = setsOf(await tx.objectStore('meta').get(SETS_ID));
        if (!known.includes(set)) void tx.objectStore('meta').put({ id: SETS_ID, sets: [...known, set] });
        await entries.put({
          ...meta,
          set,
          documentId: input.documentId,
          operationName: input.operationName ?? null,
          expiresAt: this.expiryFor(categories, policy, cachedAt),
          keyId,
          iv,
          ciphertext,
        });
      } else if (keyRecord?.keyId !== keyId) {
        this.keyCache = null;
      }
      await tx.done;
      return result;
    });
  }

  async get(documentId: string, variables?: unknown): Promise<ReadResult | null> {
    const key = await this.cacheKey(documentId, variables);
    const found = await this.run(async (db) => {
      const tx = db.transaction(['entries', 'meta'], 'readonly');
      const [record, policyRecord] = await Promise.all([
        tx.objectStore('entries').index('by-key').get(key),
        tx.objectStore('meta').get(POLICY_ID),
      ]);
      await tx.done;
      return { record, policy: isPolicy(policyRecord) ? policyRecord : emptyPolicy(this.now()) };
    });
    const { record, policy } = found;
    if (!record) return null;
    if (record.expiresAt <= this.now() || !entryAllowed(record.categories, policy.allowed)) {
      await this.deleteEntry([record.set, record.key]);
      return null;
    }
    try {
      let current = await this.encryptionKey();
      // Another context may have rotated the key (purge all) since we cached ours.
      if (current.keyId !== record.keyId) current = await this.encryptionKey(true);
      if (current.keyId !== record.keyId) throw new Error('KEY_MISMATCH');
      const cryptoKey = current.key;
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: record.iv, additionalData: associatedData(record) },
        cryptoKey,
        record.ciphertext,
      );
      const payload = JSON.parse(new TextDecoder().decode(plain)) as CachedPayload;
      const { keyId: _k, iv: _iv, ciphertext: _c, set: _s, ...meta } = record;
      return { payload, meta };
    } catch {
      // Unreadable (key erased, tampered): it is worthless, drop it.
      await this.deleteEntry([record.set, record.key]);
      return null;
    }
  }

  private async deleteEntry(key: EntryKey): Promise<void> {
    await this.run((db) => db.delete('entries', key));
  }

  /** Metadata only: no payloads leave this module undecrypted. */
  async listEntries(): Promise<EntryMeta[]> {
    return this.run(async (db) => {
      const all = await db.getAll('entries');
      return all.map(({ keyId: _k, iv: _iv, ciphertext: _c, set: _s, ...meta }) => meta);
    });
  }

  async countEntries(): Promise<number> {
    return this.run((db) => db.count('entries'));
  }

  /**
   * Removes categories from the allowed set and deletes every entry holding any of them, in one
   * transaction. null: every personal category (entries with no category stay).
   */
  async purgeCategories(categories: readonly string[] | null, options: { announce?: boolean } = {}): Promise<number> {
    const purged = await this.run(async (db) => {
      const tx = db.transaction(['entries', 'meta'], 'readwrite');
      const entries = tx.objectStore('entries');
      const meta = tx.objectStore('meta');
      const [policyRecord, setsRecord] = await Promise.all([meta.get(POLICY_ID), meta.get(SETS_ID)]);
      const policy = isPolicy(policyRecord) ? policyRecord : emptyPolicy(this.now());
      const drop = categories == null ? null : new Set(categories);
      const allowed = drop == null ? [] : policy.allowed.filter((c) => !drop.has(c));
      void meta.put({ ...policy, allowed, updatedAt: this.now() });
      const sets = setsOf(setsRecord);
      const hit = sets.filter((set) => set !== '' && (drop == null || categoriesOfSet(set).some((c) => drop.has(c))));
      const counts = await Promise.all(hit.map((set) => entries.count(setRange(set))));
      // One range delete per category set, whatever the number of entries in it.
      for (const set of hit) void entries.delete(setRange(set));
      void meta.put({ id: SETS_ID, sets: sets.filter((set) => !hit.includes(set)) });
      await tx.done;
      return counts.reduce((a, b) => a + b, 0);
    });
    if (options.announce !== false) this.notify(
      categories == null
        ? { type: 'purged', scope: 'all', at: this.now() }
        : { type: 'purged', scope: 'categories', categories: [...categories], at: this.now() },
    );
    return purged;
  }

  /**
   * Sign-out and account deletion: every entry, the policy and the key (so any copy that
   * survives somewhere is unreadable). The outbox stays on sign-out so a queued withdrawal
   * still reaches the server; account deletion clears it and the installation identity too.
   */
  async purgeAll(options: { keepOutbox?: boolean; keepInstallation?: boolean; announce?: boolean } = {}): Promise<void> {
    await this.run(async (db) => {
      const tx = db.transaction(['entries', 'meta', 'keys', 'outbox'], 'readwrite');
      const installation = options.keepInstallation === false ? undefined : await tx.objectStore('meta').get(INSTALLATION_ID);
      void tx.objectStore('entries').clear();
      void tx.objectStore('keys').clear();
      void tx.objectStore('meta').clear();
      if (installation) void tx.objectStore('meta').put(installation);
      if (!options.keepOutbox) void tx.objectStore('outbox').clear();
      await tx.done;
    });
    this.keyCache = null;
    if (options.announce !== false) this.notify({ type: 'purged', scope: 'all', at: this.now() });
  }

  async purgeExpired(): Promise<number> {
    return this.run(async (db) => {
      const tx = db.transaction('entries', 'readwrite');
      const keys = await tx.store.index('by-expiry').getAllKeys(IDBKeyRange.upperBound(this.now()));
      for (const k of keys) void tx.store.delete(k);
      await tx.done;
      return keys.length;
    });
  }

  /**
   * Brings the policy in line with the consent state read from the server, minus any withdrawal
   * still queued here, and purges what is no longer allowed. A state older than the one already
   * applied is ignored (a slow response must not undo a newer withdrawal).
   */
  async applyConsent(input: { allowed: readonly string[]; consentVersion: number | null }): Promise<ApplyConsentResult> {
    const result = await this.run(async (db) => {
      const tx = db.transaction(['entries', 'meta', 'outbox'], 'readwrite');
      const meta = tx.objectStore('meta');
      const [policyRecord, pending] = await Promise.all([meta.get(POLICY_ID), tx.objectStore('outbox').getAll()]);
      const policy = isPolicy(policyRecord) ? policyRecord : emptyPolicy(this.now());
      if (input.consentVersion != null && policy.consentVersion != null && input.consentVersion < policy.consentVersion) {
        await tx.done;
        return { applied: false, removedCategories: [], purged: 0 };
      }
      const allowed = subtractPendingWithdrawals([...new Set(input.allowed)].sort(), pendingWithdrawals(pending));
      const keep = new Set(allowed);
      void meta.put({ ...policy, allowed, consentVersion: input.consentVersion, updatedAt: this.now() });
      // Any entry holding a category outside the allowed set goes, whatever the old policy said.
      const sets = setsOf(await meta.get(SETS_ID));
      const hit = sets.filter((set) => categoriesOfSet(set).some((c) => !keep.has(c)));
      const removed = new Set<string>();
      for (const set of hit) for (const c of categoriesOfSet(set)) if (!keep.has(c)) removed.add(c);
      for (const c of policy.allowed) if (!keep.has(c)) removed.add(c);
      const entries = tx.objectStore('entries');
      const counts = await Promise.all(hit.map((set) => entries.count(setRange(set))));
      for (const set of hit) void entries.delete(setRange(set));
      if (hit.length) void meta.put({ id: SETS_ID, sets: sets.filter((set) => !hit.includes(set)) });
      await tx.done;
      return { applied: true, removedCategories: [...removed].sort(), purged: counts.reduce((a, b) => a + b, 0) };
    });
    if (result.removedCategories.length) {
      this.notify({ type: 'purged', scope: 'categories', categories: result.removedCategories, at: this.now() });
    }
    if (result.applied) {
      const policy = await this.getPolicy();
      this.notify({ type: 'policy', consentVersion: policy.consentVersion, allowed: policy.allowed, at: this.now() });
    }
    return result;
  }

  async setRetentionDays(category: string, days: number): Promise<number> {
    const clamped = clampRetentionDays(category, days);
    await this.run(async (db) => {
      const tx = db.transaction(['entries', 'meta'], 'readwrite');
      const policyRecord = await tx.objectStore('meta').get(POLICY_ID);
      const policy = isPolicy(policyRecord) ? policyRecord : emptyPolicy(this.now());
      void tx.objectStore('meta').put({
        ...policy,
        retentionDays: { ...policy.retentionDays, [category]: clamped },
        updatedAt: this.now(),
      });
      // A shorter period applies to what is already kept.
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

  // ---- outbox: writes that must survive a reload until the network takes them ----

  async enqueue(item: OutboxItem): Promise<number> {
    const id = await this.run((db) => db.add('outbox', item));
    this.notify({ type: 'outbox', pending: await this.outboxSize(), at: this.now() });
    return id;
  }

  async listOutbox(): Promise<QueuedItem[]> {
    return this.run(async (db) => (await db.getAll('outbox')) as QueuedItem[]);
  }

  async outboxSize(): Promise<number> {
    return this.run((db) => db.count('outbox'));
  }

  async dequeue(id: number): Promise<void> {
    await this.run((db) => db.delete('outbox', id));
    this.notify({ type: 'outbox', pending: await this.outboxSize(), at: this.now() });
  }

  async recordAttempt(id: number): Promise<void> {
    await this.run(async (db) => {
      const tx = db.transaction('outbox', 'readwrite');
      const item = await tx.store.get(id);
      if (item) void tx.store.put({ ...item, attempts: item.attempts + 1 });
      await tx.done;
    });
  }

  // ---- this installation ----

  async getInstallation(): Promise<Installation> {
    return this.run(async (db) => {
      const tx = db.transaction('meta', 'readwrite');
      const existing = await tx.store.get(INSTALLATION_ID);
      if (existing && existing.id === INSTALLATION_ID) {
        await tx.done;
        return existing as Installation;
      }
      const created: Installation = {
        id: INSTALLATION_ID,
        deviceIdentifier: crypto.randomUUID(),
        installationNumber: `SB-${randomId(6).toUpperCase()}`,
        installedAt: this.now(),
        reportedAppVersion: null,
        deviceReportedAt: null,
      };
      void tx.store.put(created);
      await tx.done;
      return created;
    });
  }

  async updateInstallation(patch: Partial<Pick<Installation, 'reportedAppVersion' | 'deviceReportedAt'>>): Promise<void> {
    const current = await this.getInstallation();
    await this.run((db) => db.put('meta', { ...current, ...patch }));
  }
}

function pendingWithdrawals(items: readonly OutboxItem[]): WithdrawalInput[] {
  return items.flatMap((i) => (i.kind === 'withdrawConsent' ? [i.input] : []));
}

let shared: OfflineStore | null = null;

/** The store for this context (page or service worker). */
export function offlineStore(): OfflineStore {
  shared ??= new OfflineStore();
  return shared;
}
