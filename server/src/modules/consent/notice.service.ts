// Renders the notice for people (zh-CN, English) from the notice data, compares versions, and
// publishes new ones. The text is generated here, so it always says what the code enforces.
import { sql } from 'drizzle-orm';
import { DATA_CATEGORIES } from '@shebao/vocabulary';
import { hashNotice, NOTICE_CHANNEL, type NoticeContent, type NoticePurposeSpec, type NoticeRegistry, type NoticeVersion } from '../../authz/notice-registry.js';
import type { Database, Executor } from '../../db/database.js';
import { noticeVersions } from '../../db/schema.js';
import type { Locale } from '../../graphql/enums.js';
import { appError } from '../../lib/errors.js';
import type { NoticeChange, NoticePurpose, PrivacyNotice } from './consent.types.js';

const lang = (locale: Locale) => (locale === 'EN' ? 'en' : 'zh');

const words = {
  zh: {
    title: (v: number) => `隐私告知（第 ${v} 版）`,
    intro: (controller: string) =>
      `${controller}按以下每一项用途处理您的个人信息。标注为“必要”的信息是提供服务所必需的；其余信息只有在您逐项同意后才会处理，您可以随时撤回，撤回与同意一样容易，并立即生效。敏感个人信息和向任何合作方提供信息，都需要您单独同意。继续使用本服务不视为同意。`,
    categories: '涉及信息',
    necessary: '必要',
    optional: '需您同意',
    sensitive: '敏感',
    recipients: '接收方',
    retention: (days: number | null) => (days === null ? '保存期限：法律要求的期限' : days === 0 ? '保存期限：用途结束后立即删除' : `保存期限：用途结束后 ${days} 天内删除`),
    separate: '需单独同意',
    rights: (contact: string) =>
      `您有权查阅、复制、导出、更正和删除您的个人信息，查看谁读取了您的数据，撤回同意和注销账号。联系方式：${contact}。`,
  },
  en: {
    title: (v: number) => `Privacy notice (version ${v})`,
    intro: (controller: string) =>
      `${controller} processes your personal information for each purpose below. Information marked "necessary" is needed to provide the service; everything else is processed only after you agree to it, item by item. You can withdraw at any time, as easily as you agreed, with immediate effect. Sensitive information and any sharing with a partner need your separate agreement. Continuing to use the service is never taken as agreement.`,
    categories: 'Information',
    necessary: 'necessary',
    optional: 'with your consent',
    sensitive: 'sensitive',
    recipients: 'Recipients',
    retention: (days: number | null) =>
      days === null ? 'Kept: as long as the law requires' : days === 0 ? 'Kept: deleted as soon as the purpose ends' : `Kept: deleted within ${days} days after the purpose ends`,
    separate: 'separate consent',
    rights: (contact: string) =>
      `You may see, copy, export, correct and delete your information, see who read your data, withdraw consent and delete your account. Contact: ${contact}.`,
  },
};

function renderPurpose(spec: NoticePurposeSpec, locale: Locale): NoticePurpose {
  const l = lang(locale);
  return {
    purpose: spec.purpose,
    name: spec.name[l],
    description: spec.description[l],
    categories: spec.categories.map((id) => ({ id, name: DATA_CATEGORIES[id][l], sensitive: DATA_CATEGORIES[id].sensitive })),
    necessaryCategories: spec.necessaryCategories,
    recipients: spec.recipients.map((r) => r[l]),
    retentionDays: spec.retentionDays,
    necessary: spec.categories.every((c) => spec.necessaryCategories.includes(c)),
    separateConsent: spec.separateConsent,
  };
}

function renderNotice(notice: NoticeVersion, locale: Locale): PrivacyNotice {
  const l = lang(locale);
  const w = words[l];
  const content = notice.content;
  const sections = content.purposes.map((spec, index) => {
    const categories = spec.categories
      .map((c) => {
        const marks = [spec.necessaryCategories.includes(c) ? w.necessary : w.optional];
        if (DATA_CATEGORIES[c].sensitive) marks.push(w.sensitive);
        return `${DATA_CATEGORIES[c][l]}（${marks.join('，')}）`;
      })
      .join(l === 'zh' ? '；' : '; ');
    return [
      `${index + 1}. ${spec.name[l]}${spec.separateConsent ? `（${w.separate}）` : ''}`,
      spec.description[l],
      `${w.categories}：${categories}`,
      `${w.recipients}：${spec.recipients.map((r) => r[l]).join(l === 'zh' ? '、' : ', ')}`,
      w.retention(spec.retentionDays),
    ].join('\n');
  });
  return {
    version: notice.version,
    hash: notice.contentHash,
    publishedAt: notice.publishedAt,
    locale,
    title: w.title(notice.version),
    text: [w.intro(content.controller[l]), ...sections, w.rights(content.contact)].join('\n\n'),
    purposes: content.purposes.map((spec) => renderPurpose(spec, locale)),
  };
}

