// The privacy notice as a page (`/privacy`, `/privacy/notice/<version>`): what consent receipts
// point to (their policyUrl) and what onboarding links to. Readable signed in or not.
import { PrivacyNoticeDocument } from '../../gql/graphql';
import { apiLocale, useI18n } from '../../i18n/i18n';
import { formatDate } from '../../platform/format';
import { useQuery } from '../../platform/query-store';
import { PageTitle, QueryBody } from '../../platform/ui/components';

export function NoticePage(props: { version?: number }) {
  const { t, locale } = useI18n();
  const notice = useQuery(PrivacyNoticeDocument, { locale: apiLocale(locale), ...(props.version ? { version: props.version } : {}) });
  return (
    <div class="narrow-wide">
      <PageTitle>{notice.data?.privacyNotice.title ?? t.consent.notice}</PageTitle>
      <QueryBody state={notice} skeletonLines={8}>
        {(data) => (
          <article class="card">
            <p class="muted small">{t.consent.noticeVersion(data.privacyNotice.version, formatDate(locale, data.privacyNotice.publishedAt))}</p>
            <div class="notice-body">{data.privacyNotice.text}</div>
          </article>
        )}
      </QueryBody>
    </div>
  );
}
