// Requests from people, each with a deadline in working days and a status the person sees.
// Exports and transfers are prepared by a durable job; closure starts at once and is finished by
// the erasure job; corrections, restrictions and partial deletions are answered by an operator.
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  DATA_CATEGORIES,
  DUE_SOON_WORKING_DAYS,
  REQUEST_NOTE_MAX_CHARS,
  isDataCategory,
  type DataCategory,
  type DataRequestKind,
  type DataRequestStatus,
  type DeadlineFlag,
} from '@shebao/vocabulary';
import { bumpConsentVersion } from '../../authz/consent-version.js';
import type { Database, Executor } from '../../db/database.js';
import type { JobRunner } from '../../db/jobs/job-runner.js';
import { dataSubjectRequests } from '../../db/schema.js';
import { appError } from '../../lib/errors.js';
import type { WorkingDayCalendar } from '../../lib/working-days.js';
import type { OperatorAuditPort } from '../operators/index.js';

export type RequestRow = typeof dataSubjectRequests.$inferSelect;

/** The kinds a person files here (the table also holds older ACCESS/WITHDRAWAL records). */
const FILED_KINDS: readonly DataRequestKind[] = ['EXPORT', 'TRANSFER', 'CORRECTION', 'RESTRICTION', 'DELETION', 'CLOSURE'];
const OPEN: DataRequestStatus[] = ['RECEIVED', 'IN_PROGRESS'];
export const EXPORT_JOB = 'rights.export';
/** The advisory-lock space of filing an export or transfer (`pg_advisory_xact_lock(space, hashtext(account:kind))`). */
const FILE_LOCK_SPACE = 0x5342_5251; // 'SBRQ'

export type RequestSettings = { deadlineWorkingDays: number };

export class DataRequestService {
  constructor(
    private readonly db: Database,
    private readonly calendar: WorkingDayCalendar,
    private readonly settings: RequestSettings,
    private readonly jobs: JobRunner,
    private readonly audit: OperatorAuditPort,
  ) {}

  /** Checks what the person asked for; bad input changes nothing. */
  static checkDetails(kind: DataRequestKind, input: { categories?: readonly string[] | null; note?: string | null }): { categories?: DataCategory[]; note?: string } {
    const categories = input.categories ? [...new Set(input.categories)] : undefined;
    const bad = categories?.filter((c) => !isDataCategory(c)) ?? [];
    if (bad.length > 0) throw appError('BAD_USER_INPUT', 'Unknown data categories', { field: 'input.categories' });
    const note = input.note?.trim() || undefined;
    if (note && note.length > REQUEST_NOTE_MAX_CHARS) throw appError('BAD_USER_INPUT', `A note has at most ${REQUEST_NOTE_MAX_CHARS} characters`, { field: 'input.note' });
    const needsCategories = kind === 'RESTRICTION' || kind === 'DELETION' || kind === 'CORRECTION';
    if (needsCategories && !categories?.length) throw appError('BAD_USER_INPUT', 'Choose the data this request is about', { field: 'input.categories' });
    if (kind === 'CORRECTION' && !note) throw appError('BAD_USER_INPUT', 'Say what is wrong and what is right', { field: 'input.note' });
    return { ...(categories?.length ? { categories: categories as DataCategory[] } : {}), ...(note ? { note } : {}) };
  }

  deadlineFor(receivedAt: Date): Date {
    return this.calendar.deadline(receivedAt, this.settings.deadlineWorkingDays);
  }

  /** ON_TIME, DUE_SOON (≤ 3 working days left) or OVERDUE for an open request; null once answered. */
  flag(row: Pick<RequestRow, 'status' | 'dueAt'>, now = new Date()): DeadlineFlag | null {
    if (!OPEN.includes(row.status)) return null;
    if (now > row.dueAt) return 'OVERDUE';
    return this.calendar.workingDaysBetween(now, row.dueAt) <= DUE_SOON_WORKING_DAYS ? 'DUE_SOON' : 'ON_TIME';
  }

