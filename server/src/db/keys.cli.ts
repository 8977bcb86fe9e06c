// `pnpm keys:rotate [--signing] [--batch-size N]`, `pnpm keys:retire <kid>`, `pnpm keys:status`.
//
// Data key: a new key becomes current in the keyring file (written atomically), running instances
// are told to reload it (NOTIFY), then every encrypted column is re-encrypted in batches; a killed
// run continues on the next `keys:rotate`. With keys in the environment (production without
// SHEBAO_KEYRING_FILE) this tool cannot add a key: put the new key in SHEBAO_DATA_KEYS as current,
// restart the instances, then `keys:rotate` re-encrypts to it.
// Signing key: `--signing` adds a new current signing key; older ones stay published (receipts
// signed with them still verify), and retiring one drops only its private part.
// It never prints key material. `rotate` and `retire` run one at a time: each holds KEYS_LOCK for
// its whole run, and a second one started meanwhile (another operator, a retried deploy hook)
// refuses with exit code 75 and says so. With PGlite, stop the server first (one process per data
// folder); with PostgreSQL the instances keep serving.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { Keyring } from '../config/secrets.js';
import { keyringSource, newDataKey, newKid, newSigningJwk, readKeyring, writeKeyringFile, type KeyringFile } from '../config/keyring.js';
import { openConfiguredDatabase, type DatabaseHandle, type SessionLock } from './database.js';
import { KEYRING_CHANNEL, KEYS_LOCK, ciphertextsByKid, runRotation, unfinishedRotation, type RotationOptions } from './key-rotation.js';

const USAGE = `Usage:
  pnpm keys:rotate [--batch-size N]   new data key, then re-encrypt every encrypted column (resumable)
  pnpm keys:rotate --signing          new signing key for receipts and tokens (old ones stay published)
  pnpm keys:retire <kid>              remove a data key no ciphertext uses (or a signing key's private part)
  pnpm keys:status                    key ids, and how many ciphertexts use each data key`;

export type KeysCliOptions = {
  config?: Config;
  /** An open database (tests); otherwise the configured one, opened and closed here. */
  database?: DatabaseHandle;
  log?: (line: string) => void;
  onBatch?: RotationOptions['onBatch'];
};

export class KeysCliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 65, // EX_DATAERR
  ) {
    super(message);
  }
}

export async function runKeys(argv: string[], options: KeysCliOptions = {}): Promise<void> {
  const config = options.config ?? loadConfig();
  const log = options.log ?? ((line) => console.log(line));
  const [command, ...rest] = argv;
  if (command !== 'rotate' && command !== 'retire' && command !== 'status') throw new KeysCliError(USAGE, 64);
  const database = options.database ?? (await openConfiguredDatabase(config));
  try {
    await database.migrate();
    if (command === 'status') return await status(config, database, log);
    if (command === 'retire') return await exclusively(database, () => retire(config, database, rest[0], log));
    if (rest.includes('--signing')) return await exclusively(database, () => rotateSigning(config, database, log));
    const sizeAt = rest.indexOf('--batch-size');
    const batchSize = sizeAt >= 0 ? Number(rest[sizeAt + 1]) : undefined;
    if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) throw new KeysCliError('--batch-size: a positive whole number', 64);
    await exclusively(database, (lock) => rotateData(config, database, log, { batchSize, onBatch: options.onBatch, beforeBatch: () => lock.check() }));
  } finally {
    if (!options.database) await database.close();
  }
}

/**
 * Runs a command that writes the keyring file or re-encrypts under KEYS_LOCK, or refuses at once
 * when another one holds it (EX_TEMPFAIL: run it again once the other has finished).
 */
async function exclusively<T>(database: DatabaseHandle, work: (lock: SessionLock) => Promise<T>): Promise<T> {
  const lock = await database.trySessionLock(KEYS_LOCK.lockClass, KEYS_LOCK.name);
  if (!lock) {
    throw new KeysCliError('Another key rotation is running (keys:rotate or keys:retire holds the key lock): wait for it to finish, then run this again.', 75);
  }
  try {
    return await work(lock);
  } finally {
    await lock.release();
  }
}

