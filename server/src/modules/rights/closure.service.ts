// Closing an account (PIPL Art. 47). At once, in one transaction: every session ends, every
// partner grant and token ends, nobody can sign in with the number, and a CLOSURE request and an
// erasure job are recorded. The erasure job then deletes the person's rows table by table in
// batches, each batch committed with the job's cursor (so a crash resumes without loss or double
// work), and last the account itself. What the law asks us to keep stays, under the bare account
// id that no longer leads to anyone: the processing records (access records, requests,
// disclosures), for three years (PIPL Art. 56), after which the retention sweep deletes them.
import { eq, getTableName, is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/database.js';
import { rowsOf } from '../../db/database.js';
import type { JobHandler, JobRunner } from '../../db/jobs/job-runner.js';
import * as schema from '../../db/schema.js';
import { accounts, dataSubjectRequests, oauthModels } from '../../db/schema.js';
import type { Caller } from '../../graphql/context.js';
import type { DataRequestService } from './requests.service.js';

export const ERASURE_JOB = 'rights.erasure';
const DEFAULT_BATCH = 500;

/** Kept after closure, for the period the law requires, under the account id alone. */
export const RETAINED_PROCESSING_RECORDS = ['access_records', 'data_subject_requests', 'disclosures'] as const;

/**
 * Every table with an `account_id` that points at `accounts`: the person's rows, children before
 * the tables they reference, so no batch deletes rows of another table by cascade.
 */
export function personalTables(): PgTable[] {
  const tables = (Object.values(schema) as unknown[])
    .filter((value): value is PgTable => is(value, PgTable))
    .filter((table) => table !== accounts)
    .filter((table) => getTableConfig(table).foreignKeys.some((fk) => fk.reference().foreignTable === accounts && fk.reference().columns.some((c) => c.name === 'account_id')));
  const references = (table: PgTable) => getTableConfig(table).foreignKeys.map((fk) => fk.reference().foreignTable);
  const ordered: PgTable[] = [];
  const remaining = new Set(tables);
  while (remaining.size > 0) {
    const leaf = [...remaining].find((t) => ![...remaining].some((other) => other !== t && references(other).includes(t)));
    if (!leaf) throw new Error('personal tables reference each other in a cycle');
    ordered.push(leaf);
    remaining.delete(leaf);
  }
  return ordered;
}

export type ClosurePorts = {
  /** The accounts module's closure: password check, sessions, partner grants, credentials, then `within`. */
  closeAccount(accountId: string, password: string, caller: Caller, within: (tx: Executor) => Promise<void>): Promise<void>;
  /** Rows elsewhere keyed by a hash of the account (the shared request counters), inside the last batch. */
  eraseKeyed(tx: Executor, accountId: string): Promise<void>;
};

export class ClosureService {
  private readonly targets: PgTable[] = [...personalTables(), oauthModels];

  constructor(
    private readonly requests: DataRequestService,
    private readonly jobs: JobRunner,
    private readonly ports: ClosurePorts,
    private readonly batchSize = DEFAULT_BATCH,
  ) {}

  async close(accountId: string, password: string, caller: Caller): Promise<string> {
    let requestId = '';
    await this.ports.closeAccount(accountId, password, caller, async (tx) => {
      const request = await this.requests.insert(tx, accountId, 'CLOSURE', {}, 'IN_PROGRESS');
      requestId = request.id;
      await this.jobs.enqueue({ kind: ERASURE_JOB, key: `${ERASURE_JOB}:${accountId}`, payload: { accountId, requestId } }, tx);
    });
    this.jobs.kick();
    return requestId;
  }

  handler(): JobHandler {
    return {
      kind: ERASURE_JOB,
      step: async (tx, job) => {
        const accountId = String(job.payload.accountId);
        const index = Number(job.cursor?.table ?? 0);
        const table = this.targets[index];
        if (table) {
          const deleted = await this.deleteBatch(tx, table, accountId);
          return { cursor: { table: deleted < this.batchSize ? index + 1 : index, name: getTableName(table) }, handled: deleted, done: false };
        }
        // Last batch: what is keyed by hashes, the account row, and the request's completion.
        await this.ports.eraseKeyed(tx, accountId);
        await tx.delete(accounts).where(eq(accounts.id, accountId));
        await tx
          .update(dataSubjectRequests)
          .set({ status: 'COMPLETED', completedAt: new Date() })
          .where(eq(dataSubjectRequests.id, String(job.payload.requestId)));
        return { cursor: { table: index, name: 'accounts' }, handled: 1, done: true };
      },
    };
  }

  private async deleteBatch(tx: Executor, table: PgTable, accountId: string): Promise<number> {
    const [row] = rowsOf<{ n: number }>(
      await tx.execute(
        sql`with d as (delete from ${table} where ctid in (select ctid from ${table} where ${sql.identifier('account_id')} = ${accountId} limit ${this.batchSize}) returning 1) select count(*)::int as n from d`,
      ),
    );
    return row?.n ?? 0;
  }
}