  workingDaysLeft(row: Pick<RequestRow, 'dueAt'>, now = new Date()): number {
    return this.calendar.workingDaysBetween(now, row.dueAt);
  }

  /** Files a request (closure goes through `ClosureService`). Export and transfer are prepared by a job. */
  async file(accountId: string, kind: Exclude<DataRequestKind, 'CLOSURE'>, input: { categories?: readonly string[] | null; note?: string | null }): Promise<RequestRow> {
    const details = DataRequestService.checkDetails(kind, input);
    const row = await this.db.transaction(async (tx) => {
      // Two presses at once would both find no open copy and both insert: they take turns here.
      if (kind === 'EXPORT' || kind === 'TRANSFER') await tx.execute(sql`select pg_advisory_xact_lock(${FILE_LOCK_SPACE}::int4, hashtext(${`${accountId}:${kind}`}::text))`);
      const [open] = await tx
        .select({ id: dataSubjectRequests.id })
        .from(dataSubjectRequests)
        .where(and(eq(dataSubjectRequests.accountId, accountId), eq(dataSubjectRequests.kind, kind), inArray(dataSubjectRequests.status, OPEN)))
        .limit(1);
      // One open copy at a time: a second press does not queue a second archive.
      if (open && (kind === 'EXPORT' || kind === 'TRANSFER')) return (await tx.select().from(dataSubjectRequests).where(eq(dataSubjectRequests.id, open.id)))[0]!;
      const inserted = await this.insert(tx, accountId, kind, details);
      // A restriction holds from now: partners are refused the categories on their next read.
      if (kind === 'RESTRICTION') await bumpConsentVersion(tx, accountId);
      if (kind === 'EXPORT' || kind === 'TRANSFER') {
        await this.jobs.enqueue({ kind: EXPORT_JOB, key: `${EXPORT_JOB}:${inserted.id}`, payload: { requestId: inserted.id } }, tx);
      }
      return inserted;
    });
    if (kind === 'EXPORT' || kind === 'TRANSFER') this.jobs.kick();
    return row;
  }

  async insert(tx: Executor, accountId: string, kind: DataRequestKind, details: { categories?: DataCategory[]; note?: string }, status: DataRequestStatus = 'RECEIVED'): Promise<RequestRow> {
    const receivedAt = new Date();
    const [row] = await tx
      .insert(dataSubjectRequests)
      .values({ accountId, kind, status, details, receivedAt, dueAt: this.deadlineFor(receivedAt) })
      .returning();
    return row!;
  }

  /** The person's requests, newest first. */
  list(accountId: string): Promise<RequestRow[]> {
    return this.db
      .select()
      .from(dataSubjectRequests)
      .where(and(eq(dataSubjectRequests.accountId, accountId), inArray(dataSubjectRequests.kind, [...FILED_KINDS])))
      .orderBy(desc(dataSubjectRequests.receivedAt));
  }

  /**
   * The person lifts a restriction of theirs: it stops restricting at once. One still open is
   * thereby finished (nothing is left for an operator to do).
   */
  async liftRestriction(accountId: string, id: string): Promise<RequestRow> {
    return this.db.transaction(async (tx) => {
      const now = new Date();
      const [row] = await tx
        .update(dataSubjectRequests)
        .set({ liftedAt: now })
        .where(and(eq(dataSubjectRequests.accountId, accountId), eq(dataSubjectRequests.id, id), eq(dataSubjectRequests.kind, 'RESTRICTION'), isNull(dataSubjectRequests.liftedAt)))
        .returning();
      if (!row) throw appError('NOT_FOUND', 'No restriction of yours to lift');
      if (row.status === 'REJECTED') throw appError('BAD_USER_INPUT', 'This restriction was not in effect', { field: 'id' });
      await bumpConsentVersion(tx, accountId);
      if (!OPEN.includes(row.status)) return row;
      const [finished] = await tx
        .update(dataSubjectRequests)
        .set({ status: 'COMPLETED', completedAt: now })
        .where(and(eq(dataSubjectRequests.accountId, accountId), eq(dataSubjectRequests.id, id)))
        .returning();
      return finished!;
    });
  }

