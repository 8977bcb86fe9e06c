// Access records: append-only and hash-chained per subject. Each record's hash covers its content
// and the previous record's hash, and `seq` has no gaps, so a removed or altered row is detectable.
import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import type { AccessRecorder, AccessRecordInput } from '../../authz/access-record.js';
import { isUniqueViolation, type Database, type Executor } from '../../db/database.js';
import { accessRecords } from '../../db/schema.js';
import { canonicalJson, sha256Hex } from '../../lib/canonical-json.js';

const GENESIS_HASH = '0'.repeat(64);

type StoredRecord = typeof accessRecords.$inferSelect;

function hashRecord(record: Omit<StoredRecord, 'id' | 'hash'>): string {
  return sha256Hex(
    canonicalJson({
      subjectId: record.subjectId,
      seq: record.seq,
      principalType: record.principalType,
      principalId: record.principalId,
      partnerId: record.partnerId,
      categories: [...record.categories].sort(),
      purpose: record.purpose,
      operationName: record.operationName,
      requestId: record.requestId,
      at: record.at.toISOString(),
      prevHash: record.prevHash,
    }),
  );
}

export type ChainCheck = { ok: true; length: number } | { ok: false; length: number; brokenAtSeq: number; problem: 'GAP' | 'HASH_MISMATCH' | 'LINK_MISMATCH' };

/** The advisory-lock space of access-log appends (`pg_advisory_xact_lock(space, hashtext(subject))`). */
const APPEND_LOCK_SPACE = 0x5342_4c47; // 'SBLG'
/** Most records one write carries; a longer queue is written in several. */
const MAX_BATCH = 200;
/** Subjects whose chain tail this process remembers (the most recently written ones). */
const MAX_REMEMBERED_TAILS = 10_000;

type Tail = { seq: number; hash: string };

type Batch = { inputs: AccessRecordInput[]; promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void };

function newBatch(): Batch {
  const batch = { inputs: [] } as unknown as Batch;
  batch.promise = new Promise<void>((resolve, reject) => Object.assign(batch, { resolve, reject }));
  return batch;
}

export class AccessLogService implements AccessRecorder {
  /** Subjects with a write in flight in this process, and the batches queued behind it. */
  private readonly queues = new Map<string, Batch[]>();
  /**
   * The last record this process wrote or read for a subject. An append chained on it is one
   * INSERT: the unique (subject, seq) key refuses it if another instance appended meanwhile, and
   * the append then takes the locked path. Nothing is ever chained on a record that is not the tail.
   */
  private readonly tails = new Map<string, Tail>();

  constructor(private readonly db: Database) {}

  /**
   * Appends one record; resolves once it is committed. Within this process appends for one
   * subject are queued, so the appends that arrive while one write is in flight go out together
   * in the next write, whatever the concurrency. A write is one INSERT chained on the tail this
   * process remembers; without one, or when another instance moved the tail, it is a transaction
   * that takes the subject's advisory lock before it reads the tail, so no append loses a race
   * and fails. A failed write rejects every append it carried: the caller fails closed.
   */
  append(input: AccessRecordInput, transaction?: Executor): Promise<void> {
    // Inside the caller's transaction (the record belongs with its writes): written there, under
    // the lock, without coalescing; a second connection could wait on the caller's own locks.
    if (transaction) return this.writeIn(transaction, input.subjectId, [input]);
    const waiting = this.queues.get(input.subjectId);
    if (waiting) {
      let batch = waiting.at(-1);
      if (!batch || batch.inputs.length >= MAX_BATCH) waiting.push((batch = newBatch()));
      batch.inputs.push(input);
      return batch.promise;
    }
    const first = newBatch();
    first.inputs.push(input);
    this.queues.set(input.subjectId, []);
    void this.drain(input.subjectId, first);
    return first.promise;
  }

  /** Writes `batch`, then whatever queued behind it, until the subject's queue is empty. */
  private async drain(subjectId: string, batch: Batch): Promise<void> {
    const waiting = this.queues.get(subjectId)!;
    for (let current: Batch | undefined = batch; current; current = waiting.shift()) {
      try {
        await this.write(subjectId, current.inputs);
        current.resolve();
      } catch (error) {
        current.reject(error);
      }
    }
    this.queues.delete(subjectId);
  }

  /**
   * On a remembered tail: one INSERT chained on it. Otherwise, or when that INSERT finds the tail
   * moved (a unique violation: nothing was written), one transaction: lock the subject's chain,
   * read its tail, insert the records chained on it.
   */
  private async write(subjectId: string, inputs: readonly AccessRecordInput[]): Promise<void> {
    const remembered = this.tails.get(subjectId);
    if (remembered) {
      const rows = chainedOn(remembered, inputs);
      try {
        await insertRecords(this.db, rows);
        this.remember(subjectId, rows.at(-1)!);
        return;
      } catch (error) {
        this.tails.delete(subjectId);
        if (!isUniqueViolation(error)) throw error;
      }
    }
    this.remember(subjectId, await this.lockedAppend(this.db, subjectId, inputs));
  }

  /** In the caller's transaction, which may still roll back: no tail is remembered. */
  private async writeIn(tx: Executor, subjectId: string, inputs: readonly AccessRecordInput[]): Promise<void> {
    this.tails.delete(subjectId);
    await this.lockedAppend(tx, subjectId, inputs);
  }

