// Support access only through the person: they open a support request choosing the categories
// and how long, and give the reference to support. A support operator with the reference sees
// those categories only, sensitive values masked, and every read is a record in the person's
// access log. There is no other way for staff to read personal data.
import { randomInt } from 'node:crypto';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { SUPPORT_ACCESS_MAX_HOURS, isDataCategory, isSensitive, REQUEST_NOTE_MAX_CHARS, type DataCategory } from '@shebao/vocabulary';
import type { Database } from '../../db/database.js';
import { supportGrants } from '../../db/schema.js';
import { appError } from '../../lib/errors.js';
import type { AccessRecorder } from '../../authz/access-record.js';
import { EXPORT_SECTIONS, pick, type ExportPort } from './export.service.js';

export type SupportGrantRow = typeof supportGrants.$inferSelect;
/** Easy to read out on the phone: no 0/O, 1/I. */
const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const REFERENCE_LENGTH = 8;

/** Keeps the shape and a hint (first and last characters), hides the rest. */
export function maskValue(value: unknown): unknown {
  if (value === null || value === undefined || typeof value === 'boolean') return value ?? null;
  if (Array.isArray(value)) return value.map(maskValue);
  if (value instanceof Date) return value.toISOString().slice(0, 7); // the month only
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskValue(v)]));
  const text = String(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) return text.slice(0, 7);
  if (text.length <= 2) return '*'.repeat(text.length);
  const keep = text.length >= 8 ? 2 : 1;
  return `${text.slice(0, keep)}${'*'.repeat(text.length - 2 * keep)}${text.slice(-keep)}`;
}

/** The phone number shows its first 3 and last 4 digits (as on a bill); other non-sensitive values as they are. */
function maskContact(value: unknown): unknown {
  if (value && typeof value === 'object' && 'phone' in value && typeof (value as { phone: unknown }).phone === 'string') {
    const phone = (value as { phone: string }).phone;
    return { ...value, phone: `${phone.slice(0, 3)}****${phone.slice(-4)}` };
  }
  return value;
}

export class SupportService {
  constructor(
    private readonly db: Database,
    private readonly lookupHash: (value: string) => string,
    private readonly data: ExportPort,
    private readonly accessLog: AccessRecorder,
  ) {}

  /** Opens a support request; the reference is shown to the person once and stored only as a hash. */
  async open(accountId: string, input: { categories: readonly string[]; hours: number; note?: string | null }): Promise<{ grant: SupportGrantRow; reference: string }> {
    const categories = [...new Set(input.categories)];
    if (categories.length === 0 || !categories.every(isDataCategory)) throw appError('BAD_USER_INPUT', 'Choose what support may see', { field: 'input.categories' });
    if (!Number.isInteger(input.hours) || input.hours < 1 || input.hours > SUPPORT_ACCESS_MAX_HOURS) {
      throw appError('BAD_USER_INPUT', `From 1 to ${SUPPORT_ACCESS_MAX_HOURS} hours`, { field: 'input.hours' });
    }
    const note = input.note?.trim() || null;
    if (note && note.length > REQUEST_NOTE_MAX_CHARS) throw appError('BAD_USER_INPUT', 'Note too long', { field: 'input.note' });
    const reference = Array.from({ length: REFERENCE_LENGTH }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]).join('');
    const [grant] = await this.db
      .insert(supportGrants)
      .values({ accountId, referenceHash: this.referenceHash(reference), categories, note, expiresAt: new Date(Date.now() + input.hours * 3_600_000) })
      .returning();
    return { grant: grant!, reference };
  }

  list(accountId: string): Promise<SupportGrantRow[]> {
    return this.db.select().from(supportGrants).where(eq(supportGrants.accountId, accountId)).orderBy(desc(supportGrants.createdAt));
  }

  async revoke(accountId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .update(supportGrants)
      .set({ revokedAt: new Date() })
      .where(and(eq(supportGrants.id, id), eq(supportGrants.accountId, accountId), isNull(supportGrants.revokedAt)))
      .returning({ id: supportGrants.id });
    return rows.length > 0;
  }

  /**
   * A support operator's view under a reference: the granted categories only, masked; the read is
   * recorded in the person's access log first. An unknown, expired or revoked reference is NOT_FOUND.
   */
  async view(reference: string, operatorId: string, requestId: string): Promise<{ grant: SupportGrantRow; data: Partial<Record<DataCategory, unknown>> }> {
    const normalized = reference.trim().toUpperCase();
    if (!/^[A-Z0-9]{8}$/.test(normalized)) throw appError('BAD_USER_INPUT', 'A reference has 8 letters and digits', { field: 'reference' });
    const [grant] = await this.db
      .select()
      .from(supportGrants)
      .where(and(eq(supportGrants.referenceHash, this.referenceHash(normalized)), isNull(supportGrants.revokedAt), gt(supportGrants.expiresAt, new Date())));
    if (!grant) throw appError('NOT_FOUND', 'No open support request with this reference');
    const categories = grant.categories.filter(isDataCategory);
    await this.accessLog.append({
      subjectId: grant.accountId,
      principalType: 'OPERATOR',
      principalId: operatorId,
      partnerId: null,
      categories,
      purpose: 'SERVICE',
      operationName: 'supportView',
      requestId,
    });
    const everything = (await this.data.exportData(grant.accountId)) ?? {};
    const data: Partial<Record<DataCategory, unknown>> = {};
    for (const category of categories) {
      const part = Object.fromEntries(EXPORT_SECTIONS[category].map((s) => [s.key, pick(everything[s.key], s.fields)]));
      data[category] = isSensitive(category) ? maskValue(part) : category === 'account.contact' ? { account: maskContact(part.account) } : part;
    }
    return { grant, data };
  }

  private referenceHash(reference: string): string {
    return this.lookupHash(`support-reference:${reference}`);
  }

  async exportData(accountId: string): Promise<Record<string, unknown>> {
    const rows = await this.list(accountId);
    return { supportRequests: rows.map(({ accountId: _a, referenceHash: _h, ...rest }) => rest) };
  }
}
