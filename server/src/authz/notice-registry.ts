// Every published notice version, in memory. Instances reload when another instance publishes
// (PostgreSQL LISTEN/NOTIFY), so a new version takes effect everywhere at once.
import { asc } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { noticeVersions } from '../db/schema.js';
import { canonicalJson, sha256Hex } from '../lib/canonical-json.js';
import type { DataCategory, Purpose } from '@shebao/vocabulary';

export const NOTICE_CHANNEL = 'shebao_notice_published';

// The shape of a notice: the consent module writes its content, this registry and the decisions read it.
export type Localized = { zh: string; en: string };

export type NoticePurposeSpec = {
  purpose: Purpose;
  name: Localized;
  description: Localized;
  categories: DataCategory[];
  /** Categories processed because the service cannot work without them (PIPL Art. 13(2)); the rest need consent. */
  necessaryCategories: DataCategory[];
  recipients: Localized[];
  /** Days after the purpose ends (withdrawal, closing the account); null: kept only as long as the law requires. */
  retentionDays: number | null;
  /** Needs a separate, explicit grant (PIPL Art. 23, 29): partners and sensitive categories. */
  separateConsent: boolean;
};

export type NoticeContent = {
  controller: Localized;
  contact: string;
  purposes: NoticePurposeSpec[];
};

export type NoticeVersion = {
  version: number;
  content: NoticeContent;
  contentHash: string;
  publishedAt: Date;
  purposeHashes: Map<Purpose, string>;
};

export function hashNotice(content: NoticeContent): string {
  return sha256Hex(canonicalJson(content));
}

function hashPurpose(spec: NoticePurposeSpec): string {
  return sha256Hex(canonicalJson(spec));
}

export class NoticeRegistry {
  private versions = new Map<number, NoticeVersion>();
  private currentVersion: NoticeVersion | undefined;

  constructor(private readonly db: Database) {}

  async reload(): Promise<void> {
    const rows = await this.db.select().from(noticeVersions).orderBy(asc(noticeVersions.version));
    const next = new Map<number, NoticeVersion>();
    for (const row of rows) {
      const content = row.content as NoticeContent;
      next.set(row.version, {
        version: row.version,
        content,
        contentHash: row.contentHash,
        publishedAt: row.publishedAt,
        purposeHashes: new Map(content.purposes.map((p) => [p.purpose, hashPurpose(p)])),
      });
    }
    this.versions = next;
    this.currentVersion = rows.length > 0 ? next.get(rows[rows.length - 1]!.version) : undefined;
  }

  current(): NoticeVersion {
    if (!this.currentVersion) throw new Error('No privacy notice has been published');
    return this.currentVersion;
  }

  get(version: number): NoticeVersion | undefined {
    return this.versions.get(version);
  }

  all(): NoticeVersion[] {
    return [...this.versions.values()];
  }

  purposeSpec(purpose: Purpose, version = this.current().version): NoticePurposeSpec | undefined {
    return this.versions.get(version)?.content.purposes.find((p) => p.purpose === purpose);
  }

  /** A grant made under `version` still counts when the purpose reads the same in the current notice. */
  purposeUnchangedSince(version: number, purpose: Purpose, category: DataCategory): boolean {
    const current = this.current();
    const then = this.versions.get(version);
    if (!then) return false;
    const hash = current.purposeHashes.get(purpose);
    return hash !== undefined && hash === then.purposeHashes.get(purpose) && this.purposeSpec(purpose)!.categories.includes(category);
  }

  necessaryCategories(purpose: Purpose): DataCategory[] {
    return this.purposeSpec(purpose)?.necessaryCategories ?? [];
  }
}
