import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { LEGACY_DATA_KID, keyringFromEnv, parseKeyringFile, readKeyring, writeKeyringFile } from './keyring.js';

const key = () => Buffer.alloc(32, 5).toString('base64');
let jwk: Record<string, unknown>;
let dir: string;

beforeAll(async () => {
  jwk = { ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)), kid: 'sig-1' };
  dir = await mkdtemp(path.join(tmpdir(), 'shebao-keyring-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the keyring file', () => {
  it('reads the first development format as key id v1 for the data key', () => {
    const file = parseKeyringFile(JSON.stringify({ dataKey: key(), hashKey: key(), signingJwk: jwk }), 'secrets.json');
    expect(file.dataKeys).toEqual({ current: LEGACY_DATA_KID, keys: { v1: key() } });
    expect(file.signingKeys.current).toBe('sig-1');
  });

  it('refuses a current key that is not in the ring, and names the field but never a value', () => {
    const bad = { format: 2, dataKeys: { current: 'd2', keys: { d1: key() } }, hashKey: key(), signingKeys: { current: 'sig-1', keys: [jwk] } };
    expect(() => parseKeyringFile(JSON.stringify(bad), 'k.json')).toThrow(/dataKeys\.current/);
    try {
      parseKeyringFile(JSON.stringify({ ...bad, hashKey: 'c2hvcnQ=' }), 'k.json');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toContain('c2hvcnQ=');
    }
  });

  it('is generated once in development, atomically and private, and read back the same', async () => {
    const config = loadConfig({ NODE_ENV: 'test', SHEBAO_DATA_DIR: dir });
    const source = { kind: 'file' as const, path: path.join(dir, 'secrets.json') };
    const [first, second] = await Promise.all([readKeyring(source, config), readKeyring(source, config)]);
    expect(second).toEqual(first);
    expect((await stat(source.path)).mode & 0o777).toBe(0o600);
    await writeKeyringFile(source.path, { ...first, dataKeys: { ...first.dataKeys } });
    expect(parseKeyringFile(await readFile(source.path, 'utf8'), 'x')).toEqual(first);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('keys from the environment', () => {
  it('combines SHEBAO_DATA_KEY (v1) with SHEBAO_DATA_KEYS, and takes one signing JWK or a ring', () => {
    const file = keyringFromEnv({ dataKey: key(), dataKeys: JSON.stringify({ current: 'd2', keys: { d2: key() } }), hashKey: key(), signingJwk: JSON.stringify(jwk) });
    expect(file.dataKeys).toEqual({ current: 'd2', keys: { v1: key(), d2: key() } });
    const ring = keyringFromEnv({ dataKey: key(), hashKey: key(), signingJwks: JSON.stringify({ current: 'sig-1', keys: [jwk] }) });
    expect(ring.signingKeys.keys.map((k) => k.kid)).toEqual(['sig-1']);
    expect(() => keyringFromEnv({ dataKey: key(), hashKey: key(), signingJwk: 'not json' })).toThrow(/SHEBAO_SIGNING_JWK: must be JSON/);
  });

  it('production accepts a keyring file instead of the key variables', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SHEBAO_KEYRING_FILE: '/run/secrets/shebao-keyring.json' })).not.toThrow();
  });
});
