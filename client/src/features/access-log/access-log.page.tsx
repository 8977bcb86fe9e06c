import { AccessLogDocument } from '../../gql/graphql';
import { labelFor, useI18n } from '../../i18n/i18n';
import { formatDateTime } from '../../platform/format';
import { usePagedQuery } from '../../platform/query-store';
import { LoadMore, PageTitle, type ListStatus } from '../../platform/ui/components';

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
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.accessLog.when}</th>
                  <th scope="col">{t.accessLog.who}</th>
                  <th scope="col">{t.accessLog.purpose}</th>
                  <th scope="col">{t.accessLog.categories}</th>
                  <th scope="col">{t.accessLog.operation}</th>
                </tr>
              </thead>
              <tbody>
                {nodes.map((r) => (
                  <tr key={r.id}>
                    <td>{formatDateTime(locale, r.at)}</td>
                    <td>
                      {labelFor(t.accessLog.principal, r.principalType)}
                      {r.partner ? ` · ${r.partner.name}` : ''}
                      {r.authority ? ` · ${r.authority}` : ''}
                    </td>
                    <td>{labelFor(t.purpose, r.purpose)}</td>
                    <td>{r.categories.map((c) => labelFor(t.category, c)).join(t.app.listSep)}</td>
                    <td>
                      <code>{r.operationName ?? '—'}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <LoadMore status={status} hasNext={log.hasNextPage} onMore={log.loadMore} />
      </section>
    </div>
  );
}
