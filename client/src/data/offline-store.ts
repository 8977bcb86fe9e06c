// The offline store: the one way page code and the service worker reach IndexedDB. What it
// holds: encrypted GraphQL read answers (never in Cache Storage), the cache policy, the durable
// outbox, and this installation's random identity. One concern per file; this is their face.
import { Connection, type ConnectionOptions } from './connection';
import { countEntries, getEntry, listEntries, putEntry, type PutInput, type PutResult, type ReadResult } from './entries';
import { getInstallation, updateInstallation } from './installation';
import { dequeue, enqueue, listOutbox, outboxSize, recordAttempt } from './outbox';
import { readEpoch } from './epoch';
import { applyConsent, getPolicy, setRetentionDays, type ApplyConsentResult, type ConsentInput } from './policy';
import { purgeAll, purgeCategories, purgeExpired, type PurgeAllOptions } from './purge';
import type { CachePolicy, EntryMeta, Epoch, Installation, OutboxItem, QueuedItem } from './schema';

export type { ApplyConsentResult } from './policy';
export type { PutInput, PutResult, ReadResult } from './entries';
export type { CachedPayload, CachePolicy, EntryMeta, Epoch, Installation, OutboxItem, QueuedItem, WithdrawalInput } from './schema';

export class OfflineStore {
  private readonly conn: Connection;

  constructor(options: ConnectionOptions = {}) {
    this.conn = new Connection(options);
  }

  close(): void {
    this.conn.close();
  }

  // ---- cached answers ----
  put(input: PutInput): Promise<PutResult> {
    return putEntry(this.conn, input);
  }
  get(documentId: string, variables?: unknown): Promise<ReadResult | null> {
    return getEntry(this.conn, documentId, variables);
  }
  listEntries(): Promise<EntryMeta[]> {
    return listEntries(this.conn);
  }
  countEntries(): Promise<number> {
    return countEntries(this.conn);
  }

  // ---- policy and retention ----
  getPolicy(): Promise<CachePolicy> {
    return getPolicy(this.conn);
  }
  applyConsent(input: ConsentInput): Promise<ApplyConsentResult> {
    return applyConsent(this.conn, input);
  }
  /** Read before asking the server; handed to `put` or `applyConsent` with the answer (data/epoch.ts). */
  epoch(): Promise<Epoch> {
    return readEpoch(this.conn);
  }
  setRetentionDays(category: string, days: number): Promise<number> {
    return setRetentionDays(this.conn, category, days);
  }

  // ---- purges ----
  purgeCategories(categories: readonly string[] | null, options: { announce?: boolean } = {}): Promise<number> {
    return purgeCategories(this.conn, categories, options);
  }
  purgeAll(options: PurgeAllOptions = {}): Promise<void> {
    return purgeAll(this.conn, options);
  }
  purgeExpired(): Promise<number> {
    return purgeExpired(this.conn);
  }

  // ---- outbox ----
  enqueue(item: OutboxItem): Promise<number> {
    return enqueue(this.conn, item);
  }
  listOutbox(): Promise<QueuedItem[]> {
    return listOutbox(this.conn);
  }
  outboxSize(): Promise<number> {
    return outboxSize(this.conn);
  }
  dequeue(id: number): Promise<void> {
    return dequeue(this.conn, id);
  }
  recordAttempt(id: number): Promise<void> {
    return recordAttempt(this.conn, id);
  }

  // ---- this installation ----
  getInstallation(): Promise<Installation> {
    return getInstallation(this.conn);
  }
  updateInstallation(patch: Partial<Pick<Installation, 'reportedAppVersion' | 'deviceReportedAt'>>): Promise<void> {
    return updateInstallation(this.conn, patch);
  }
}

let shared: OfflineStore | null = null;

/** The store for this context (page or service worker). */
export function offlineStore(): OfflineStore {
  shared ??= new OfflineStore();
  return shared;
}
