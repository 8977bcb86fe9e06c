import { useEffect, useState } from 'preact/hooks';
import { run } from './api';
import { ErrorMessage } from './error-message';
import { OperatorAuditDocument, type OperatorAuditQuery } from './gql/graphql';
import { useWords } from './i18n';
import { useAction } from './use-action';

export function AuditPage() {
  const { t, locale } = useWords();
  const [data, setData] = useState<OperatorAuditQuery | null>(null);
  const { error, act } = useAction();
  useEffect(() => {
    void act(() => run(OperatorAuditDocument)).then((d) => d && setData(d));
  }, []);
  const chain = data?.operatorAuditChain;
  return (
    <>
      <h1 tabIndex={-1}>{t.audit.heading}</h1>
      <p>{t.audit.intro}</p>
      <ErrorMessage error={error} />
      {chain && (
        <p class={chain.ok ? 'op-ok' : 'op-error'} role="status">
          {chain.ok ? t.audit.chainOk(chain.length) : t.audit.chainBroken(chain.brokenAtSeq ?? 0, chain.problem ?? '')}
        </p>
      )}
      {data && (
        <div class="op-table-wrap">
          <table class="op-table">
            <caption class="op-visually-hidden">{t.audit.heading}</caption>
            <thead>
              <tr>
                <th scope="col">{t.audit.seq}</th>
                <th scope="col">{t.audit.at}</th>
                <th scope="col">{t.audit.action}</th>
                <th scope="col">{t.audit.target}</th>
                <th scope="col">{t.audit.operator}</th>
              </tr>
            </thead>
            <tbody>
              {data.operatorAuditLog.map((entry) => (
                <tr key={entry.seq}>
                  <td>{entry.seq}</td>
                  <td>{new Date(entry.at).toLocaleString(locale)}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>{entry.target ?? '—'}</td>
                  <td>{entry.operatorId?.slice(0, 8) ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