  async ofAccount(accountId: string, id: string): Promise<RequestRow | null> {
    const [row] = await this.db.select().from(dataSubjectRequests).where(and(eq(dataSubjectRequests.id, id), eq(dataSubjectRequests.accountId, accountId)));
    return row ?? null;
  }

  // ── operators ─────────────────────────────────────────────────────────────────────────────
  /** The queue: open requests first, by deadline (most urgent first), then the answered ones. */
  async queue(options: { includeAnswered?: boolean; limit?: number } = {}): Promise<RequestRow[]> {
    return this.db
      .select()
      .from(dataSubjectRequests)
      .where(and(inArray(dataSubjectRequests.kind, [...FILED_KINDS]), options.includeAnswered ? undefined : inArray(dataSubjectRequests.status, OPEN)))
      .orderBy(asc(dataSubjectRequests.dueAt))
      .limit(options.limit ?? 200);
  }

  async byId(id: string): Promise<RequestRow | null> {
    const [row] = await this.db.select().from(dataSubjectRequests).where(eq(dataSubjectRequests.id, id));
    return row ?? null;
  }

  /**
   * An operator's answer: IN_PROGRESS (working on it), COMPLETED or REJECTED (the answer says why).
   * Exports, transfers and closures are finished by their jobs, not by hand. `apply` runs in the
   * same transaction (a completed deletion erases the chosen categories).
   */
  async answer(
    id: string,
    operatorId: string,
    status: Exclude<DataRequestStatus, 'RECEIVED'>,
    answer: string | null,
    apply?: (tx: Executor, row: RequestRow) => Promise<void>,
  ): Promise<RequestRow> {
    const text = answer?.trim() || null;
    if (text && text.length > REQUEST_NOTE_MAX_CHARS) throw appError('BAD_USER_INPUT', `An answer has at most ${REQUEST_NOTE_MAX_CHARS} characters`, { field: 'answer' });
    if (status === 'REJECTED' && !text) throw appError('BAD_USER_INPUT', 'A rejection must say why (PIPL Art. 50)', { field: 'answer' });
    return this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(dataSubjectRequests).where(eq(dataSubjectRequests.id, id)).for('update');
      if (!row) throw appError('NOT_FOUND', 'No such request');
      if (!OPEN.includes(row.status)) throw appError('BAD_USER_INPUT', 'This request is already answered', { field: 'id' });
      const automatic = row.kind === 'EXPORT' || row.kind === 'TRANSFER' || row.kind === 'CLOSURE';
      if (automatic && status !== 'REJECTED' && status !== 'IN_PROGRESS') throw appError('BAD_USER_INPUT', 'This request is completed by the system', { field: 'status' });
      if (status === 'COMPLETED') await apply?.(tx, row);
      // A rejected restriction stops restricting: partners may read again (if consented).
      if (status === 'REJECTED' && row.kind === 'RESTRICTION') await bumpConsentVersion(tx, row.accountId);
      const [updated] = await tx
        .update(dataSubjectRequests)
        .set({ status, answer: text, answeredBy: operatorId, completedAt: status === 'IN_PROGRESS' ? null : new Date() })
        .where(eq(dataSubjectRequests.id, id))
        .returning();
      await this.audit.append(tx, { operatorId, action: `request.${status.toLowerCase()}`, target: `request:${id}`, detail: { kind: row.kind } });
      return updated!;
    });
  }
}

/** The categories a request names, with their zh labels (for the operator's queue). */
export function categoriesOf(row: RequestRow): DataCategory[] {
  return (row.details.categories ?? []).filter((c): c is DataCategory => c in DATA_CATEGORIES);
}
