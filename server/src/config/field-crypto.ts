// Sensitive values at rest: AES-256-GCM ciphertext that names its key, plus a keyed hash for look-ups.
//
// The API every module uses (accounts, insurance, operators' TOTP secrets, …):
//   encrypt(plaintext)  -> `v2.<kid>.<iv>.<tag>.<ciphertext>` under the current data key
//   decrypt(stored)     -> plaintext, under whichever key the ciphertext names
//   keyIdOf(stored)     -> the key id a ciphertext names (`v1` for those written before key ids)
//   lookupHash(value)   -> HMAC-SHA256 under the hash key, which never rotates
// A new encrypted column is also listed in db/encrypted-columns.ts, so `pnpm keys:rotate` re-encrypts it.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** The data keys: the current one (for new ciphertexts) and every one still readable. */
export interface DataKeys {
  currentDataKey(): { kid: string; key: Buffer };
  dataKey(kid: string): Buffer | undefined;
}

/** Written before key ids: `v1.<iv>.<tag>.<ciphertext>`, read as the key with this id. */
const LEGACY_VERSION = 'v1';
const VERSION = 'v2';

/** One fixed key (unit tests, tools): its key id is `v1`, the id of unversioned ciphertexts. */
function singleKey(key: Buffer): DataKeys {
  return { currentDataKey: () => ({ kid: LEGACY_VERSION, key }), dataKey: (kid) => (kid === LEGACY_VERSION ? key : undefined) };
}

export class FieldCrypto {
  private readonly keys: DataKeys;

  constructor(
    keys: DataKeys | Buffer,
    private readonly hashKey: Buffer,
  ) {
    this.keys = Buffer.isBuffer(keys) ? singleKey(keys) : keys;
  }

  encrypt(plaintext: string): string {
    const { kid, key } = this.keys.currentDataKey();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    // The key id is authenticated too: a ciphertext cannot be relabelled to another key.
    cipher.setAAD(Buffer.from(kid));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, kid, ...[iv, cipher.getAuthTag(), body].map((p) => p.toString('base64url'))].join('.');
  }

  decrypt(stored: string): string {
    const { kid, iv, tag, body, aad } = parse(stored);
    const key = this.keys.dataKey(kid);
    if (!key) throw new Error('Ciphertext under an unknown data key');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    if (aad) decipher.setAAD(Buffer.from(kid));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** The key id the ciphertext names, without decrypting it. */
  keyIdOf(stored: string): string {
    return parse(stored).kid;
  }

  /** Deterministic keyed hash: equal inputs give equal hashes, unknown without the key. */
  lookupHash(value: string): string {
    return createHmac('sha256', this.hashKey).update(value).digest('base64url');
  }
}

function parse(stored: string): { kid: string; iv: string; tag: string; body: string; aad: boolean } {
  const parts = stored.split('.');
  if (parts[0] === LEGACY_VERSION && parts.length === 4) return { kid: LEGACY_VERSION, iv: parts[1]!, tag: parts[2]!, body: parts[3]!, aad: false };
  if (parts[0] === VERSION && parts.length === 5 && parts[1]) return { kid: parts[1], iv: parts[2]!, tag: parts[3]!, body: parts[4]!, aad: true };
  throw new Error('Unrecognised ciphertext format');
}
