import { useState } from 'preact/hooks';
import { MedicalRecordsDocument, type MedicalRecordFilter, type MedicalRecordKind } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { formatDate, formatMoney } from '../../platform/format';
import { forbiddenCategories } from '../../platform/graphql-client';
import { usePagedQuery } from '../../platform/query-store';
import { reportSearchIfAllowed } from '../../platform/telemetry/collector';
import { Forbidden, LoadMore, PageTitle, type ListStatus } from '../../platform/ui/components';

const PAGE_SIZE = 20;

export function MedicalRecordsPage() {
  const { t, locale } = useI18n();
  const [kind, setKind] = useState<MedicalRecordKind | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [filter, setFilter] = useState<MedicalRecordFilter>({});
  const [search, setSearch] = useState('');
  const [activeSearch, setActiveSearch] = useState('');
  // In the shared query store, so a withdrawal (in any tab) takes the records off the screen.
  const records = usePagedQuery(MedicalRecordsDocument, { filter }, PAGE_SIZE, (data) => data.me?.medicalRecords);
  const { nodes, last } = records;
  const forbidden = forbiddenCategories(last?.errors ?? []);
  const conn = last?.data?.me?.medicalRecords;
  const total = conn?.totalCount ?? 0;
  const status: ListStatus = records.loading
    ? 'loading'
    : records.unavailableOffline
      ? 'offline'
      : records.failed || (!conn && last != null && last.errors.length > 0 && forbidden.length === 0)
        ? 'error'
        : 'ready';

  const q = activeSearch.trim().toLowerCase();
  const shown = q ? nodes.filter((n) => `${n.institution ?? ''} ${n.department ?? ''}`.toLowerCase().includes(q)) : nodes;

  return (
    <div>
      <PageTitle>{t.medical.title}</PageTitle>
      <form
        class="card"
        aria-label={t.medical.filters}
        onSubmit={(e) => {
          e.preventDefault();
          setFilter({ ...(kind ? { kind } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) });
        }}
      >
        <div class="grid">
          <div class="field">
            <label for="mr-kind">{t.medical.kind}</label>
            <select id="mr-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as MedicalRecordKind | '')}>
              <option value="">{t.medical.allKinds}</option>
              {(['OUTPATIENT', 'INPATIENT', 'PHARMACY'] as const).map((k) => (
                <option key={k} value={k}>
                  {t.medicalKind[k]}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="mr-from">{t.medical.from}</label>
            <input id="mr-from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="mr-to">{t.medical.to}</label>
            <input id="mr-to" type="date" value={to} min={from || undefined} onInput={(e) => setTo(e.currentTarget.value)} />
          </div>
        </div>
        <div class="row">
          <button type="submit" class="primary">
            {t.medical.apply}
          </button>
          <button
            type="button"
            onClick={() => {
              setKind('');
              setFrom('');
              setTo('');
              setFilter({});
            }}
          >
            {t.medical.reset}
          </button>
        </div>
      </form>

      <form
        class="row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setActiveSearch(search);
          void reportSearchIfAllowed(search);
        }}
      >
        <label for="mr-search" class="label">
          {t.medical.search}
        </label>
        <input id="mr-search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} style={{ maxWidth: '20rem' }} />
        <button type="submit">{t.medical.searchButton}</button>
      </form>

      <section class="card" style={{ marginTop: '1rem' }} aria-live="polite" aria-busy={status === 'loading'}>
        {forbidden.length > 0 ? (
          <Forbidden categories={forbidden} />
        ) : status === 'offline' ? (
          <p class="muted">{t.offline.notCached}</p>
        ) : status === 'error' ? (
          <p class="error">{t.errors.INTERNAL_SERVER_ERROR}</p>
        ) : (
          <>
            <p class="muted small">{t.medical.count(shown.length, total)}</p>
            {shown.length === 0 && status === 'ready' ? (
              <p>{t.medical.none}</p>
            ) : (
              <div class="table-wrap">
                <table data-testid="medical-records">
                  <thead>
                    <tr>
                      <th scope="col">{t.medical.date}</th>
                      <th scope="col">{t.medical.kind}</th>
                      <th scope="col">{t.medical.institution}</th>
                      <th scope="col">{t.medical.department}</th>
                      <th scope="col" class="num">{t.medical.totalCost}</th>
                      <th scope="col" class="num">{t.dashboard.fundPaid}</th>
                      <th scope="col" class="num">{t.dashboard.personalAccountPaid}</th>
                      <th scope="col" class="num">{t.dashboard.outOfPocket}</th>
                      <th scope="col">{t.medical.details}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((n) => (
                      <tr key={n.id}>
                        <td>{formatDate(locale, n.date)}</td>
                        <td>{n.kind ? t.medicalKind[n.kind] : '—'}</td>
                        <td>{n.institution ?? '—'}</td>
                        <td>{n.department ?? '—'}</td>
                        <td class="num">{formatMoney(locale, n.totalCost)}</td>
                        <td class="num">{formatMoney(locale, n.fundPaid)}</td>
                        <td class="num">{formatMoney(locale, n.personalAccountPaid)}</td>
                        <td class="num">{formatMoney(locale, n.outOfPocket)}</td>
                        <td>
                          {n.__typename === 'InpatientStay'
                            ? `${n.days != null ? t.medical.days(n.days) : ''}${n.dischargeDate ? ` · ${t.medical.discharged(formatDate(locale, n.dischargeDate))}` : ''}`
                            : n.__typename === 'PharmacyPurchase' && n.itemCount != null
                              ? t.medical.items(n.itemCount)
                              : ''}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <LoadMore status={status} hasNext={records.hasNextPage} onMore={records.loadMore} />
          </>
        )}
      </section>
    </div>
  );
}
