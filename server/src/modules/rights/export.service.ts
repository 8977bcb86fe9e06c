// Copies of the person's data (PIPL Art. 45): the export (everything, as the modules declare it)
// and the transfer (the same, grouped by data category, in the documented format of
// docs/data-transfer-format.md). Prepared by a job, stored encrypted, downloaded by the owner.
import { and, eq } from 'drizzle-orm';
import { EXPORT_FORMAT, TRANSFER_FORMAT, type DataCategory } from '@shebao/vocabulary';
import type { FieldCrypto } from '../../config/field-crypto.js';
import type { Database, Executor } from '../../db/database.js';
import type { JobHandler } from '../../db/jobs/job-runner.js';
import { dataExports, dataSubjectRequests } from '../../db/schema.js';
import { EXPORT_JOB } from './requests.service.js';

/** How long a prepared copy stays downloadable. */
const EXPORT_TTL_MS = 7 * 86_400_000;

/**
 * Where each category lives in the export: top-level key and, for a part of an object, its fields.
 * The transfer format and the test that every category is exported read this one table.
 */
export const EXPORT_SECTIONS: Record<DataCategory, readonly { key: string; fields?: readonly string[] }[]> = {
  'account.contact': [{ key: 'account', fields: ['phone'] }],
  'account.profile': [{ key: 'account', fields: ['displayName', 'photoUrl', 'profilePublic'] }],
  'identity.basic': [{ key: 'identity', fields: ['realName', 'gender', 'ethnicity', 'birthday'] }],
  'identity.document': [{ key: 'identity', fields: ['idNumber'] }, { key: 'card', fields: ['cardNumber'] }],
  'insurance.status': [{ key: 'participations' }, { key: 'identity', fields: ['city', 'employer'] }],
  'insurance.contributions': [{ key: 'contributions' }],
  'insurance.balance': [{ key: 'balances' }],
  'medical.records': [{ key: 'medicalRecords' }],
  'device.info': [{ key: 'devices' }],
  'device.logs': [{ key: 'deviceEvents' }, { key: 'searches' }],
  location: [{ key: 'locations' }],
  'app.instance': [{ key: 'installations' }, { key: 'installationEvents' }],
};

/** Records about the processing itself, not a data category: carried whole in both formats. */
export const RECORD_SECTIONS = ['consentEvents', 'accessRecords', 'dataRequests', 'supportRequests', 'breachNotices', 'disclosures'] as const;

export type ExportPort = {
  /** Everything held about the person, as `AccountService.exportData` assembles it from every module. */
  exportData(accountId: string): Promise<Record<string, unknown> | null>;
};

export function pick(value: unknown, fields: readonly string[] | undefined): unknown {
  if (!fields || value == null || typeof value !== 'object') return value ?? null;
  return Object.fromEntries(fields.map((f) => [f, (value as Record<string, unknown>)[f] ?? null]));
}

/** The transfer document: categories by name, each with its sections; records as they are. */
export function toTransfer(data: Record<string, unknown>, controller: string): Record<string, unknown> {
  const categories = Object.fromEntries(
    (Object.entries(EXPORT_SECTIONS) as [DataCategory, (typeof EXPORT_SECTIONS)[DataCategory]][]).map(([category, sections]) => [
      category,
      Object.fromEntries(sections.map((s) => [s.key, pick(data[s.key], s.fields)])),
    ]),
  );
  const records = Object.fromEntries(RECORD_SECTIONS.map((key) => [key, data[key] ?? []]));
  return { format: TRANSFER_FORMAT, generatedAt: data.exportedAt, controller, categories, records };
}

export class ExportService {
  constructor(
    private readonly db: Database,
    private readonly crypto: FieldCrypto,
    private readonly source: ExportPort,
    private readonly controller: string,
  ) {}

  /** The job that prepares a copy: one batch, the archive and the request's completion together. */
  handler(): JobHandler {
    return {
      kind: EXPORT_JOB,
      load: async (job) => {
        const [request] = await this.db.select().from(dataSubjectRequests).where(eq(dataSubjectRequests.id, String(job.payload.requestId)));
        return request ? this.source.exportData(request.accountId) : null;
      },
      step: async (tx, job) => {
        await this.prepare(tx, String(job.payload.requestId), job.loaded as Record<string, unknown> | null);
        return { cursor: { prepared: true }, handled: 1, done: true };
      },
    };
  }

  private async prepare(tx: Executor, requestId: string, data: Record<string, unknown> | null): Promise<void> {
    const [request] = await tx.select().from(dataSubjectRequests).where(eq(dataSubjectRequests.id, requestId));
    if (!request || request.status === 'COMPLETED' || request.status === 'REJECTED') return;
    if (!data) return; // the account closed meanwhile; its erasure removes the request's copy too
    const document = request.kind === 'TRANSFER' ? toTransfer(data, this.controller) : { format: EXPORT_FORMAT, ...data };
    const json = JSON.stringify(document, null, 2);
    const now = new Date();
    await tx
      .insert(dataExports)
      .values({
        requestId,
        accountId: request.accountId,
        format: request.kind === 'TRANSFER' ? TRANSFER_FORMAT : EXPORT_FORMAT,
        contentEncrypted: this.crypto.encrypt(json),
        bytes: Buffer.byteLength(json),
        expiresAt: new Date(now.getTime() + EXPORT_TTL_MS),
      })
      .onConflictDoNothing();
    await tx.update(dataSubjectRequests).set({ status: 'COMPLETED', completedAt: now }).where(eq(dataSubjectRequests.id, requestId));
  }

  /** The prepared file, for its owner only; null when there is none (not ready, expired, someone else's). */
  async download(accountId: string, requestId: string): Promise<{ fileName: string; mediaType: string; format: string; content: string; expiresAt: Date } | null> {
    const [row] = await this.db.select().from(dataExports).where(and(eq(dataExports.requestId, requestId), eq(dataExports.accountId, accountId)));
    if (!row || row.expiresAt < new Date()) return null;
    const day = row.createdAt.toISOString().slice(0, 10);
    return {
      fileName: `shebao-${row.format === TRANSFER_FORMAT ? 'transfer' : 'export'}-${day}.json`,
      mediaType: 'application/json',
      format: row.format,
      content: this.crypto.decrypt(row.contentEncrypted),
      expiresAt: row.expiresAt,
    };
  }

  async readyFor(accountId: string): Promise<Map<string, Date>> {
    const rows = await this.db.select({ requestId: dataExports.requestId, expiresAt: dataExports.expiresAt }).from(dataExports).where(eq(dataExports.accountId, accountId));
    return new Map(rows.map((r) => [r.requestId, r.expiresAt]));
  }
}
