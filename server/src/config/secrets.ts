// The process's keys, loaded once at start and reloaded when a rotation adds one (see keyring.ts
// for where they come from and keys.cli.ts for how they rotate).
import { hkdfSync } from 'node:crypto';
import { importJWK, type JWK, type JWSHeaderParameters } from 'jose';
import type { Config } from './config.js';
import type { DataKeys } from './field-crypto.js';
import { keyringSource, readKeyring, readKeyringFileSync, type KeyringFile, type KeyringSource } from './keyring.js';

/** Signs receipts and tokens with the current key; verifies with any key still published. */
export interface SigningKeys {
  /** The key new signatures use, and its key id for the JWS header. */
  signer(): { kid: string; key: CryptoKey };
  /** A jose key resolver: the public key the JWS header's `kid` names (throws for an unknown one). */
  verificationKey(header: JWSHeaderParameters): Promise<CryptoKey>;
  /** Public JWKs of every signing key, current first: /.well-known/jwks.json. */
  publicJwks(): JWK[];
}

export type Secrets = {
  keyring: Keyring;
  /** HMAC-SHA256 key for look-up hashes of phone, ID and card numbers. Never rotated (see README). */
  hashKey: Buffer;
  /**
   * The OAuth authorization server's keys, for the composition root alone: the private signing
   * JWKs (current first; the provider reads them at start), and its secret (pairwise subjects,
   * DPoP nonces, cookie keys) derived from SHEBAO_HASH_KEY. Changing that key changes every
   * partner's pairwise subjects.
   */
  oauth: { signingJwks: JWK[]; secret: Buffer };
};

/** HKDF info label of the OAuth provider's secret: distinct from every other use of the hash key. */
const OAUTH_SECRET_INFO = 'shebao/oauth-provider-secret/v1';
/** A decryption that meets an unknown key id re-reads the file at most this often. */
const RELOAD_ON_MISS_INTERVAL_MS = 1000;

type SigningState = { current: { kid: string; key: CryptoKey }; verifiers: Map<string, CryptoKey>; publicJwks: JWK[]; privateJwks: JWK[] };

export class Keyring implements DataKeys, SigningKeys {
  private lastMissReload = 0;

  private constructor(
    private readonly source: KeyringSource,
    private data: KeyringFile['dataKeys'],
    private signing: SigningState,
    readonly hashKey: Buffer,
  ) {}

  static async load(config: Config): Promise<Keyring> {
    const source = keyringSource(config);
    const file = await readKeyring(source, config);
    return new Keyring(source, file.dataKeys, await signingState(file.signingKeys), Buffer.from(file.hashKey, 'base64'));
  }

  /** Re-reads the keyring (another process rotated a key). The hash key never changes. */
  async reload(config: Config): Promise<void> {
    const file = await readKeyring(this.source, config);
    this.signing = await signingState(file.signingKeys);
    this.data = file.dataKeys;
  }

  currentDataKey(): { kid: string; key: Buffer } {
    return { kid: this.data.current, key: Buffer.from(this.data.keys[this.data.current]!, 'base64') };
  }

  dataKey(kid: string): Buffer | undefined {
    if (!(kid in this.data.keys) && this.source.kind === 'file' && Date.now() - this.lastMissReload > RELOAD_ON_MISS_INTERVAL_MS) {
      // A rotation writes the new key to the file before any ciphertext under it exists.
      this.lastMissReload = Date.now();
      try {
        this.data = readKeyringFileSync(this.source.path).dataKeys;
      } catch {
        // Unreadable right now: the caller reports the unknown key; the next miss tries again.
      }
    }
    const key = this.data.keys[kid];
    return key === undefined ? undefined : Buffer.from(key, 'base64');
  }

  /** Key ids of every data key this process holds, current first. */
  dataKids(): string[] {
    return [this.data.current, ...Object.keys(this.data.keys).filter((k) => k !== this.data.current)];
  }

  signer(): { kid: string; key: CryptoKey } {
    return this.signing.current;
  }

  async verificationKey(header: JWSHeaderParameters): Promise<CryptoKey> {
    const key = header.kid ? this.signing.verifiers.get(header.kid) : undefined;
    if (!key) throw new Error('No signing key with this key id');
    return key;
  }

  publicJwks(): JWK[] {
    return this.signing.publicJwks;
  }

  /** Private JWKs of the keys that may still sign (not retired), current first. */
  privateJwks(): JWK[] {
    return this.signing.privateJwks;
  }
}

async function signingState(keys: KeyringFile['signingKeys']): Promise<SigningState> {
  const ordered = [...keys.keys].sort((a, b) => Number(b.kid === keys.current) - Number(a.kid === keys.current));
  const verifiers = new Map<string, CryptoKey>();
  const publicJwks: JWK[] = [];
  const privateJwks: JWK[] = [];
  for (const jwk of ordered) {
    const { d, ...publicPart } = jwk as JWK;
    const published = { ...publicPart, alg: 'ES256', use: 'sig' };
    verifiers.set(jwk.kid, (await importJWK(published, 'ES256')) as CryptoKey);
    publicJwks.push(published);
    if (d) privateJwks.push({ ...published, d });
  }
  const currentJwk = privateJwks[0]!;
  return { current: { kid: keys.current, key: (await importJWK(currentJwk, 'ES256')) as CryptoKey }, verifiers, publicJwks, privateJwks };
}

export async function loadSecrets(config: Config): Promise<Secrets> {
  const keyring = await Keyring.load(config);
  const oauthSecret = Buffer.from(hkdfSync('sha256', keyring.hashKey, Buffer.alloc(0), OAUTH_SECRET_INFO, 32));
  return { keyring, hashKey: keyring.hashKey, oauth: { signingJwks: keyring.privateJwks(), secret: oauthSecret } };
}
