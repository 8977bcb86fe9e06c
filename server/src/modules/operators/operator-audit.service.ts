// The operator audit log: every operator action, appended in the action's own transaction (so an
// action without its entry cannot commit), one global hash chain. Appends are serialised by a
// transaction-scoped advisory lock; the table itself refuses UPDATE and DELETE (migration 0007).
import { asc, desc, eq, lt, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.js';
import { operatorAuditLog } from '../../db/schema.js';
import { canonicalJson, sha256Hex } from '../../lib/canonical-json.js';

/** What an operator did. `target` names the object by id (`partner:<uuid>`); `detail` carries no card holder's personal data. */
export type AuditEntry = {
  operatorId: string | null;
  /** Dotted verb, e.g. `partner.suspend`, `notice.publish`, `operator.sign_in`. */
  action: string;
  target?: string | null;
  detail?: Record<string, unknown>;
};

export type StoredAuditEntry = typeof operatorAuditLog.$inferSelect;

export type AuditChainCheck = { ok: true; length: number } | { ok: false; length: number; brokenAtSeq: number; problem: 'GAP' | 'LINK_MISMATCH' | 'HASH_MISMATCH' };

const GENESIS_HASH = '0'.repeat(64);
/** pg_advisory_xact_lock key: "OPAUDIT" in ASCII, one chain for all instances. */
const AUDIT_LOCK = 0x4f50415544495400n;

function hashEntry(row: Pick<StoredAuditEntry, 'seq' | 'operatorId' | 'action' | 'target' | 'detail' | 'at' | 'prevHash'>): string {
  return sha256Hex(
    canonicalJson({ seq: row.seq, operatorId: row.operatorId, action: row.action, target: row.target, detail: row.detail, at: row.at.toISOString(), prevHash: row.prevHash }),
  );
}

export class OperatorAuditLog {
  constructor(private readonly db: Database) {}

  /** Appends inside `tx`: the entry commits with the action it records, or neither does. */
  async append(tx: Executor, entry: AuditEntry): Promise<void> {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK.toString()}::bigint)`);
    const [last] = await tx.select({ seq: operatorAuditLog.seq, hash: operatorAuditLog.hash }).from(operatorAuditLog).orderBy(desc(operatorAuditLog.seq)).limit(1);
    const row = {
      seq: (last?.seq ?? 0) + 1,
      operatorId: entry.operatorId,
      action: entry.action,
      target: entry.target ?? null,
      detail: entry.detail ?? {},
      at: new Date(),
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    await tx.insert(operatorAuditLog).values({ ...row, hash: hashEntry(row) });
  }

  /** An entry of its own (reads, sign-in attempts): one short transaction. */
  record(entry: AuditEntry): Promise<void> {
    return this.db.transaction((tx) => this.append(tx, entry));
  }

  /** Newest first, `first` at most, before `beforeSeq` when given. */
  async list(first: number, beforeSeq?: number): Promise<StoredAuditEntry[]> {
    return this.db
      .select()
      .from(operatorAuditLog)
      .where(beforeSeq === undefined ? undefined : lt(operatorAuditLog.seq, beforeSeq))
      .orderBy(desc(operatorAuditLog.seq))
      .limit(first);
  }

  async forOperator(operatorId: string, first: number): Promise<StoredAuditEntry[]> {
    return this.db.select().from(operatorAuditLog).where(eq(operatorAuditLog.operatorId, operatorId)).orderBy(desc(operatorAuditLog.seq)).limit(first);
  }

  /** Walks the whole chain: a removed, inserted or altered row breaks it at that row. */
  async verifyChain(): Promise<AuditChainCheck> {
    const rows = await this.db.select().from(operatorAuditLog).orderBy(asc(operatorAuditLog.seq));
    let prevHash = GENESIS_HASH;
    for (const [index, row] of rows.entries()) {
      if (row.seq !== index + 1) return { ok: false, length: rows.length, brokenAtSeq: index + 1, problem: 'GAP' };
      if (row.prevHash !== prevHash) return { ok: false, length: rows.length, brokenAtSeq: row.seq, problem: 'LINK_MISMATCH' };
      if (hashEntry(row) !== row.hash) return { ok: false, length: rows.length, brokenAtSeq: row.seq, problem: 'HASH_MISMATCH' };
      prevHash = row.hash;
    }
    return { ok: true, length: rows.length };
  }
}
