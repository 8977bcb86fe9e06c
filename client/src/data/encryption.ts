// Entries are encrypted with AES-GCM under one key per device, generated non-extractable and
// kept only as a CryptoKey object in IndexedDB; purge-all erases it, so surviving copies are noise.
import type { Connection } from './connection';
import { randomHex } from './ids';
import { KEY_RECORD_ID, type CachedPayload, type EntryMeta, type KeyRecord } from './schema';

export interface CacheKey {
  readonly keyId: string;
  readonly key: CryptoKey;
}

/** The current key, created on first use; `reload` reads past the cached copy (another context may have erased it). */
export async function encryptionKey(conn: Connection, reload = false): Promise<CacheKey> {
  if (conn.keyCache && !reload) return conn.keyCache;
  return conn.run(async (db) => {
    const existing = await db.get('keys', KEY_RECORD_ID);
    if (existing) {
      conn.keyCache = { keyId: existing.keyId, key: existing.key };
      return conn.keyCache;
    }
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const record: KeyRecord = { id: KEY_RECORD_ID, keyId: randomHex(), key, createdAt: conn.now() };
    try {
      await db.add('keys', record);
      conn.keyCache = { keyId: record.keyId, key };
    } catch {
      // Another context created one first; use theirs.
      const winner = await db.get('keys', KEY_RECORD_ID);
      if (!winner) throw new Error('OFFLINE_KEY_UNAVAILABLE');
      conn.keyCache = { keyId: winner.keyId, key: winner.key };
    }
    return conn.keyCache;
  });
}

type BoundMeta = Pick<EntryMeta, 'key' | 'categories' | 'consentVersion' | 'cachedAt'>;

/** Binds the ciphertext to its metadata: a tampered category list fails to decrypt. */
function associatedData(m: BoundMeta): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify([m.key, [...m.categories].sort(), m.consentVersion, m.cachedAt]));
}

export async function encryptPayload(key: CryptoKey, meta: BoundMeta, payload: CachedPayload): Promise<{ iv: Uint8Array<ArrayBuffer>; ciphertext: ArrayBuffer }> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: associatedData(meta) }, key, new TextEncoder().encode(JSON.stringify(payload)));
  return { iv, ciphertext };
}

export async function decryptPayload(key: CryptoKey, record: BoundMeta & { iv: Uint8Array<ArrayBuffer>; ciphertext: ArrayBuffer }): Promise<CachedPayload> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: record.iv, additionalData: associatedData(record) }, key, record.ciphertext);
  return JSON.parse(new TextDecoder().decode(plain)) as CachedPayload;
}
