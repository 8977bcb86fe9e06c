import { useState } from 'preact/hooks';
import { CardStatusDocument, ExportMyDataDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { formatDateTime } from '../../platform/format';
import { useQuery } from '../../platform/query-store';
import { mutate } from '../../platform/graphql-client';
import { Link } from '../../platform/navigation';
import { downloadFile, failureMessage, Notice, PageTitle, QueryBody } from '../../platform/ui/components';

/** The linked card in a line (masked by the server) and the way to manage it. */
function CardSummary() {
  const { t, locale } = useI18n();
  const status = useQuery(CardStatusDocument);
  return (
    <section class="card" aria-labelledby="card-h" data-testid="account-card">
      <h2 id="card-h">{t.account.cardTitle}</h2>
      <QueryBody state={status}>
        {(data) =>
          data.me?.linkedCard ? (
            <>
              <p>
                <strong>{data.me.linkedCard.maskedNumber}</strong> · {t.linkCard.refreshedAt} {formatDateTime(locale, data.me.linkedCard.refreshedAt)}
              </p>
              <Link href="/link-card">{t.account.manageCard}</Link>
            </>
          ) : (
            <>
              <p>
                <strong>{t.linkCard.none}</strong> {t.linkCard.noneBody}
              </p>
              <Link href="/link-card">{t.account.linkCard}</Link>
            </>
          )
        }
      </QueryBody>
    </section>
  );
}

export function AccountPage() {
  const { t } = useI18n();
  const [exportState, setExportState] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  const doExport = async () => {
    setExportState(null);
    try {
      const data = await mutate(ExportMyDataDocument);
      const day = new Date().toISOString().slice(0, 10);
      downloadFile(`shebao-export-${day}.json`, JSON.stringify(data.exportMyData, null, 2), 'application/json');
      setExportState({ kind: 'success', text: t.account.exported });
    } catch (e) {
      setExportState({ kind: 'error', text: failureMessage(t, e) });
    }
  };

  return (
    <div>
      <PageTitle>{t.account.title}</PageTitle>
      <CardSummary />
      <p>
        <Link href="/rights">{t.account.rightsLink}</Link>
      </p>
      <section class="card" aria-labelledby="export-h">
        <h2 id="export-h">{t.account.exportTitle}</h2>
        <p>{t.account.exportBody}</p>
        <button type="button" class="primary" onClick={() => void doExport()}>
          {t.account.exportButton}
        </button>
        {exportState && <Notice kind={exportState.kind}>{exportState.text}</Notice>}
      </section>
      <section class="card" aria-labelledby="close-h" data-testid="account-close">
        <h2 id="close-h">{t.account.closeTitle}</h2>
        <p>{t.account.closeBody}</p>
        <Link href="/rights">{t.account.closeLink}</Link>
      </section>
    </div>
  );
}
