import { AccessLogDocument } from '../../gql/graphql';
import { labelFor, useI18n } from '../../i18n/i18n';
import { formatDateTime } from '../../platform/format';
import { usePagedQuery } from '../../platform/query-store';
import { LoadMore, PageTitle, type ListStatus } from '../../platform/ui/components';
import { RecordTable } from '../../platform/ui/record-table';

const PAGE_SIZE = 20;

export function AccessLogPage() {
  const { t, locale } = useI18n();
  const log = usePagedQuery(AccessLogDocument, {}, PAGE_SIZE, (data) => data.me?.accessLog);
  const { nodes } = log;
  const status: ListStatus = log.loading ? 'loading' : log.unavailableOffline ? 'offline' : log.failed || !log.last?.data?.me?.accessLog ? 'error' : 'ready';

  return (
    <div>
      <PageTitle>{t.accessLog.title}</PageTitle>
      <p>{t.accessLog.intro}</p>
      <section class="card" aria-busy={status === 'loading'}>
        {status === 'offline' ? (
          <p class="muted">{t.offline.notCached}</p>
        ) : status === 'error' ? (
          <p class="error">{t.errors.INTERNAL_SERVER_ERROR}</p>
        ) : nodes.length === 0 && status === 'ready' ? (
          <p class="muted">{t.accessLog.none}</p>
        ) : (
          <RecordTable
            rows={nodes}
            rowKey={(r) => r.id}
            columns={[
              { header: t.accessLog.when, cell: (r) => formatDateTime(locale, r.at) },
              {
                header: t.accessLog.who,
                cell: (r) => `${labelFor(t.accessLog.principal, r.principalType)}${r.partner ? ` · ${r.partner.name}` : ''}${r.authority ? ` · ${r.authority}` : ''}`,
              },
              { header: t.accessLog.purpose, cell: (r) => labelFor(t.purpose, r.purpose) },
              { header: t.accessLog.categories, cell: (r) => r.categories.map((c) => labelFor(t.category, c)).join(t.app.listSep) },
              { header: t.accessLog.operation, cell: (r) => <code>{r.operationName ?? '—'}</code> },
            ]}
          />
        )}
        <LoadMore status={status} hasNext={log.hasNextPage} onMore={log.loadMore} />
      </section>
    </div>
  );
}