function compareNotices(from: NoticeContent, to: NoticeContent, locale: Locale): NoticeChange[] {
  const l = lang(locale);
  const zh = l === 'zh';
  const before = new Map(from.purposes.map((p) => [p.purpose, p]));
  const after = new Map(to.purposes.map((p) => [p.purpose, p]));
  const changes: NoticeChange[] = [];
  const categoryNames = (list: readonly string[]) => list.map((c) => DATA_CATEGORIES[c as keyof typeof DATA_CATEGORIES][l]).join(zh ? '、' : ', ');
  for (const [purpose, spec] of after) {
    const old = before.get(purpose);
    if (!old) {
      changes.push({ purpose, change: 'ADDED', summary: zh ? `新增用途：${spec.name.zh}` : `New purpose: ${spec.name.en}` });
      continue;
    }
    const parts: string[] = [];
    const added = spec.categories.filter((c) => !old.categories.includes(c));
    const removed = old.categories.filter((c) => !spec.categories.includes(c));
    if (added.length) parts.push(zh ? `新增信息：${categoryNames(added)}` : `adds ${categoryNames(added)}`);
    if (removed.length) parts.push(zh ? `不再使用：${categoryNames(removed)}` : `no longer uses ${categoryNames(removed)}`);
    if (old.retentionDays !== spec.retentionDays) parts.push(zh ? '保存期限变更' : 'retention changed');
    if (JSON.stringify(old.recipients) !== JSON.stringify(spec.recipients)) parts.push(zh ? '接收方变更' : 'recipients changed');
    if (JSON.stringify(old.necessaryCategories) !== JSON.stringify(spec.necessaryCategories)) parts.push(zh ? '必要信息范围变更' : 'what is necessary changed');
    if (JSON.stringify(old.description) !== JSON.stringify(spec.description) || JSON.stringify(old.name) !== JSON.stringify(spec.name)) {
      parts.push(zh ? '说明文字变更' : 'wording changed');
    }
    if (old.separateConsent !== spec.separateConsent) parts.push(zh ? '同意方式变更' : 'consent requirement changed');
    if (parts.length) changes.push({ purpose, change: 'CHANGED', summary: `${spec.name[l]}: ${parts.join(zh ? '；' : '; ')}` });
  }
  for (const [purpose, spec] of before) {
    if (!after.has(purpose)) changes.push({ purpose, change: 'REMOVED', summary: zh ? `停止用途：${spec.name.zh}` : `Purpose ended: ${spec.name.en}` });
  }
  return changes;
}

export class NoticeService {
  constructor(
    private readonly db: Database,
    private readonly registry: NoticeRegistry,
  ) {}

  notice(version: number | undefined, locale: Locale): PrivacyNotice {
    const notice = version === undefined ? this.registry.current() : this.registry.get(version);
    if (!notice) throw appError('NOT_FOUND', 'No such notice version');
    return renderNotice(notice, locale);
  }

  changes(from: number, to: number, locale: Locale): NoticeChange[] {
    const a = this.registry.get(from);
    const b = this.registry.get(to);
    if (!a || !b) throw appError('NOT_FOUND', 'No such notice version');
    return compareNotices(a.content, b.content, locale);
  }

  /**
   * Publishes the next version and tells every instance; purposes that changed need new grants.
   * `alongside` runs in the same transaction (the draft's mark, the audit entry).
   */
  async publish(content: NoticeContent, alongside?: (tx: Executor, version: number) => Promise<void>): Promise<number> {
    const version = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(noticeVersions)
        .values({
          version: sql`(select coalesce(max(version), 0) + 1 from ${noticeVersions})`,
          content,
          contentHash: hashNotice(content),
        })
        .returning({ version: noticeVersions.version });
      await alongside?.(tx, row!.version);
      await tx.execute(sql`select pg_notify(${NOTICE_CHANNEL}, ${String(row!.version)})`);
      return row!.version;
    });
    await this.registry.reload();
    return version;
  }
}
