// The offline database: its stores, the shape of every record, and the upgrade between versions.
import type { DBSchema, IDBPDatabase } from 'idb';
import type { GraphQLResponseBody } from '../sw-bridge/protocol';
import type { WithdrawalLike } from './cache-rules';

export const OFFLINE_DB_NAME = 'shebao-offline';
export const DB_VERSION = 2;
export const DAY_MS = 24 * 60 * 60 * 1000;

export const KEY_RECORD_ID = 'cache-key';
export const POLICY_ID = 'policy';
export const INSTALLATION_ID = 'installation';
export const SETS_ID = 'category-sets';
/** A new value at every purge of everything (sign-out): what was asked before it may not land after. */
export const EPOCH_ID = 'epoch';

/** A GraphQL response as stored: never a mutation's. */
export type CachedPayload = GraphQLResponseBody;

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

export interface EntryRecord extends EntryMeta {
  /** The sorted category list as one string: entries are keyed [set, key], so every entry of a
   * category set is one key range and a purge is one delete per set, not one per entry. */
  readonly set: string;
  readonly keyId: string;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly ciphertext: ArrayBuffer;
}

export interface KeyRecord {
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

export interface CategorySets {
  readonly id: typeof SETS_ID;
  readonly sets: readonly string[];
}

export interface StoreEpoch {
  readonly id: typeof EPOCH_ID;
  readonly value: string;
}

/**
 * The store's epoch as a writer saw it before asking the server (null: none yet). A write that
 * carries one lands only if no sign-out purged the store meanwhile; undefined: not checked.
 */
export type Epoch = string | null;

export type MetaRecord = CachePolicy | Installation | CategorySets | StoreEpoch;
export type EntryKey = [string, string];

export interface OfflineSchema extends DBSchema {
  keys: { key: string; value: KeyRecord };
  entries: { key: EntryKey; value: EntryRecord; indexes: { 'by-key': string; 'by-category': string; 'by-expiry': number } };
  meta: { key: string; value: MetaRecord };
  outbox: { key: number; value: OutboxItem };
}

export type OfflineDb = IDBPDatabase<OfflineSchema>;

export function upgrade(db: OfflineDb, oldVersion: number): void {
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
}

/** Entry metadata without what only this module may read. */
export function metaOf({ keyId: _k, iv: _iv, ciphertext: _c, set: _s, ...meta }: EntryRecord): EntryMeta {
  return meta;
}
