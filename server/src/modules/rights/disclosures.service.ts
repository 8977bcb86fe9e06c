// Disclosures to authorities (PIPL Art. 13(3), 18): recorded by the privacy officer with the
// authority, legal basis, categories and time. A disclosure enters the person's access log when
// it is recorded, or, when the law defers telling the person, as soon as the deferral ends (the
// scheduled release job, and any read of the person's own list).
import { and, desc, eq, isNotNull, isNull, lte, or } from 'drizzle-orm';
import { isDataCategory, type DataCategory } from '@shebao/vocabulary';
import type { AccessRecorder } from '../../authz/access-record.js';
import type { Database, Executor } from '../../db/database.js';
import type { JobHandler } from '../../db/jobs/job-runner.js';
import { accounts, disclosures } from '../../db/schema.js';
import { appError } from '../../lib/errors.js';
import type { OperatorAuditPort } from '../operators/index.js';

export const DISCLOSURE_RELEASE_JOB = 'rights.disclosure-release';
const TEXT_MAX = 500;

export type DisclosureRow = typeof disclosures.$inferSelect;
export type DisclosureInput = {
  accountId: string;
  authority: string;
  legalBasis: string;
  categories: readonly string[];
  disclosedAt: Date;
  deferralBasis?: string | null;
  deferredUntil?: Date | null;
};

export class DisclosureService {
  constructor(
    private readonly db: Database,
    private readonly accessLog: AccessRecorder,
    private readonly audit: OperatorAuditPort,
  ) {}

  async record(input: DisclosureInput, operatorId: string): Promise<DisclosureRow> {
    const authority = input.authority.trim();
    const legalBasis = input.legalBasis.trim();
    if (!authority || authority.length > TEXT_MAX) throw appError('BAD_USER_INPUT', 'Name the authority', { field: 'input.authority' });
    if (!legalBasis || legalBasis.length > TEXT_MAX) throw appError('BAD_USER_INPUT', 'Name the legal basis', { field: 'input.legalBasis' });
    const categories = [...new Set(input.categories)];
    if (categories.length === 0 || !categories.every(isDataCategory)) throw appError('BAD_USER_INPUT', 'Name the categories disclosed', { field: 'input.categories' });
    const deferred = input.deferredUntil ?? null;
    const basis = input.deferralBasis?.trim() || null;
    if ((deferred === null) !== (basis === null)) throw appError('BAD_USER_INPUT', 'A deferral needs both its legal basis and its end date', { field: 'input.deferredUntil' });
    if (basis && basis.length > TEXT_MAX) throw appError('BAD_USER_INPUT', 'Deferral basis too long', { field: 'input.deferralBasis' });
    return this.db.transaction(async (tx) => {
      const [account] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, input.accountId));
      if (!account) throw appError('NOT_FOUND', 'No such person');
      const [row] = await tx
        .insert(disclosures)
        .values({ accountId: input.accountId, authority, legalBasis, categories, disclosedAt: input.disclosedAt, deferralBasis: basis, deferredUntil: deferred, recordedBy: operatorId })
        .returning();
      await this.audit.append(tx, { operatorId, action: 'disclosure.record', target: `disclosure:${row!.id}`, detail: { categories, deferred: deferred !== null } });
      if (deferred === null || deferred <= new Date()) return this.release(tx, row!);
      return row!;
    });
  }

  /** Puts due disclosures into their subjects' access logs; for one subject, or every one. */
  async releaseDue(now = new Date(), accountId?: string, executor: Executor = this.db): Promise<number> {
    const due = await executor
      .select()
      .from(disclosures)
      .where(
        and(
          isNull(disclosures.releasedAt),
          or(isNull(disclosures.deferredUntil), lte(disclosures.deferredUntil, now)),
          accountId ? eq(disclosures.accountId, accountId) : undefined,
        ),
      )
      .limit(500);
    for (const row of due) await this.release(executor, row);
    return due.length;
  }

  private async release(tx: Executor, row: DisclosureRow): Promise<DisclosureRow> {
    // Claim the row first, so two releases of the same disclosure cannot both append.
    const [claimed] = await tx.update(disclosures).set({ releasedAt: new Date() }).where(and(eq(disclosures.id, row.id), isNull(disclosures.releasedAt))).returning();
    if (!claimed) return row;
    await this.accessLog.append(
      {
        subjectId: row.accountId,
        principalType: 'AUTHORITY',
        principalId: row.authority,
        partnerId: null,
        categories: row.categories as DataCategory[],
        purpose: 'LEGAL_OBLIGATION',
        // For an authority the record's "operation" is the legal basis it asked under.
        operationName: row.legalBasis,
        requestId: `disclosure:${row.id}`,
      },
      tx,
    );
    return claimed;
  }

  /** What the person may see: released disclosures only (a deferred one stays hidden until its end). */
  async visibleTo(accountId: string): Promise<DisclosureRow[]> {
    await this.releaseDue(new Date(), accountId);
    return this.db
      .select()
      .from(disclosures)
      .where(and(eq(disclosures.accountId, accountId), isNotNull(disclosures.releasedAt)))
      .orderBy(desc(disclosures.disclosedAt));
  }

  /** The privacy officer's list, deferred ones included. */
  list(limit = 200): Promise<DisclosureRow[]> {
    return this.db.select().from(disclosures).orderBy(desc(disclosures.createdAt)).limit(limit);
  }

  async exportData(accountId: string): Promise<Record<string, unknown>> {
    const rows = await this.visibleTo(accountId);
    return { disclosures: rows.map(({ accountId: _a, recordedBy: _r, deferralBasis: _d, ...rest }) => rest) };
  }

  handler(): JobHandler {
    return {
      kind: DISCLOSURE_RELEASE_JOB,
      step: async (tx) => {
        const released = await this.releaseDue(new Date(), undefined, tx);
        return { cursor: {}, handled: released, done: released < 500 };
      },
    };
  }
}
