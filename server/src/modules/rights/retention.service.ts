// The retention sweep: each category's period comes from the current notice (the longest
// `retentionDays` of the purposes it serves, offline copies aside); rows of that category older
// than it are deleted in batches. Also: prepared copies past their date, finished jobs, and the
// processing records of accounts closed more than three years ago (PIPL Art. 56).
import { and, eq, inArray, lt, notExists, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DataCategory } from '@shebao/vocabulary';
import type { NoticeContent } from '../../authz/notice-registry.js';
import { rowsOf, type Database, type Executor } from '../../db/database.js';
import type { JobHandler } from '../../db/jobs/job-runner.js';
import {
  accessRecords,
  accounts,
  dataExports,
  dataSubjectRequests,
  deviceEvents,
  devices,
  disclosures,
  installationEvents,
  jobs,
  locationSamples,
  searchLogs,
} from '../../db/schema.js';

export const RETENTION_JOB = 'rights.retention';
const DAY_MS = 86_400_000;
/** PIPL Art. 56: processing records are kept for at least three years. */
export const PROCESSING_RECORDS_YEARS = 3;
const FINISHED_JOBS_DAYS = 90;

/** A category's period in days, or null when the notice sets none (kept while the account is). */
export function retentionDaysOf(notice: NoticeContent, category: DataCategory): number | null {
  const days = notice.purposes
    .filter((p) => p.purpose !== 'LOCAL_CACHE' && p.categories.includes(category) && p.retentionDays !== null && p.retentionDays > 0)
    .map((p) => p.retentionDays!);
  return days.length > 0 ? Math.max(...days) : null;
}

type Target = { name: string; table: PgTable; where: (now: Date) => SQL | undefined };

export class RetentionService {
  constructor(
    private readonly db: Database,
    private readonly notice: () => NoticeContent,
    private readonly batchSize = 1000,
  ) {}

  /** What the sweep deletes, in order; a target without a period this time is skipped. */
  targets(): Target[] {
    const notice = this.notice();
    const olderThan = (category: DataCategory, column: Parameters<typeof lt>[0]) => (now: Date) => {
      const days = retentionDaysOf(notice, category);
      return days === null ? undefined : lt(column, new Date(now.getTime() - days * DAY_MS));
    };
    const closedBefore = (now: Date) => {
      const cutoff = new Date(now.getTime() - PROCESSING_RECORDS_YEARS * 365 * DAY_MS);
      return sql`(select r.account_id from ${dataSubjectRequests} r where r.kind = 'CLOSURE' and r.status = 'COMPLETED' and r.completed_at < ${cutoff.toISOString()}::timestamptz)`;
    };
    return [
      { name: 'device_events', table: deviceEvents, where: olderThan('device.logs', deviceEvents.at) },
      { name: 'search_logs', table: searchLogs, where: olderThan('device.logs', searchLogs.at) },
      { name: 'location_samples', table: locationSamples, where: olderThan('location', locationSamples.at) },
      { name: 'installation_events', table: installationEvents, where: olderThan('app.instance', installationEvents.at) },
      { name: 'devices', table: devices, where: olderThan('device.info', devices.lastSeenAt) },
      { name: 'data_exports', table: dataExports, where: (now) => lt(dataExports.expiresAt, now) },
      { name: 'jobs', table: jobs, where: (now) => and(inArray(jobs.state, ['DONE']), lt(jobs.finishedAt, new Date(now.getTime() - FINISHED_JOBS_DAYS * DAY_MS))) },
      {
        name: 'access_records (closed accounts)',
        table: accessRecords,
        where: (now) => and(sql`${accessRecords.subjectId} in ${closedBefore(now)}`, notExists(this.db.select().from(accounts).where(eq(accounts.id, accessRecords.subjectId)))),
      },
      { name: 'disclosures (closed accounts)', table: disclosures, where: (now) => sql`${disclosures.accountId} in ${closedBefore(now)}` },
      // Last, the requests themselves (the closure record that dated the others goes with them).
      { name: 'data_subject_requests (closed accounts)', table: dataSubjectRequests, where: (now) => sql`${dataSubjectRequests.accountId} in ${closedBefore(now)}` },
    ];
  }

  handler(): JobHandler {
    return {
      kind: RETENTION_JOB,
      step: async (tx, job) => {
        const now = new Date(String(job.payload.now ?? new Date().toISOString()));
        // `targets` in the payload limits a sweep to some of them (operators re-running one part).
        const only = Array.isArray(job.payload.targets) ? (job.payload.targets as string[]) : null;
        const targets = this.targets().filter((t) => !only || only.includes(t.name));
        let index = Number(job.cursor?.target ?? 0);
        // Skip targets without a period (one batch should do real work).
        while (targets[index] && targets[index]!.where(now) === undefined) index += 1;
        const target = targets[index];
        if (!target) return { cursor: { target: index }, handled: 0, done: true };
        const deleted = await this.deleteBatch(tx, target.table, target.where(now)!);
        const next = deleted < this.batchSize ? index + 1 : index;
        return { cursor: { target: next, name: target.name }, handled: deleted, done: next >= targets.length };
      },
    };
  }

  private async deleteBatch(tx: Executor, table: PgTable, where: SQL): Promise<number> {
    const [row] = rowsOf<{ n: number }>(
      await tx.execute(sql`with d as (delete from ${table} where ctid in (select ctid from ${table} where ${where} limit ${this.batchSize}) returning 1) select count(*)::int as n from d`),
    );
    return row?.n ?? 0;
  }
}
