// Key rotation end to end: `keys:rotate` re-encrypts every encrypted column while the server reads
// and writes, survives being stopped half-way, and leaves no plaintext; `keys:retire` refuses a key
// still in use; `keys:rotate --signing` publishes old and new signing keys, new receipts use the
// new one, old receipts and partner tokens still work. One server over a private database and a
// private copy of the test keyring (the seeded database is encrypted under it).
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { loadConfig, type Config } from '../src/config/config.js';
import { parseKeyringFile } from '../src/config/keyring.js';
import { rowsOf, type DatabaseHandle } from '../src/db/database.js';
import { ENCRYPTED_COLUMNS, valueOf } from '../src/db/encrypted-columns.js';
import { ciphertextsByKid, type RotationOptions } from '../src/db/key-rotation.js';
import { KeysCliError, runKeys } from '../src/db/keys.cli.js';
import { consentEvents } from '../src/db/schema.js';
import { DEMO_PHONE } from '../src/seed/demo.js';
import { partnerTokens } from './support/partner-flow.js';
import { cloneTestDatabase, registerWithCard, startTestApp, type TestApp } from './support/test-app.js';

const PEOPLE = [
  { phone: '13577710001', card: 'SH7771001' },
  { phone: '13577710002', card: 'SH7771002' },
  { phone: '13577710003', card: 'SH7771003' },
];
const LATE = { phone: '13577710009', card: 'SH7771009' };
const ME = '{ me { phone documents { idNumber cardNumber } } }';
const GRANT = 'mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id jws } }';

let dir: string;
let config: Config;
let database: DatabaseHandle;
let drop: () => Promise<void>;
let t: TestApp;
let demo: string;
const lines: string[] = [];
const keys = (argv: string[], onBatch?: RotationOptions['onBatch']) => runKeys(argv, { config, database, log: (l) => lines.push(l), onBatch });
const keyringFile = async () => parseKeyringFile(await readFile(path.join(dir, 'secrets.json'), 'utf8'), 'test');

/** Every ciphertext in every encrypted column, decrypted with the server's keyring. */
async function decryptedValues(): Promise<string[]> {
  const values: string[] = [];
  for (const c of ENCRYPTED_COLUMNS) {
    const rows = rowsOf<{ v: string }>(await database.db.execute(sql`select ${valueOf(c)} as v from ${sql.identifier(c.table)} where ${valueOf(c)} is not null`));
    for (const row of rows) values.push(t.app.crypto.decrypt(row.v));
  }
  return values.sort();
}

async function start(port = '0'): Promise<TestApp> {
  return startTestApp({ database, env: { SHEBAO_DATA_DIR: dir, PORT: port } });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shebao-keys-'));
  await copyFile(path.join(inject('testDatabase').dataDir, 'secrets.json'), path.join(dir, 'secrets.json'));
  config = loadConfig({ NODE_ENV: 'test', SHEBAO_DATA_DIR: dir, SHEBAO_LOG_LEVEL: 'silent', PORT: '0' });
  ({ database, drop } = await cloneTestDatabase());
  t = await start();
  for (const person of PEOPLE) await registerWithCard(t, person.phone, person.card);
  demo = await t.signInDemo();
});

afterAll(async () => {
  await t?.close();
  await drop?.();
  await rm(dir, { recursive: true, force: true });
});

