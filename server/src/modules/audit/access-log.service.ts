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

type Batch = { inputs: AccessRecordInput[]; promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void };

function newBatch(): Batch {
  const batch = { inputs: [] } as unknown as Batch;
  batch.promise = new Promise<void>((resolve, reject) => Object.assign(batch, { resolve, reject }));
  return batch;
}

export class AccessLogService implements AccessRecorder {
  /** Subjects with a write in flight in this process, and the batches queued behind it. */
  private readonly queues = new Map<string, Batch[]>();

  constructor(private readonly db: Database) {}

  /**
   * Appends one record; resolves once it is committed. Appends for one subject are serialised
   * twice over: across instances by a transaction-scoped advisory lock taken before the tail is
   * read (so no append ever loses a race and fails), and within this process by queueing, so
   * the appends that arrive while one write is in flight go out together in the next write —
   * one transaction whatever the concurrency. A failed write rejects every append it carried:
   * the caller fails closed.
   */
  append(input: AccessRecordInput, transaction?: Executor): Promise<void> {
    // Inside the caller's transaction (the record belongs with its writes): written there, under
    // the same lock, without coalescing; a second connection could wait on the caller's own locks.
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

  /** One transaction: lock the subject's chain, read its tail, insert the records chained on it. */
  private async write(subjectId: string, inputs: readonly AccessRecordInput[]): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.db.transaction((tx) => this.writeIn(tx, subjectId, inputs));
        return;
      } catch (error) {
        // Only a writer that does not take the lock (an older instance during a rollout) can
        // still collide on (subject, seq); the next attempt reads the new tail.
        if (attempt >= 3 || !isUniqueViolation(error)) throw error;
      }
    }
  }

  /** Within a transaction: lock the subject's chain, read its tail, insert the records chained on it. */
  private async writeIn(tx: Executor, subjectId: string, inputs: readonly AccessRecordInput[]): Promise<void> {
    await tx.execute(sql`select pg_advisory_xact_lock(${APPEND_LOCK_SPACE}::int4, hashtext(${subjectId}::text))`);
    const [tail] = await tx
      .select({ seq: accessRecords.seq, hash: accessRecords.hash })
      .from(accessRecords)
      .where(eq(accessRecords.subjectId, subjectId))
      .orderBy(desc(accessRecords.seq))
      .limit(1);
    let seq = tail?.seq ?? 0;
    let prevHash = tail?.hash ?? GENESIS_HASH;
    const rows = inputs.map((input) => {
      seq += 1;
      const record = { ...input, seq, prevHash, at: new Date() };
      prevHash = hashRecord(record);
      return { ...record, hash: prevHash };
    });
    await tx.insert(accessRecords).values(rows);
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
