import { useEffect, useState } from 'preact/hooks';
import { AccessLogDocument, type AccessLogQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { PageTitle } from '../components/ui';
import { formatDateTime } from '../format';
import { execute, NetworkError } from '../graphql-client';

type AccessRecord = NonNullable<NonNullable<AccessLogQuery['me']>['accessLog']>['nodes'][number];

export function AccessLogPage() {
  const { t, locale } = useI18n();
  const [nodes, setNodes] = useState<AccessRecord[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasNext, setHasNext] = useState(false);
  const [status, setStatus] = useState<'loading' | 'ready' | 'offline' | 'error'>('loading');

  const load = async (after: string | null) => {
    setStatus('loading');
    try {
      const r = await execute(AccessLogDocument, { first: 20, after });
      const conn = r.data?.me?.accessLog;
      if (!conn) {
        setStatus('error');
        return;
      }
      setNodes((prev) => (after ? [...prev, ...conn.nodes] : conn.nodes));
      setCursor(conn.pageInfo.endCursor ?? null);
      setHasNext(conn.pageInfo.hasNextPage);
      setStatus('ready');
    } catch (e) {
      setStatus(e instanceof NetworkError ? 'offline' : 'error');
    }
  };
  useEffect(() => void load(null), []);

  return (
    <div>
      <PageTitle>{t.accessLog.title}</PageTitle>
      <p>{t.accessLog.intro}</p>
      <section class="card" aria-busy={status === 'loading'}>
        {status === 'offline' ? (
          <p class="muted">{t.offline.notCached}</p>
        ) : status === 'error' ? (
          <p class="error">{t.errors.generic}</p>
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
                      {t.accessLog.principal[r.principalType] ?? r.principalType}
                      {r.partner ? ` · ${r.partner.name}` : ''}
                    </td>
                    <td>{(t.purpose as Record<string, string>)[r.purpose] ?? r.purpose}</td>
                    <td>{r.categories.map((c) => t.category[c] ?? c).join(t.app.listSep)}</td>
                    <td>
                      <code>{r.operationName ?? '—'}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {status === 'loading' && <p class="muted" role="status">{t.app.loading}</p>}
        {hasNext && status === 'ready' && (
          <button type="button" onClick={() => void load(cursor)}>
            {t.app.more}
          </button>
        )}
      </section>
    </div>
  );
}