describe('data key rotation', () => {
  let before: string[];
  let oldKid: string;
  let newKid: string;

  it('survives being stopped half-way, with reads and writes in between, and resumes', async () => {
    before = await decryptedValues();
    oldKid = (await keyringFile()).dataKeys.current;
    expect([...(await ciphertextsByKid(database.db)).keys()]).toEqual([oldKid]);
    const demoBefore = (await t.gql(ME, {}, { token: demo })).data.me;
    expect(demoBefore.documents.cardNumber).toBe('DEMO00001');

    let batches = 0;
    const stop = new Error('stopped half-way');
    await expect(
      keys(['rotate', '--batch-size', '2'], async () => {
        batches += 1;
        // Between batches the server answers from a table that is part old key, part new.
        expect((await t.gql(ME, {}, { token: demo })).data.me).toEqual(demoBefore);
        if (batches === 2) await registerWithCard(t, LATE.phone, LATE.card); // a write mid-rotation
        if (batches === 4) throw stop;
      }),
    ).rejects.toBe(stop);
    newKid = (await keyringFile()).dataKeys.current;
    expect(newKid).not.toBe(oldKid);
    const mixed = await ciphertextsByKid(database.db);
    expect(mixed.get(oldKid)).toBeGreaterThan(0);
    expect(mixed.get(newKid)).toBeGreaterThan(0);

    // Retiring the old key is refused while anything uses it.
    await expect(keys(['retire', oldKid])).rejects.toThrow(KeysCliError);
    await expect(keys(['retire', newKid])).rejects.toThrow(/current/);

    lines.length = 0;
    await keys(['rotate', '--batch-size', '3']);
    expect(lines[0]).toBe(`resuming the rotation to data key ${newKid}`);
    expect([...(await ciphertextsByKid(database.db)).entries()]).toEqual([[newKid, expect.any(Number)]]);
  });

  it('leaves every encrypted value readable, over GraphQL too', async () => {
    const after = await decryptedValues();
    expect(after.length).toBeGreaterThan(before.length); // the person who registered mid-rotation
    for (const value of before) expect(after).toContain(value);
    expect((await t.gql(ME, {}, { token: demo })).data.me.documents.cardNumber).toBe('DEMO00001');
    const late = await t.gql('mutation($p: String!) { signIn(phone: $p, password: "Matrix-Test-99") { token } }', { p: LATE.phone });
    expect((await t.gql(ME, {}, { token: late.data.signIn.token })).data.me.phone).toContain(LATE.phone);
  });

  it('leaves no phone, card or ID number in plain text in any column of any table', async () => {
    const secrets = (await decryptedValues()).map((v) => v.replace(/^\+86/, ''));
    expect(secrets).toEqual(expect.arrayContaining([DEMO_PHONE, 'DEMO00001', ...PEOPLE.map((p) => p.card)]));
    const columns = rowsOf<{ table_name: string; column_name: string }>(
      await database.db.execute(sql`
        select table_name, column_name from information_schema.columns
        where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`),
    );
    expect(columns.length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const { table_name, column_name } of columns) {
      const rows = rowsOf<{ v: string }>(await database.db.execute(sql`select ${sql.identifier(column_name)}::text as v from ${sql.identifier(table_name)}`));
      for (const row of rows) for (const secret of secrets) if (row.v?.includes(secret)) found.push(`${table_name}.${column_name}`);
    }
    expect(found).toEqual([]);
  });

  it('retires the old key once nothing uses it', async () => {
    await keys(['retire', oldKid]);
    expect(Object.keys((await keyringFile()).dataKeys.keys)).toEqual([newKid]);
    expect((await t.gql(ME, {}, { token: demo })).data.me.documents.cardNumber).toBe('DEMO00001');
  });

  it('runs one rotation at a time: a second rotate, a retire or a signing rotation meanwhile is refused, and every value stays readable', async () => {
    const values = await decryptedValues();
    const refusals: unknown[] = [];
    let batches = 0;
    await keys(['rotate', '--batch-size', '2'], async () => {
      batches += 1;
      if (batches !== 2) return;
      // Mid-rotation (the new key already in the keyring file, part of the rows under it).
      for (const argv of [['rotate'], ['retire', newKid], ['rotate', '--signing']]) refusals.push(await keys(argv).catch((error: unknown) => error));
    });
    expect(batches).toBeGreaterThan(2);
    expect(refusals).toHaveLength(3);
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(KeysCliError);
      expect((refusal as KeysCliError).exitCode).toBe(75);
      expect((refusal as KeysCliError).message).toMatch(/^Another key rotation is running/);
    }
    // One new data key (the refused rotation added none), no new signing key, and every value as before.
    const file = await keyringFile();
    const third = file.dataKeys.current;
    expect(Object.keys(file.dataKeys.keys).sort()).toEqual([newKid, third].sort());
    expect([...(await ciphertextsByKid(database.db)).entries()]).toEqual([[third, expect.any(Number)]]);
    expect(await decryptedValues()).toEqual(values);
    expect((await t.gql(ME, {}, { token: demo })).data.me.documents.cardNumber).toBe('DEMO00001');
    // The lock went with the rotation: the next command runs.
    await keys(['retire', newKid]);
    expect(Object.keys((await keyringFile()).dataKeys.keys)).toEqual([third]);
  });
});

