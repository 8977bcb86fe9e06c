// The consent ledger derived in SQL, for questions over many people at once (research
// aggregates, product notices). Mirrors `deriveConsentState`, which answers for one person.
import { sql, type SQL } from 'drizzle-orm';
import { consentEvents } from '../db/schema.js';
import type { DataCategory, Purpose, RecipientType } from '@shebao/vocabulary';
import type { NoticeRegistry } from './notice-registry.js';
import { restrictingAccounts } from './restrictions.js';

/**
 * Notice versions under which a grant for `purpose` and `category` still counts: the purpose reads the
 * same as in the current notice (a changed purpose needs a new grant) and still covers the category.
 */
export function noticeVersionsStillCounting(notices: NoticeRegistry, purpose: Purpose, category: DataCategory): number[] {
  if (notices.all().length === 0) return [];
  return notices
    .all()
    .filter((v) => notices.purposeUnchangedSince(v.version, purpose, category))
    .map((v) => v.version)
    .sort((a, b) => a - b);
}

/**
 * The accounts that currently consent to `purpose` for `recipientType` for every one of `categories`,
 * as a subquery with one column, `account_id`. Mirrors `deriveConsentState`: the latest event for
 * the purpose and recipient that touches the category decides. A WITHDRAW with no categories
 * withdraws them all; a GRANT with no categories grants nothing, so it touches nothing. People who
 * restricted any of the categories (PIPL Art. 44) are left out, whatever they consented to.
 */
export function consentingAccounts(
  notices: NoticeRegistry,
  consent: { purpose: Purpose; recipientType: RecipientType },
  categories: readonly DataCategory[],
  now: Date,
): SQL {
  if (categories.length === 0) throw new Error('Name at least one category');
  const perCategory = categories.map((category) => {
    const versions = noticeVersionsStillCounting(notices, consent.purpose, category);
    if (versions.length === 0) return sql`select null::uuid as account_id where false`;
    return sql`select latest.account_id from (
        select distinct on (${consentEvents.accountId}) ${consentEvents.accountId} as account_id,
               ${consentEvents.kind} as kind, ${consentEvents.noticeVersion} as notice_version, ${consentEvents.expiresAt} as expires_at
        from ${consentEvents}
        where ${consentEvents.purpose} = ${consent.purpose}
          and ${consentEvents.recipientType} = ${consent.recipientType}
          and (${category}::text = any(${consentEvents.categories})
               or (${consentEvents.kind} = 'WITHDRAW' and cardinality(${consentEvents.categories}) = 0))
        order by ${consentEvents.accountId}, ${consentEvents.id} desc
      ) latest
      where latest.kind = 'GRANT'
        and (latest.expires_at is null or latest.expires_at > ${now.toISOString()}::timestamptz)
        and latest.notice_version in ${versions}`;
  });
  const consenting = sql.join(
    perCategory.map((part) => sql`(${part})`),
    sql` intersect `,
  );
  return sql`${consenting} except (${restrictingAccounts(categories)})`;
}

