// Re-encrypting every encrypted column under a new data key, in batches, while the product runs.
//
// Each batch is one transaction: it locks its column's progress row, reads the next rows after the
// saved key (keyset pagination, `for update`), re-encrypts those not yet under the target key,
// writes them and the new position, and commits. A run killed anywhere loses at most its open
// batch, and the next run continues from the saved position. Readers meanwhile decrypt with
// whichever key a ciphertext names. A writer that still used an older key (an instance that had
// not reloaded the keyring yet) is caught by the next pass over the column, which runs until no
// row is left under another key.
//
// One rotation at a time: `keys:rotate` and `keys:retire` (keys.cli.ts) hold KEYS_LOCK, a
// session-level advisory lock, for their whole run (the keyring file's read-modify-write included),
// and a second one refuses at once.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { FieldCrypto, type DataKeys } from '../config/field-crypto.js';
import { rowsOf, type Database, type Executor } from './database.js';
import { ENCRYPTED_COLUMNS, kidOf, valueOf, type EncryptedColumn } from './encrypted-columns.js';
import { keyRotationProgress } from './schema.js';

export const DEFAULT_BATCH_SIZE = 500;
/** Instances LISTEN here and reload the keyring file (a key was added or retired). */
export const KEYRING_CHANNEL = 'shebao_keyring';
/** Passes over one column before giving up on writers that keep using an older key. */
const MAX_PASSES = 5;
/**
 * The session-level advisory lock `(lockClass, hashtext(name))` the key commands hold: the job
 * runner's scheme (`(0x5eba0, hashtext(job id))`, transaction-level), with a class of its own.
 */
export const KEYS_LOCK = { lockClass: 0x5eba1, name: 'keys' } as const;

export type BatchInfo = { column: string; pass: number; rows: number };
export type RotationOptions = {
  batchSize?: number;
  /** Called after each batch commits (tests interleave reads and writes here, or stop the run). */
  onBatch?: (info: BatchInfo) => Promise<void> | void;
  /** Called before each batch opens; a throw stops the run there (the CLI checks that it still holds KEYS_LOCK). */
  beforeBatch?: () => Promise<void>;
  columns?: readonly EncryptedColumn[];
};
export type RotationResult = { targetKid: string; rewritten: Record<string, number>; remaining: number };

/** The target key of a rotation that has not finished, if any (the oldest). */
export async function unfinishedRotation(db: Executor): Promise<string | null> {
  const [row] = await db
    .select({ targetKid: keyRotationProgress.targetKid })
    .from(keyRotationProgress)
    .where(isNull(keyRotationProgress.finishedAt))
    .orderBy(keyRotationProgress.startedAt)
    .limit(1);
  return row?.targetKid ?? null;
}

/** Records a rotation to `targetKid` for every encrypted column (idempotent). */
export async function startRotation(db: Executor, targetKid: string, columns: readonly EncryptedColumn[] = ENCRYPTED_COLUMNS): Promise<void> {
  await db
    .insert(keyRotationProgress)
    .values(columns.map((c) => ({ targetKid, columnName: c.name })))
    .onConflictDoNothing();
}

/** Re-encrypts every column of the rotation to `targetKid`, resuming from the saved positions. */
export async function runRotation(db: Database, keys: DataKeys, targetKid: string, options: RotationOptions = {}): Promise<RotationResult> {
  const target = keys.dataKey(targetKid);
  if (!target) throw new Error(`The keyring has no data key ${targetKid}`);
  const crypto = new FieldCrypto({ currentDataKey: () => ({ kid: targetKid, key: target }), dataKey: (kid) => keys.dataKey(kid) }, Buffer.alloc(0));
  const columns = options.columns ?? ENCRYPTED_COLUMNS;
  await startRotation(db, targetKid, columns);
  const rewritten: Record<string, number> = {};
  let remaining = 0;
  for (const column of columns) {
    let count = 0;
    for (;;) {
      await options.beforeBatch?.();
      const step = await db.transaction((tx) => rotateBatch(tx, crypto, column, targetKid, options));
      count += step.rows;
      rewritten[column.name] = count;
      if (step.state === 'batch') {
        if (step.rows > 0) await options.onBatch?.({ column: column.name, pass: step.pass, rows: step.rows });
        continue;
      }
      if (step.state === 'finished') break;
      remaining += step.left;
      break;
    }
  }
  return { targetKid, rewritten, remaining };
}