async function rotateData(config: Config, database: DatabaseHandle, log: (line: string) => void, options: RotationOptions): Promise<void> {
  let target = await unfinishedRotation(database.db);
  if (target) log(`resuming the rotation to data key ${target}`);
  else {
    const source = keyringSource(config);
    if (source.kind === 'file') {
      target = newKid('d');
      const file = await readKeyring(source, config);
      file.dataKeys.keys[target] = newDataKey();
      file.dataKeys.current = target;
      await saveAndAnnounce(source.path, file, database);
      log(`new current data key ${target}`);
    } else {
      // Keys in the environment: the operator made the new key current there; re-encrypt to it.
      target = (await Keyring.load(config)).currentDataKey().kid;
      log(`re-encrypting to the configured current data key ${target}`);
    }
  }
  const keyring = await Keyring.load(config);
  if (!keyring.dataKey(target)) throw new KeysCliError(`The keyring has no data key ${target}: restore it, or add it to SHEBAO_DATA_KEYS`);
  const result = await runRotation(database.db, keyring, target, options);
  for (const [column, n] of Object.entries(result.rewritten)) log(`  ${column}: ${n} re-encrypted`);
  if (result.remaining > 0) {
    throw new KeysCliError(
      `${result.remaining} ciphertexts are still under older keys: an instance is writing with an old keyring. Restart the instances (or let them reload), then run keys:rotate again.`,
      75, // EX_TEMPFAIL
    );
  }
  log(`every ciphertext is under data key ${target}; older data keys can be retired (keys:status, keys:retire <kid>)`);
}

async function rotateSigning(config: Config, database: DatabaseHandle, log: (line: string) => void): Promise<void> {
  const source = keyringSource(config);
  if (source.kind !== 'file') {
    throw new KeysCliError('Signing keys come from SHEBAO_SIGNING_JWKS here: add the new private JWK there as current, keep the old ones, and restart the instances.');
  }
  const file = await readKeyring(source, config);
  const jwk = await newSigningJwk();
  file.signingKeys.keys.push(jwk as KeyringFile['signingKeys']['keys'][number]);
  file.signingKeys.current = jwk.kid;
  await saveAndAnnounce(source.path, file, database);
  log(`new current signing key ${jwk.kid}; /.well-known/jwks.json publishes it with the older ones`);
  log('restart the instances so the authorization server signs with it too');
}

async function retire(config: Config, database: DatabaseHandle, kid: string | undefined, log: (line: string) => void): Promise<void> {
  if (!kid) throw new KeysCliError(USAGE, 64);
  const source = keyringSource(config);
  const file = await readKeyring(source, config);
  if (kid === file.dataKeys.current || kid === file.signingKeys.current) throw new KeysCliError(`${kid} is a current key: rotate first`);

  if (kid in file.dataKeys.keys) {
    const inUse = (await ciphertextsByKid(database.db)).get(kid) ?? 0;
    if (inUse > 0) throw new KeysCliError(`${inUse} ciphertexts still use data key ${kid}: finish keys:rotate first`);
    if ((await unfinishedRotation(database.db)) !== null) throw new KeysCliError('A rotation is unfinished: finish keys:rotate first');
    if (source.kind !== 'file') return log(`no ciphertext uses data key ${kid}: remove it from SHEBAO_DATA_KEYS (and SHEBAO_DATA_KEY if it is v1)`);
    delete file.dataKeys.keys[kid];
    await saveAndAnnounce(source.path, file, database);
    return log(`data key ${kid} retired`);
  }

  const signing = file.signingKeys.keys.find((jwk) => jwk.kid === kid);
  if (!signing) throw new KeysCliError(`No key ${kid} in the keyring`);
  if (source.kind !== 'file') return log(`remove the private part ("d") of ${kid} in SHEBAO_SIGNING_JWKS; keep the public key published`);
  delete signing.d;
  await saveAndAnnounce(source.path, file, database);
  log(`signing key ${kid} no longer signs; its public key stays published so what it signed still verifies`);
}

async function status(config: Config, database: DatabaseHandle, log: (line: string) => void): Promise<void> {
  const file = await readKeyring(keyringSource(config), config);
  const counts = await ciphertextsByKid(database.db);
  for (const kid of Object.keys(file.dataKeys.keys)) log(`data ${kid}${kid === file.dataKeys.current ? ' (current)' : ''}: ${counts.get(kid) ?? 0} ciphertexts`);
  for (const [kid, n] of counts) if (!(kid in file.dataKeys.keys)) log(`data ${kid} (NOT IN THE KEYRING): ${n} ciphertexts`);
  for (const jwk of file.signingKeys.keys) log(`signing ${jwk.kid}${jwk.kid === file.signingKeys.current ? ' (current)' : jwk.d ? '' : ' (verify only)'}`);
  const unfinished = await unfinishedRotation(database.db);
  if (unfinished) log(`rotation to ${unfinished} unfinished: run keys:rotate to continue`);
}

async function saveAndAnnounce(file: string, content: KeyringFile, database: DatabaseHandle): Promise<void> {
  await writeKeyringFile(file, content);
  await database.db.execute(sql`select pg_notify(${KEYRING_CHANNEL}, 'reload')`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runKeys(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      if (error instanceof KeysCliError || error instanceof ConfigError) {
        console.error(error.message);
        process.exit(error instanceof KeysCliError ? error.exitCode : 78);
      }
      console.error(error);
      process.exit(1);
    },
  );
}
