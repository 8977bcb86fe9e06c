// Notice versions as the privacy officer makes them: a draft is data (the same NoticeContent the
// registry reads), compared purpose by purpose with the current notice, and published in one
// transaction with its audit entry. Publishing a purpose that changed makes every grant for it
// stop counting (authz/consent-state.ts: a grant counts only while its purpose reads the same)
// and bumps the consent version of everyone who held one, so their apps re-check at once and
// the consent centre asks them again. Nothing counts as consent by continued use.
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { ALL_CATEGORIES, PURPOSES, type DataCategory, type Purpose } from '@shebao/vocabulary';
import { z } from 'zod';
import { hashNotice, type NoticeContent, type NoticePurposeSpec, type NoticeRegistry } from '../../authz/notice-registry.js';
import { rowsOf, type Database, type Executor } from '../../db/database.js';
import { accounts, consentEvents, noticeDrafts } from '../../db/schema.js';
import { uuidArgument } from '../../graphql/arguments.js';
import { canonicalJson } from '../../lib/canonical-json.js';
import { appError } from '../../lib/errors.js';
import type { OperatorAuditPort } from '../operators/index.js';
import type { NoticeService } from './notice.service.js';
import type { NoticeDiff, NoticeDraft, NoticePublished, NoticePurposeDiff, PublishedNoticeVersion } from './notice-drafts.types.js';

const localized = z.object({ zh: z.string().trim().min(1).max(2000), en: z.string().trim().min(1).max(2000) }).strict();
const category = z.enum(ALL_CATEGORIES as [DataCategory, ...DataCategory[]]);
const unique = <T>(list: readonly T[]) => new Set(list).size === list.length;

const purposeSpec = z
  .object({
    purpose: z.enum(PURPOSES as unknown as [Purpose, ...Purpose[]]),
    name: localized,
    description: localized,
    categories: z.array(category).min(1).refine(unique, 'must not repeat a category'),
    necessaryCategories: z.array(category).refine(unique, 'must not repeat a category'),
    recipients: z.array(localized).min(1).max(20),
    retentionDays: z.number().int().min(0).max(36_500).nullable(),
    separateConsent: z.boolean(),
  })
  .strict()
  .refine((p) => p.necessaryCategories.every((c) => p.categories.includes(c)), { message: 'necessary categories must be among the categories', path: ['necessaryCategories'] });

const noticeContent = z
  .object({ controller: localized, contact: z.string().trim().min(3).max(200), purposes: z.array(purposeSpec).min(1) })
  .strict()
  .refine((n) => unique(n.purposes.map((p) => p.purpose)), { message: 'each purpose once', path: ['purposes'] })
  .refine((n) => n.purposes.some((p) => p.purpose === 'SERVICE'), { message: 'the service itself (SERVICE) must be a purpose', path: ['purposes'] });

/** A draft's content, checked; a problem is BAD_USER_INPUT naming the field (never echoing a value). */
export function parseNoticeContent(input: unknown): NoticeContent {
  const parsed = noticeContent.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = ['content', ...issue.path].join('.');
    throw appError('BAD_USER_INPUT', `Invalid notice content at ${field}: ${issue.message}`, { field });
  }
  return parsed.data as NoticeContent;
}


/** Purpose by purpose: what a draft changes. Any change to a purpose's spec needs re-consent (its hash changes). */
export function diffNotices(from: NoticeContent, to: NoticeContent): NoticePurposeDiff[] {
  const before = new Map(from.purposes.map((p) => [p.purpose, p]));
  const after = new Map(to.purposes.map((p) => [p.purpose, p]));
  const order = [...new Set([...from.purposes.map((p) => p.purpose), ...to.purposes.map((p) => p.purpose)])];
  return order.map((purpose) => {
    const old = before.get(purpose);
    const next = after.get(purpose);
    const empty: NoticePurposeSpec = { purpose, name: { zh: '', en: '' }, description: { zh: '', en: '' }, categories: [], necessaryCategories: [], recipients: [], retentionDays: null, separateConsent: false };
    const a = old ?? empty;
    const b = next ?? empty;
    const change = !old ? 'ADDED' : !next ? 'REMOVED' : canonicalJson(old) === canonicalJson(next) ? 'UNCHANGED' : 'CHANGED';
    return {
      purpose,
      change,
      addedCategories: b.categories.filter((c) => !a.categories.includes(c)),
      removedCategories: a.categories.filter((c) => !b.categories.includes(c)),
      addedNecessary: b.necessaryCategories.filter((c) => !a.necessaryCategories.includes(c)),
      removedNecessary: a.necessaryCategories.filter((c) => !b.necessaryCategories.includes(c)),
      retentionDaysBefore: old ? a.retentionDays : null,
      retentionDaysAfter: next ? b.retentionDays : null,
      recipientsChanged: !!old && !!next && canonicalJson(a.recipients) !== canonicalJson(b.recipients),
      wordingChanged: !!old && !!next && canonicalJson([a.name, a.description]) !== canonicalJson([b.name, b.description]),
      separateConsentChanged: !!old && !!next && a.separateConsent !== b.separateConsent,
      // A new purpose has no grants yet; a changed or removed one ends the grants made for it.
      needsReconsent: change === 'CHANGED' || change === 'REMOVED',
    } satisfies NoticePurposeDiff;
  });
}

type DraftRow = typeof noticeDrafts.$inferSelect;

export class NoticeDraftService {
  constructor(
    private readonly db: Database,
    private readonly registry: NoticeRegistry,
    private readonly notice: Pick<NoticeService, 'publish'>,
    private readonly audit: OperatorAuditPort,
  ) {}

