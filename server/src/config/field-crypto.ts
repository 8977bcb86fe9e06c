// Sensitive values at rest: AES-256-GCM ciphertext plus a keyed hash for look-ups.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export class FieldCrypto {
  constructor(
    private readonly dataKey: Buffer,
    private readonly hashKey: Buffer,
  ) {}

  /** `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.dataKey, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  decrypt(stored: string): string {
    const [version, iv, tag, body] = stored.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('Unrecognised ciphertext format');
    const decipher = createDecipheriv('aes-256-gcm', this.dataKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed hash: equal inputs give equal hashes, unknown without the key. */
  lookupHash(value: string): string {
    return createHmac('sha256', this.hashKey).update(value).digest('base64url');
  }
}
