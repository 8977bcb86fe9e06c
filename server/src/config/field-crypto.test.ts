import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FieldCrypto, type DataKeys } from './field-crypto.js';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const ring = (current: 'a' | 'b', known: Record<string, Buffer> = { a: keyA, b: keyB }): DataKeys => ({
  currentDataKey: () => ({ kid: current, key: known[current]! }),
  dataKey: (kid) => known[kid],
});

/** A ciphertext as the first version wrote it: no key id. */
function legacyCiphertext(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

describe('FieldCrypto', () => {
  it('names the current key in each ciphertext and reads under whichever key a ciphertext names', () => {
    const before = new FieldCrypto(ring('a'), keyA);
    const after = new FieldCrypto(ring('b'), keyA);
    const old = before.encrypt('+8613800138000');
    expect(old.startsWith('v2.a.')).toBe(true);
    expect(after.keyIdOf(old)).toBe('a');
    expect(after.decrypt(old)).toBe('+8613800138000');
    expect(after.keyIdOf(after.encrypt('x'))).toBe('b');
  });

  it('reads ciphertexts written before key ids as the key with id v1', () => {
    const legacy = legacyCiphertext(keyA, '110101199003071234');
    expect(new FieldCrypto(keyA, keyB).decrypt(legacy)).toBe('110101199003071234');
    expect(new FieldCrypto(ring('b', { v1: keyA, b: keyB }), keyB).decrypt(legacy)).toBe('110101199003071234');
    expect(new FieldCrypto(ring('b', { v1: keyA, b: keyB }), keyB).keyIdOf(legacy)).toBe('v1');
  });

  it('refuses a ciphertext relabelled to another key id, an unknown key id, and a malformed value', () => {
    const crypto = new FieldCrypto(ring('a', { a: keyA, b: keyA }), keyA);
    const relabelled = crypto.encrypt('secret').replace(/^v2\.a\./, 'v2.b.');
    expect(() => crypto.decrypt(relabelled)).toThrow(); // same key bytes, but the key id is authenticated
    expect(() => new FieldCrypto(ring('a', { a: keyA }), keyA).decrypt(new FieldCrypto(ring('b'), keyA).encrypt('x'))).toThrow(/unknown data key/);
    expect(() => crypto.decrypt('v2.a.only-three')).toThrow(/format/);
  });

  it('keeps look-up hashes independent of the data key', () => {
    expect(new FieldCrypto(ring('a'), keyA).lookupHash('SH1234567')).toBe(new FieldCrypto(ring('b'), keyA).lookupHash('SH1234567'));
  });
});