  versions(): PublishedNoticeVersion[] {
    return this.registry
      .all()
      .map((v) => ({ version: v.version, contentHash: v.contentHash, publishedAt: v.publishedAt, content: v.content }))
      .reverse();
  }

  async drafts(): Promise<NoticeDraft[]> {
    const rows = await this.db.select().from(noticeDrafts).where(isNull(noticeDrafts.publishedVersion)).orderBy(desc(noticeDrafts.updatedAt));
    return rows.map(view);
  }

  async draft(id: string): Promise<DraftRow> {
    const [row] = await this.db.select().from(noticeDrafts).where(eq(noticeDrafts.id, uuidArgument(id, 'id')));
    if (!row) throw appError('NOT_FOUND', 'No such notice draft');
    return row;
  }

  /** A new draft: the current notice, to edit. */
  async create(operatorId: string): Promise<NoticeDraft> {
    const current = this.registry.current();
    return this.db.transaction(async (tx) => {
      const [row] = await tx.insert(noticeDrafts).values({ baseVersion: current.version, content: current.content, createdBy: operatorId }).returning();
      await this.audit.append(tx, { operatorId, action: 'notice.draft_create', target: `notice_draft:${row!.id}`, detail: { baseVersion: current.version } });
      return view(row!);
    });
  }

  async update(operatorId: string, id: string, content: unknown): Promise<NoticeDraft> {
    const checked = parseNoticeContent(content);
    const draft = await this.draft(id);
    if (draft.publishedVersion !== null) throw appError('BAD_USER_INPUT', 'This draft is already published', { field: 'id' });
    return this.db.transaction(async (tx) => {
      const [row] = await tx.update(noticeDrafts).set({ content: checked, updatedAt: new Date() }).where(eq(noticeDrafts.id, draft.id)).returning();
      await this.audit.append(tx, { operatorId, action: 'notice.draft_update', target: `notice_draft:${draft.id}`, detail: { contentHash: hashNotice(checked) } });
      return view(row!);
    });
  }

  async diff(id: string): Promise<NoticeDiff> {
    const draft = await this.draft(id);
    const current = this.registry.current();
    const purposes = diffNotices(current.content, draft.content as NoticeContent);
    const reconsent = purposes.filter((p) => p.needsReconsent).map((p) => p.purpose);
    return { fromVersion: current.version, purposes, affectedPeople: await countAffected(this.db, reconsent) };
  }

  /**
   * Publishes the draft as the next version, if it was drafted from the current one: the version,
   * the draft's mark, the consent-version bump of everyone whose grants it affects and the audit
   * entry commit together; every instance then reloads the notice (NOTIFY).
   */
  async publish(operatorId: string, id: string): Promise<NoticePublished> {
    const draft = await this.draft(id);
    if (draft.publishedVersion !== null) throw appError('BAD_USER_INPUT', 'This draft is already published', { field: 'id' });
    const current = this.registry.current();
    if (draft.baseVersion !== current.version) {
      throw appError('NOTICE_OUTDATED', 'A newer notice was published since this draft was made; start a new draft', { currentVersion: current.version });
    }
    const content = parseNoticeContent(draft.content);
    const reconsentPurposes = diffNotices(current.content, content)
      .filter((p) => p.needsReconsent)
      .map((p) => p.purpose);
    if (hashNotice(content) === current.contentHash) throw appError('BAD_USER_INPUT', 'The draft does not change the notice', { field: 'id' });
    let affectedPeople = 0;
    const version = await this.notice.publish(content, async (tx, published) => {
      const marked = await tx
        .update(noticeDrafts)
        .set({ publishedVersion: published })
        .where(and(eq(noticeDrafts.id, draft.id), isNull(noticeDrafts.publishedVersion)))
        .returning({ id: noticeDrafts.id });
      if (marked.length === 0) throw appError('BAD_USER_INPUT', 'This draft is already published', { field: 'id' });
      affectedPeople = await bumpAffected(tx, reconsentPurposes);
      await this.audit.append(tx, {
        operatorId,
        action: 'notice.publish',
        target: `notice:${published}`,
        detail: { draft: draft.id, fromVersion: current.version, contentHash: hashNotice(content), reconsentPurposes, affectedPeople },
      });
    });
    return { version, reconsentPurposes, affectedPeople };
  }
}

function view(row: DraftRow): NoticeDraft {
  return { id: row.id, baseVersion: row.baseVersion, content: row.content, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

/** People who ever granted for one of these purposes (a withdrawn grant gives nothing to renew, and a bump costs nothing). */
function grantHolders(purposes: readonly Purpose[]) {
  return sql`select distinct ${consentEvents.accountId} from ${consentEvents} where ${consentEvents.kind} = 'GRANT' and ${inArray(consentEvents.purpose, [...purposes])}`;
}

async function countAffected(db: Executor, purposes: readonly Purpose[]): Promise<number> {
  if (purposes.length === 0) return 0;
  const rows = rowsOf<{ n: number | string }>(await db.execute(sql`select count(*) as n from (${grantHolders(purposes)}) holders`));
  return Number(rows[0]?.n ?? 0);
}

/** Their consent version grows: apps re-check their offline copies and decisions are made anew. */
async function bumpAffected(tx: Executor, purposes: readonly Purpose[]): Promise<number> {
  if (purposes.length === 0) return 0;
  const bumped = await tx
    .update(accounts)
    .set({ consentVersion: sql`${accounts.consentVersion} + 1` })
    .where(sql`${accounts.id} in (${grantHolders(purposes)})`)
    .returning({ id: accounts.id });
  return bumped.length;
}
