// Access records: append-only and hash-chained per subject. Each record's hash covers its content
// and the previous record's hash, and `seq` has no gaps, so a removed or altered row is detectable.
import { and, asc, desc, eq, lt } from 'drizzle-orm';
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

export class AccessLogService implements AccessRecorder {
  constructor(private readonly db: Database) {}

  /**
   * Appends one record. Two statements, no lock: the unique (subject, seq) index makes a
   * concurrent append fail, and we retry on the new tail.
   */
  async append(input: AccessRecordInput, executor: Executor = this.db): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const [tail] = await executor
        .select({ seq: accessRecords.seq, hash: accessRecords.hash })
        .from(accessRecords)
        .where(eq(accessRecords.subjectId, input.subjectId))
        .orderBy(desc(accessRecords.seq))
        .limit(1);
      const record = { ...input, seq: (tail?.seq ?? 0) + 1, prevHash: tail?.hash ?? GENESIS_HASH, at: new Date() };
      try {
        await executor.insert(accessRecords).values({ ...record, hash: hashRecord(record) });
        return;
      } catch (error) {
        if (attempt >= 5 || !isUniqueViolation(error)) throw error;
      }
    }
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
