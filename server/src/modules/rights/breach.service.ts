// Breach notices (PIPL Art. 57): the security officer records an incident — categories, cause,
// possible harm, remedies taken, what people can do, whom to contact — and the window in which
// the data was exposed. Sending selects the people who held data in those categories during the
// window and notifies each of them by SMS (the outbox) and in the PWA, through a durable job
// that works through them in batches of account ids (a crash resumes without a second message).
import { and, asc, desc, eq, gt, inArray, isNull, notLike, sql, type SQL } from 'drizzle-orm';
import { isDataCategory, type DataCategory } from '@shebao/vocabulary';
import type { Database, Executor } from '../../db/database.js';
import type { JobHandler, JobRunner } from '../../db/jobs/job-runner.js';
import {
  accounts,
  appInstallations,
  breachNotices,
  breachRecipients,
  deviceEvents,
  devices,
  locationSamples,
  outbox,
  searchLogs,
  socialInsuranceCards,
} from '../../db/schema.js';
import { appError } from '../../lib/errors.js';
import type { OperatorAuditPort } from '../operators/index.js';

export const BREACH_NOTIFY_JOB = 'rights.breach-notify';
export const BREACH_SMS_TEMPLATE = 'breach_notice';
const TEXT_MAX = 2000;

export type BreachRow = typeof breachNotices.$inferSelect;

export type BreachInput = {
  summary: string;
  categories: readonly string[];
  cause: string;
  possibleHarm: string;
  remedies: string;
  whatYouCanDo: string;
  contact: string;
  discoveredAt: Date;
  windowFrom: Date;
  windowTo: Date;
};

/** Accounts whose data in `category` existed during [from, to]: a subquery of account ids. */
function holders(category: DataCategory, fromDate: Date, toDate: Date): SQL {
  // Raw fragments take timestamps as ISO text (postgres.js does not serialise a bare Date here).
  const from = sql`${fromDate.toISOString()}::timestamptz`;
  const to = sql`${toDate.toISOString()}::timestamptz`;
  switch (category) {
    case 'account.contact':
    case 'account.profile':
      return sql`select ${accounts.id} from ${accounts} where ${accounts.createdAt} <= ${to}`;
    case 'identity.basic':
    case 'identity.document':
    case 'insurance.status':
    case 'insurance.contributions':
    case 'insurance.balance':
    case 'medical.records':
      return sql`select ${socialInsuranceCards.accountId} from ${socialInsuranceCards} where ${socialInsuranceCards.linkedAt} <= ${to}`;
    case 'device.info':
      return sql`select ${devices.accountId} from ${devices} where ${devices.firstSeenAt} <= ${to} and ${devices.lastSeenAt} >= ${from}`;
    case 'device.logs':
      return sql`select ${deviceEvents.accountId} from ${deviceEvents} where ${deviceEvents.at} between ${from} and ${to} union select ${searchLogs.accountId} from ${searchLogs} where ${searchLogs.at} between ${from} and ${to}`;
    case 'location':
      return sql`select ${locationSamples.accountId} from ${locationSamples} where ${locationSamples.at} between ${from} and ${to}`;
    case 'app.instance':
      return sql`select ${appInstallations.accountId} from ${appInstallations} where ${appInstallations.installedAt} <= ${to}`;
  }
}

export class BreachService {
  constructor(
    private readonly db: Database,
    private readonly jobs: JobRunner,
    private readonly audit: OperatorAuditPort,
    private readonly batchSize = 500,
  ) {}