describe('signing key rotation', () => {
  it('publishes old and new keys, signs new receipts with the new one, and old receipts and partner tokens still verify', async () => {
    const partner = await partnerTokens(t.url, demo, { scopes: ['insurance.status'] });
    const [oldReceipt] = await database.db.select({ jws: consentEvents.receiptJws }).from(consentEvents).limit(1);
    const oldKid = (await keyringFile()).signingKeys.current;
    expect(decodeProtectedHeader(oldReceipt!.jws!).kid).toBe(oldKid);

    await keys(['rotate', '--signing']);
    const newKid = (await keyringFile()).signingKeys.current;
    expect(newKid).not.toBe(oldKid);
    // The server reloads on the notification: new signatures use the new key.
    const jwksNow = async () => ((await (await fetch(`${t.url}/.well-known/jwks.json`)).json()) as { keys: JWK[] }).keys;
    await expect.poll(async () => (await jwksNow()).map((k) => k.kid)).toEqual([newKid, oldKid]);
    expect((await jwksNow()).every((k) => k.d === undefined)).toBe(true);

    const version = (await t.gql('{ privacyNotice { version } }')).data.privacyNotice.version;
    const fresh = await t.gql(GRANT, { i: { noticeVersion: version, purpose: 'SERVICE', recipient: { type: 'SERVICE' }, categories: ['device.info'] } }, { token: demo });
    expect(fresh.errors).toBeUndefined();
    const published = createLocalJWKSet({ keys: await jwksNow() });
    expect((await compactVerify(fresh.data.grantConsent.jws, published)).protectedHeader.kid).toBe(newKid);
    expect((await compactVerify(oldReceipt!.jws!, published)).protectedHeader.kid).toBe(oldKid);

    // Restarted (the authorization server reads its keys at start): it publishes both, and the
    // partner's token from before still reads.
    const port = new URL(t.url).port;
    await t.app.close();
    t = await start(port);
    const oauthJwks = (await (await fetch(`${t.url}/oauth/jwks`)).json()) as { keys: JWK[] };
    expect(oauthJwks.keys.map((k) => k.kid)).toEqual([newKid, oldKid]);
    const read = await t.gql('{ me { insurance { city } } }', {}, { token: partner.accessToken });
    expect(read.errors).toBeUndefined();
    expect(read.data.me.insurance.city).toBeTruthy();
    const again = await partnerTokens(t.url, demo, { scopes: ['insurance.status'] });
    expect((await t.gql('{ me { insurance { city } } }', {}, { token: again.accessToken })).data.me.insurance.city).toBeTruthy();

    // Retired: it signs nothing more, and what it signed still verifies.
    await keys(['retire', oldKid]);
    const retired = (await keyringFile()).signingKeys.keys.find((k) => k.kid === oldKid);
    expect(retired?.d).toBeUndefined();
    await expect.poll(async () => (await jwksNow()).map((k) => k.kid)).toEqual([newKid, oldKid]);
    await compactVerify(oldReceipt!.jws!, createLocalJWKSet({ keys: await jwksNow() }));
  });
});