  /**
   * The locked append in a transaction of `executor`'s (on a caller's transaction, a savepoint),
   * retried when it still collides on (subject, seq): a one-INSERT append takes no lock and may
   * land between the tail read and the insert (so may a writer of an older version during a
   * rollout). The next attempt reads the new tail; a caller's transaction is never failed by it.
   */
  private async lockedAppend(executor: Executor, subjectId: string, inputs: readonly AccessRecordInput[]): Promise<Tail> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await executor.transaction((tx) => this.lockedWrite(tx, subjectId, inputs));
      } catch (error) {
        if (attempt >= 3 || !isUniqueViolation(error)) throw error;
      }
    }
  }

  /** Within a transaction: lock the subject's chain, read its tail, insert the records chained on it; returns the new tail. */
  private async lockedWrite(tx: Executor, subjectId: string, inputs: readonly AccessRecordInput[]): Promise<Tail> {
    await tx.execute(sql`select pg_advisory_xact_lock(${APPEND_LOCK_SPACE}::int4, hashtext(${subjectId}::text))`);
    const [tail] = await tx
      .select({ seq: accessRecords.seq, hash: accessRecords.hash })
      .from(accessRecords)
      .where(eq(accessRecords.subjectId, subjectId))
      .orderBy(desc(accessRecords.seq))
      .limit(1);
    const rows = chainedOn(tail ?? { seq: 0, hash: GENESIS_HASH }, inputs);
    await insertRecords(tx, rows);
    return rows.at(-1)!;
  }

  private remember(subjectId: string, tail: Tail): void {
    this.tails.delete(subjectId); // re-inserted last: the map's order is recency
    this.tails.set(subjectId, { seq: tail.seq, hash: tail.hash });
    if (this.tails.size > MAX_REMEMBERED_TAILS) this.tails.delete(this.tails.keys().next().value!);
  }

  /** Newest first, keyset-paged on `seq`. */
  async page(subjectId: string, first: number, beforeSeq: number | null): Promise<{ rows: StoredRecord[]; hasNextPage: boolean }> {
    const rows = await this.db
      .select()
      .from(accessRecords)
      .where(and(eq(accessRecords.subjectId, subjectId), beforeSeq === null ? undefined : lt(accessRecords.seq, beforeSeq)))
      .orderBy(desc(accessRecords.seq))
      .limit(first + 1);
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  /** This module's part of the person's data export: the records about them, in order. */
  async exportData(subjectId: string): Promise<Record<string, unknown>> {
    const rows = await this.db.select().from(accessRecords).where(eq(accessRecords.subjectId, subjectId)).orderBy(asc(accessRecords.seq));
    return { accessRecords: rows.map(({ subjectId: _subjectId, ...rest }) => rest) };
  }

  async verifyChain(subjectId: string): Promise<ChainCheck> {
    const rows = await this.db.select().from(accessRecords).where(eq(accessRecords.subjectId, subjectId)).orderBy(asc(accessRecords.seq));
    return verifyRecords(rows);
  }
}

/** The rows that append `inputs` after `tail`, each hash covering the one before. */
function chainedOn(tail: Tail, inputs: readonly AccessRecordInput[]) {
  let { seq, hash: prevHash } = tail;
  return inputs.map((input) => {
    seq += 1;
    const record = { ...input, seq, prevHash, at: new Date() };
    prevHash = hashRecord(record);
    return { ...record, hash: prevHash };
  });
}

type ChainedRow = ReturnType<typeof chainedOn>[number];

/**
 * Inserts `rows` in one statement whose text is the same however many they are (they travel as
 * one JSON parameter): the driver prepares it once, and no insert is built per append (drizzle
 * building a multi-row insert was 4–5 % of the server's CPU under a partner's reads).
 */
function insertRecords(executor: Executor, rows: readonly ChainedRow[]) {
  const json = JSON.stringify(
    rows.map((row) => ({
      subject_id: row.subjectId,
      seq: row.seq,
      principal_type: row.principalType,
      principal_id: row.principalId,
      partner_id: row.partnerId ?? null,
      categories: row.categories,
      purpose: row.purpose,
      operation_name: row.operationName ?? null,
      request_id: row.requestId,
      at: row.at.toISOString(),
      prev_hash: row.prevHash,
      hash: row.hash,
    })),
  );
  return executor.execute(sql`insert into ${accessRecords}
      (subject_id, seq, principal_type, principal_id, partner_id, categories, purpose, operation_name, request_id, at, prev_hash, hash)
    select subject_id, seq, principal_type, principal_id, partner_id, categories, purpose, operation_name, request_id, at, prev_hash, hash
    from jsonb_to_recordset(${json}::jsonb) as r(subject_id uuid, seq integer, principal_type principal_type, principal_id text, partner_id uuid,
      categories text[], purpose text, operation_name text, request_id text, at timestamptz, prev_hash text, hash text)`);
}

function verifyRecords(rows: readonly StoredRecord[]): ChainCheck {
  let prevHash = GENESIS_HASH;
  for (const [index, row] of rows.entries()) {
    if (row.seq !== index + 1) return { ok: false, length: rows.length, brokenAtSeq: index + 1, problem: 'GAP' };
    if (row.prevHash !== prevHash) return { ok: false, length: rows.length, brokenAtSeq: row.seq, problem: 'LINK_MISMATCH' };
    if (hashRecord(row) !== row.hash) return { ok: false, length: rows.length, brokenAtSeq: row.seq, problem: 'HASH_MISMATCH' };
    prevHash = row.hash;
  }
  return { ok: true, length: rows.length };
}