  async record(input: BreachInput, operatorId: string): Promise<BreachRow> {
    const texts = { summary: input.summary, cause: input.cause, possibleHarm: input.possibleHarm, remedies: input.remedies, whatYouCanDo: input.whatYouCanDo, contact: input.contact };
    for (const [field, value] of Object.entries(texts)) {
      if (!value.trim() || value.length > TEXT_MAX) throw appError('BAD_USER_INPUT', 'Every part of the notice is required (PIPL Art. 57)', { field: `input.${field}` });
    }
    const categories = [...new Set(input.categories)];
    if (categories.length === 0 || !categories.every(isDataCategory)) throw appError('BAD_USER_INPUT', 'Name the categories affected', { field: 'input.categories' });
    if (input.windowFrom > input.windowTo) throw appError('BAD_USER_INPUT', 'The window ends before it starts', { field: 'input.windowTo' });
    const trimmed = Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, v.trim()])) as typeof texts;
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(breachNotices)
        .values({ ...trimmed, categories, discoveredAt: input.discoveredAt, windowFrom: input.windowFrom, windowTo: input.windowTo, recordedBy: operatorId })
        .returning();
      await this.audit.append(tx, { operatorId, action: 'breach.record', target: `breach:${row!.id}`, detail: { categories } });
      return row!;
    });
  }

  /** The affected accounts (ids), for a preview count and for sending. */
  private affected(notice: BreachRow): SQL {
    const from = notice.windowFrom ?? new Date(0);
    const to = notice.windowTo ?? new Date();
    const parts = (notice.categories.filter(isDataCategory) as DataCategory[]).map((c) => holders(c, from, to));
    return sql.join(parts, sql` union `);
  }

  async countAffected(id: string): Promise<number> {
    const notice = await this.byId(id);
    const rows = await this.db.select({ n: sql<number>`count(*)::int` }).from(accounts).where(and(sql`${accounts.id} in (${this.affected(notice)})`, notLike(accounts.phoneHash, 'closed:%')));
    return rows[0]?.n ?? 0;
  }

  async byId(id: string): Promise<BreachRow> {
    const [row] = await this.db.select().from(breachNotices).where(eq(breachNotices.id, id));
    if (!row) throw appError('NOT_FOUND', 'No such incident');
    return row;
  }

  list(): Promise<BreachRow[]> {
    return this.db.select().from(breachNotices).orderBy(desc(breachNotices.createdAt));
  }

  /** Queues the notification job (once per notice) and starts it. */
  async send(id: string, operatorId: string): Promise<string> {
    const notice = await this.byId(id);
    if (notice.notifiedAt) throw appError('BAD_USER_INPUT', 'This notice was already sent', { field: 'id' });
    const jobId = await this.db.transaction(async (tx) => {
      await this.audit.append(tx, { operatorId, action: 'breach.send', target: `breach:${id}` });
      return this.jobs.enqueue({ kind: BREACH_NOTIFY_JOB, key: `${BREACH_NOTIFY_JOB}:${id}`, payload: { noticeId: id } }, tx);
    });
    this.jobs.kick();
    return jobId;
  }

  handler(): JobHandler {
    return {
      kind: BREACH_NOTIFY_JOB,
      step: async (tx, job) => {
        const [notice] = await tx.select().from(breachNotices).where(eq(breachNotices.id, String(job.payload.noticeId)));
        if (!notice) return { cursor: {}, handled: 0, done: true };
        const after = typeof job.cursor?.after === 'string' ? job.cursor.after : null;
        const batch = await tx
          .select({ id: accounts.id, phoneHash: accounts.phoneHash })
          .from(accounts)
          .where(and(sql`${accounts.id} in (${this.affected(notice)})`, notLike(accounts.phoneHash, 'closed:%'), after ? gt(accounts.id, after) : undefined))
          .orderBy(asc(accounts.id))
          .limit(this.batchSize);
        await this.notify(tx, notice, batch);
        const done = batch.length < this.batchSize;
        if (done) await tx.update(breachNotices).set({ notifiedAt: new Date() }).where(eq(breachNotices.id, notice.id));
        return { cursor: { after: batch.at(-1)?.id ?? after }, handled: batch.length, done };
      },
    };
  }

  private async notify(tx: Executor, notice: BreachRow, people: { id: string; phoneHash: string }[]): Promise<void> {
    if (people.length === 0) return;
    await tx
      .insert(breachRecipients)
      .values(people.map((p) => ({ noticeId: notice.id, accountId: p.id })))
      .onConflictDoNothing();
    // The SMS carries the Art. 57 contents in short and points to the notice in the app; the
    // outbox worker resolves the number from the account (no number is copied here).
    await tx.insert(outbox).values(
      people.map((p) => ({
        channel: 'sms',
        recipientHash: p.phoneHash,
        accountId: p.id,
        template: BREACH_SMS_TEMPLATE,
        payload: { noticeId: notice.id, summary: notice.summary, whatYouCanDo: notice.whatYouCanDo, contact: notice.contact },
      })),
    );
  }

  /** The notices the person received, newest first. */
  async forPerson(accountId: string): Promise<(BreachRow & { readAt: Date | null; notifiedAt: Date })[]> {
    const rows = await this.db
      .select({ notice: breachNotices, readAt: breachRecipients.readAt, sentAt: breachRecipients.notifiedAt })
      .from(breachRecipients)
      .innerJoin(breachNotices, eq(breachNotices.id, breachRecipients.noticeId))
      .where(eq(breachRecipients.accountId, accountId))
      .orderBy(desc(breachRecipients.notifiedAt));
    return rows.map((r) => ({ ...r.notice, readAt: r.readAt, notifiedAt: r.sentAt }));
  }

  async markRead(accountId: string, noticeId: string): Promise<boolean> {
    const rows = await this.db
      .update(breachRecipients)
      .set({ readAt: new Date() })
      .where(and(eq(breachRecipients.accountId, accountId), eq(breachRecipients.noticeId, noticeId), isNull(breachRecipients.readAt)))
      .returning({ id: breachRecipients.noticeId });
    return rows.length > 0;
  }

  async recipients(noticeId: string): Promise<string[]> {
    const rows = await this.db.select({ id: breachRecipients.accountId }).from(breachRecipients).where(inArray(breachRecipients.noticeId, [noticeId]));
    return rows.map((r) => r.id);
  }

  async exportData(accountId: string): Promise<Record<string, unknown>> {
    const rows = await this.forPerson(accountId);
    return { breachNotices: rows.map(({ recordedBy: _r, ...rest }) => rest) };
  }
}

