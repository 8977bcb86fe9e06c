// The keyring: every data key and signing key the process knows, which of each is current, and the
// one stable hash key. Loaded from a keyring file (development: the data folder's secrets.json;
// production: SHEBAO_KEYRING_FILE) or from the environment; `pnpm keys:rotate` adds keys to the file.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { z } from 'zod';
import { writeFileAtomic } from '../lib/atomic-file.js';
import { ConfigError, type Config } from './config.js';

/** The key id of ciphertexts written before key ids existed (`v1.<iv>.<tag>.<body>`). */
export const LEGACY_DATA_KID = 'v1';

/** A key id goes into every ciphertext between dots: letters, digits, `_` and `-` only. */
const kid = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'key ids are 1–40 letters, digits, _ or -');
const base64Key = z.string().refine((value) => Buffer.from(value, 'base64').length === 32, 'must be base64 of exactly 32 bytes');
const ecJwk = z.looseObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string(), d: z.string().optional(), kid });

const dataKeysSchema = z.object({ current: kid, keys: z.record(kid, base64Key) }).strict();
const signingKeysSchema = z.object({ current: kid, keys: z.array(ecJwk).min(1) }).strict();

/** The keyring file (format 2). Retired signing keys stay as public keys: old receipts still verify. */
const keyringFileSchema = z
  .object({ format: z.literal(2), dataKeys: dataKeysSchema, hashKey: base64Key, signingKeys: signingKeysSchema })
  .strict()
  .superRefine((file, ctx) => {
    if (!(file.dataKeys.current in file.dataKeys.keys)) ctx.addIssue({ code: 'custom', path: ['dataKeys', 'current'], message: 'names no key in dataKeys.keys' });
    const current = file.signingKeys.keys.find((jwk) => jwk.kid === file.signingKeys.current);
    if (!current?.d) ctx.addIssue({ code: 'custom', path: ['signingKeys', 'current'], message: 'must name a private key in signingKeys.keys' });
  });

/** The first development secrets.json (one key of each kind), still read as it is. */
const legacyFileSchema = z.object({ dataKey: base64Key, hashKey: base64Key, signingJwk: ecJwk.extend({ kid: kid.optional() }) });

export type KeyringFile = z.output<typeof keyringFileSchema>;
export type KeyringSource = { kind: 'file'; path: string } | { kind: 'env' };

/** Where this configuration's keys come from. */
export function keyringSource(config: Config): KeyringSource {
  if (config.secrets.keyringFile) return { kind: 'file', path: config.secrets.keyringFile };
  if (config.production) return { kind: 'env' };
  return { kind: 'file', path: path.join(config.dataDir, 'secrets.json') };
}

const DAMAGED_KEYRING_ADVICE =
  'It holds the keys of the encrypted data: restore it from a backup, or, if the data folder holds nothing worth keeping, delete the folder to start afresh.';

