// One consent receipt as a person reads it: what was agreed, for what, with whom, when, under
// which notice; the signed original (Kantara fields, JWS) is a download for whoever checks it.
import { ConsentCentreDocument } from '../../gql/graphql';
import { categoryName, useI18n } from '../../i18n/i18n';
import { usePurposeName } from '../../platform/consent/names';
import { sensitive } from '../../platform/consent/grants';
import { formatDateTime } from '../../platform/format';
import { Link } from '../../platform/navigation';
import { useQuery } from '../../platform/query-store';
import { downloadFile, EmptyState, PageTitle, QueryBody } from '../../platform/ui/components';
import { toast } from '../../platform/ui/toast';

export function ReceiptPage(props: { id: string }) {
  const { t, locale } = useI18n();
  const consents = useQuery(ConsentCentreDocument);
  const purposeName = usePurposeName();
  return (
    <div class="narrow-wide">
      <PageTitle>{t.receipt.title}</PageTitle>
      <QueryBody state={consents} skeletonLines={6}>
        {(data) => {
          const grant = (data.me?.consents?.grants ?? []).find((g) => g.receipt?.id === props.id);
          if (!grant?.receipt) return <EmptyState text={t.receipt.notFound} action={<Link class="button-link" href="/consent#receipts-h">{t.receipt.back}</Link>} />;
          const receipt = grant.receipt;
          return (
            <article class="card" data-testid="receipt">
              <dl class="facts stacked">
                <dt>{t.receipt.purpose}</dt>
                <dd>{purposeName(grant.purpose)}</dd>
                <dt>{t.receipt.recipient}</dt>
                <dd>{grant.recipient.name}</dd>
                <dt>{t.receipt.categories}</dt>
                <dd>
                  {grant.categories.map((c) => categoryName(t, c)).join(t.app.listSep)}
                  {grant.categories.some((c) => sensitive(c)) && <span class="badge badge-sensitive">{t.consent.sensitive}</span>}
                </dd>
                <dt>{t.receipt.when}</dt>
                <dd>{formatDateTime(locale, grant.grantedAt)}</dd>
                <dt>{t.receipt.until}</dt>
                <dd>{grant.expiresAt ? formatDateTime(locale, grant.expiresAt) : t.receipt.untilWithdrawn}</dd>
                <dt>{t.receipt.status}</dt>
                <dd>{grant.current ? t.consent.granted : t.receipt.ended}</dd>
                <dt>{t.receipt.notice}</dt>
                <dd>
                  <Link href={`/privacy/notice/${grant.noticeVersion}`}>{t.receipt.noticeVersion(grant.noticeVersion)}</Link>
                </dd>
              </dl>
              <p class="muted small">{t.receipt.signedNote}</p>
              <button
                type="button"
                class="primary block"
                onClick={() => {
                  const day = grant.grantedAt.slice(0, 10);
                  downloadFile(`shebao-consent-receipt-${day}.json`, JSON.stringify({ jws: receipt.jws, payload: receipt.payload }, null, 2), 'application/json');
                  toast(t.receipt.downloaded);
                }}
              >
                {t.receipt.download}
              </button>
              <p>
                <Link href="/consent#receipts-h">{t.receipt.back}</Link>
              </p>
            </article>
          );
        }}
      </QueryBody>
    </div>
  );
}