type Step = { state: 'batch'; rows: number; pass: number } | { state: 'finished'; rows: 0 } | { state: 'stuck'; rows: 0; left: number };

async function rotateBatch(tx: Executor, crypto: FieldCrypto, c: EncryptedColumn, targetKid: string, options: RotationOptions): Promise<Step> {
  const where = and(eq(keyRotationProgress.targetKid, targetKid), eq(keyRotationProgress.columnName, c.name));
  const [progress] = await tx.select().from(keyRotationProgress).where(where).for('update');
  if (!progress) throw new Error(`No rotation to ${targetKid} for ${c.name}`);
  if (progress.finishedAt) return { state: 'finished', rows: 0 };

  const table = sql.identifier(c.table);
  const key = sql.identifier(c.key);
  const keyType = sql.raw(c.keyType);
  const value = valueOf(c);
  const after = progress.afterKey === null ? sql`true` : sql`${key} > cast(${progress.afterKey} as ${keyType})`;
  const rows = rowsOf<{ k: string; v: string }>(
    await tx.execute(sql`
      select ${key}::text as k, ${value} as v from ${table}
      where ${after} and ${value} is not null and ${kidOf(c)} <> ${targetKid}
      order by ${key} limit ${options.batchSize ?? DEFAULT_BATCH_SIZE} for update`),
  );

  if (rows.length === 0) {
    // End of this pass: done unless a writer left something under an older key behind the cursor.
    const [left] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from ${table} where ${value} is not null and ${kidOf(c)} <> ${targetKid}`));
    const n = left?.n ?? 0;
    if (n === 0) {
      await tx.update(keyRotationProgress).set({ finishedAt: new Date() }).where(where);
      return { state: 'finished', rows: 0 };
    }
    // After MAX_PASSES the run stops and reports; the next run starts again at pass 1.
    const stuck = progress.pass >= MAX_PASSES;
    await tx.update(keyRotationProgress).set({ afterKey: null, pass: stuck ? 1 : progress.pass + 1 }).where(where);
    return stuck ? { state: 'stuck', rows: 0, left: n } : { state: 'batch', rows: 0, pass: progress.pass + 1 };
  }

  const updated = sql.join(
    rows.map((row) => sql`(cast(${row.k} as ${keyType}), cast(${crypto.encrypt(crypto.decrypt(row.v))} as text))`),
    sql`, `,
  );
  const assign = c.jsonKey
    ? sql`${sql.identifier(c.column)} = jsonb_set(${sql.identifier(c.column)}, array[${c.jsonKey}], to_jsonb(fresh.v))`
    : sql`${sql.identifier(c.column)} = fresh.v`;
  await tx.execute(sql`update ${table} set ${assign} from (values ${updated}) as fresh(k, v) where ${table}.${key} = fresh.k`);
  await tx
    .update(keyRotationProgress)
    .set({ afterKey: rows.at(-1)!.k, rewritten: progress.rewritten + rows.length })
    .where(where);
  return { state: 'batch', rows: rows.length, pass: progress.pass };
}

/** How many ciphertexts name each data key, over every encrypted column. */
export async function ciphertextsByKid(db: Executor, columns: readonly EncryptedColumn[] = ENCRYPTED_COLUMNS): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const c of columns) {
    const rows = rowsOf<{ kid: string; n: number }>(
      await db.execute(sql`select ${kidOf(c)} as kid, count(*)::int as n from ${sql.identifier(c.table)} where ${valueOf(c)} is not null group by 1`),
    );
    for (const row of rows) counts.set(row.kid, (counts.get(row.kid) ?? 0) + row.n);
  }
  return counts;
}