/** Parses a keyring file's text (either format); the error names the field, never a value. */
export function parseKeyringFile(text: string, where: string): KeyringFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Versions before atomic writes could leave the file empty when killed during their very first start.
    throw new ConfigError(`${where} ${text.trim() === '' ? 'is empty' : 'is damaged (not JSON)'}. ${DAMAGED_KEYRING_ADVICE}`);
  }
  const legacy = legacyFileSchema.safeParse(json);
  if (legacy.success) {
    const { dataKey, hashKey, signingJwk } = legacy.data;
    const signingKid = signingJwk.kid ?? 'shebao-1';
    return { format: 2, dataKeys: { current: LEGACY_DATA_KID, keys: { [LEGACY_DATA_KID]: dataKey } }, hashKey, signingKeys: { current: signingKid, keys: [{ ...signingJwk, kid: signingKid }] } };
  }
  const parsed = keyringFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(`${where} is damaged (${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'} ${i.message}`).join('; ')}). ${DAMAGED_KEYRING_ADVICE}`);
  }
  return parsed.data;
}

/**
 * Production without a keyring file: SHEBAO_DATA_KEY (the key of unversioned ciphertexts, kid
 * `v1`) and/or SHEBAO_DATA_KEYS (`{"current":kid,"keys":{kid:base64}}`), SHEBAO_HASH_KEY, and
 * SHEBAO_SIGNING_JWK (one private JWK) or SHEBAO_SIGNING_JWKS (`{"current":kid,"keys":[jwk…]}`).
 */
export function keyringFromEnv(secrets: Partial<Config['secrets']>): KeyringFile {
  const json = (name: string, text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      throw new ConfigError(`${name}: must be JSON`);
    }
  };
  const data = secrets.dataKeys ? dataKeysSchema.safeParse(json('SHEBAO_DATA_KEYS', secrets.dataKeys)) : null;
  if (data && !data.success) throw new ConfigError(`SHEBAO_DATA_KEYS: ${data.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const dataKeys = data?.data ?? { current: LEGACY_DATA_KID, keys: {} };
  if (secrets.dataKey) dataKeys.keys = { [LEGACY_DATA_KID]: secrets.dataKey, ...dataKeys.keys };

  let signingKeys: unknown;
  if (secrets.signingJwks) signingKeys = json('SHEBAO_SIGNING_JWKS', secrets.signingJwks);
  else {
    const jwk = json('SHEBAO_SIGNING_JWK', secrets.signingJwk ?? '') as JWK;
    const signingKid = jwk.kid ?? 'shebao-1';
    signingKeys = { current: signingKid, keys: [{ ...jwk, kid: signingKid }] };
  }
  return parseKeyringFile(JSON.stringify({ format: 2, dataKeys, hashKey: secrets.hashKey ?? '', signingKeys }), 'SHEBAO_DATA_KEY(S)/SHEBAO_HASH_KEY/SHEBAO_SIGNING_JWK(S)');
}

/** The keyring's content now. Development: generated into the data folder on first start. */
export async function readKeyring(source: KeyringSource, config: Config): Promise<KeyringFile> {
  if (source.kind === 'env') return keyringFromEnv(config.secrets);
  try {
    return parseKeyringFile(await readFile(source.path, 'utf8'), source.path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (config.production) throw new ConfigError(`SHEBAO_KEYRING_FILE: no file at ${source.path}`);
  }
  await writeKeyringFile(source.path, await generateKeyring(), { exclusive: true });
  return parseKeyringFile(await readFile(source.path, 'utf8'), source.path);
}

/** Synchronous re-read for a decryption that meets a key id it does not know (a rotation began). */
export function readKeyringFileSync(file: string): KeyringFile {
  return parseKeyringFile(readFileSync(file, 'utf8'), file);
}

/** Writes the keyring whole or not at all (lib/atomic-file); `exclusive` keeps a file another process created first. */
export async function writeKeyringFile(file: string, content: KeyringFile, options: { exclusive?: boolean } = {}): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, exclusive: options.exclusive }).catch((error: NodeJS.ErrnoException) => {
    if (!(options.exclusive && error.code === 'EEXIST')) throw error;
  });
}

/** A new random key id with a prefix (`d` data, `s` signing). */
export function newKid(prefix: 'd' | 's'): string {
  return `${prefix}${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
}

export function newDataKey(): string {
  return randomBytes(32).toString('base64');
}

export async function newSigningJwk(): Promise<JWK & { kid: string }> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: newKid('s') };
}

async function generateKeyring(): Promise<KeyringFile> {
  const dataKid = newKid('d');
  const signing = await newSigningJwk();
  return {
    format: 2,
    dataKeys: { current: dataKid, keys: { [dataKid]: newDataKey() } },
    hashKey: newDataKey(),
    signingKeys: { current: signing.kid, keys: [signing as KeyringFile['signingKeys']['keys'][number]] },
  };
}
