// Development secrets are generated once and kept in the data folder; production passes them in.
import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Config } from './config.js';
import { writeFileAtomic } from '../lib/atomic-file.js';
import { ConfigError } from './config.js';

export type Secrets = {
  /** AES-256-GCM key for sensitive values at rest. */
  dataKey: Buffer;
  /** HMAC-SHA256 key for look-up hashes of phone, ID and card numbers. */
  hashKey: Buffer;
  signingKey: CryptoKey;
  verifyKey: CryptoKey;
  /** Public JWK published at /.well-known/jwks.json. */
  publicJwk: JWK & { kid: string };
  /**
   * The OAuth authorization server's keys, for the composition root alone: it signs with the same
   * private JWK, and its secret (pairwise subjects, DPoP nonces, cookie keys) is derived from
   * SHEBAO_HASH_KEY. Changing that key changes every partner's pairwise subjects.
   */
  oauth: { signingJwk: JWK & { kid: string }; secret: Buffer };
};

/** HKDF info label of the OAuth provider's secret: distinct from every other use of the hash key. */
const OAUTH_SECRET_INFO = 'shebao/oauth-provider-secret/v1';

type StoredSecrets = { dataKey: string; hashKey: string; signingJwk: JWK };

export async function loadSecrets(config: Config): Promise<Secrets> {
  const stored = config.production ? fromConfig(config) : await fromDataFolder(config);
  const dataKey = decodeKey('SHEBAO_DATA_KEY', stored.dataKey);
  const hashKey = decodeKey('SHEBAO_HASH_KEY', stored.hashKey);
  const jwk = stored.signingJwk;
  if (!jwk.d || jwk.kty !== 'EC') throw new ConfigError('SHEBAO_SIGNING_JWK: must be a private EC P-256 JWK');
  const signingKey = (await importJWK({ ...jwk, alg: 'ES256' }, 'ES256')) as CryptoKey;
  const { d: _private, ...publicPart } = jwk;
  const kid = jwk.kid ?? 'shebao-1';
  const verifyKey = (await importJWK({ ...publicPart, alg: 'ES256' }, 'ES256')) as CryptoKey;
  const oauthSecret = Buffer.from(hkdfSync('sha256', hashKey, Buffer.alloc(0), OAUTH_SECRET_INFO, 32));
  return {
    dataKey,
    hashKey,
    signingKey,
    verifyKey,
    publicJwk: { ...publicPart, kid, alg: 'ES256', use: 'sig' },
    oauth: { signingJwk: { ...jwk, kid, alg: 'ES256', use: 'sig' }, secret: oauthSecret },
  };
}

function fromConfig(config: Config): StoredSecrets {
  const { dataKey, hashKey, signingJwk } = config.secrets;
  let jwk: JWK;
  try {
    jwk = JSON.parse(signingJwk ?? '') as JWK;
  } catch {
    throw new ConfigError('SHEBAO_SIGNING_JWK: must be JSON');
  }
  return { dataKey: dataKey ?? '', hashKey: hashKey ?? '', signingJwk: jwk };
}

async function fromDataFolder(config: Config): Promise<StoredSecrets> {
  const file = path.join(config.dataDir, 'secrets.json');
  const existing = await readStoredSecrets(file);
  if (existing) return existing;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const signingJwk = { ...(await exportJWK(privateKey)), kid: `dev-${randomBytes(4).toString('hex')}` };
  const generated: StoredSecrets = {
    dataKey: randomBytes(32).toString('base64'),
    hashKey: randomBytes(32).toString('base64'),
    signingJwk,
  };
  await mkdir(config.dataDir, { recursive: true });
  // Whole or not at all: a kill mid-write used to leave an empty file that stopped every later start.
  await writeFileAtomic(file, JSON.stringify(generated, null, 2), { mode: 0o600, exclusive: true }).catch((error: unknown) => {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
  return (await readStoredSecrets(file))!;
}

/** The stored development secrets, null when there are none yet; a damaged file is refused by name. */
async function readStoredSecrets(file: string): Promise<StoredSecrets | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let stored: Partial<StoredSecrets> | null = null;
  try {
    stored = JSON.parse(text) as Partial<StoredSecrets>;
  } catch {
    // reported below
  }
  if (!stored || typeof stored.dataKey !== 'string' || typeof stored.hashKey !== 'string' || typeof stored.signingJwk !== 'object') {
    throw new ConfigError(
      `${file} is ${text.trim() === '' ? 'empty' : 'damaged (not the JSON of dataKey, hashKey and signingJwk)'}. ` +
        'Versions before the atomic write could leave it so when killed during their very first start. ' +
        'It holds the keys of the encrypted data in this data folder: restore it from a backup, or, if the folder holds nothing worth keeping, delete the folder to start afresh.',
    );
  }
  return stored as StoredSecrets;
}

function decodeKey(name: string, base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new ConfigError(`${name}: must be base64 of exactly 32 bytes`);
  return key;
}
