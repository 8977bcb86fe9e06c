import { useState } from 'preact/hooks';
import { MedicalRecordsDocument, type MedicalRecordFilter, type MedicalRecordKind } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { formatDate, formatMoney } from '../../platform/format';
import { forbiddenCategories } from '../../platform/graphql-client';
import { usePagedQuery } from '../../platform/query-store';
import { reportSearchIfAllowed } from '../../platform/telemetry/collector';
import { EmptyState, ErrorState, Forbidden, LoadMore, PageTitle, type ListStatus } from '../../platform/ui/components';
import { RecordTable } from '../../platform/ui/record-table';

const PAGE_SIZE = 20;
const wideScreen = () => typeof matchMedia !== 'undefined' && matchMedia('(min-width: 48rem)').matches;

export function MedicalRecordsPage() {
  const { t, locale } = useI18n();
  const [kind, setKind] = useState<MedicalRecordKind | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [filter, setFilter] = useState<MedicalRecordFilter>({});
  const [search, setSearch] = useState('');
  const [activeSearch, setActiveSearch] = useState('');
  // Open on a wide screen; on a phone the list comes first and the filters fold away.
  const [filtersOpen, setFiltersOpen] = useState(wideScreen);
  const activeFilters = Object.keys(filter).length;
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
  const detailsOf = (n: (typeof nodes)[number]) =>
    n.__typename === 'InpatientStay'
      ? `${n.days != null ? t.medical.days(n.days) : ''}${n.dischargeDate ? ` · ${t.medical.discharged(formatDate(locale, n.dischargeDate))}` : ''}`
      : n.__typename === 'PharmacyPurchase' && n.itemCount != null
        ? t.medical.items(n.itemCount)
        : '';
  const shown = q ? nodes.filter((n) => `${n.institution ?? ''} ${n.department ?? ''}`.toLowerCase().includes(q)) : nodes;

  return (
    <div>
      <PageTitle>{t.medical.title}</PageTitle>
      <details class="card filters" open={filtersOpen} onToggle={(e) => setFiltersOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>
          {t.medical.filters}
          {activeFilters > 0 && <span class="badge">{t.medical.activeFilters(activeFilters)}</span>}
        </summary>
      <form
        aria-label={t.medical.filters}
        onSubmit={(e) => {
          e.preventDefault();
          setFilter({ ...(kind ? { kind } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) });
          if (!wideScreen()) setFiltersOpen(false);
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
        <div class="row actions">
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
      </details>

      <form
        class="row search-row"
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
        <input id="mr-search" type="search" placeholder={t.medical.searchPlaceholder} value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        <button type="submit">{t.medical.searchButton}</button>
      </form>

      <section class="card" style={{ marginTop: '1rem' }} aria-live="polite" aria-busy={status === 'loading'}>
        {forbidden.length > 0 ? (
          <Forbidden categories={forbidden} />
        ) : status === 'offline' ? (
          <p class="notice notice-warning">{t.offline.notCached}</p>
        ) : status === 'error' ? (
          <ErrorState onRetry={() => void records.refetch()} />
        ) : (
          <>
            <p class="muted small">{t.medical.count(shown.length, total)}</p>
            {shown.length === 0 && status === 'ready' ? (
              <EmptyState text={activeFilters || q ? t.medical.noneFiltered : t.medical.none} />
            ) : (
              <RecordTable
                rows={shown}
                rowKey={(n) => n.id}
                tableTestId="medical-records"
                cardsTestId="medical-cards"
                columns={[
                  { header: t.medical.date, cell: (n) => formatDate(locale, n.date) },
                  { header: t.medical.kind, cell: (n) => (n.kind ? t.medicalKind[n.kind] : '—') },
                  { header: t.medical.institution, cell: (n) => n.institution ?? '—' },
                  { header: t.medical.department, cell: (n) => n.department ?? '—' },
                  { header: t.medical.totalCost, cell: (n) => formatMoney(locale, n.totalCost), numeric: true },
                  { header: t.dashboard.fundPaid, cell: (n) => formatMoney(locale, n.fundPaid), numeric: true },
                  { header: t.dashboard.personalAccountPaid, cell: (n) => formatMoney(locale, n.personalAccountPaid), numeric: true },
                  { header: t.dashboard.outOfPocket, cell: (n) => formatMoney(locale, n.outOfPocket), numeric: true },
                  { header: t.medical.details, cell: (n) => detailsOf(n) },
                ]}
                card={(n) => (
                  <>
                    <div class="spread">
                      <span class="muted small">
                        {formatDate(locale, n.date)} · {n.kind ? t.medicalKind[n.kind] : '—'}
                      </span>
                      <strong class="amount">{formatMoney(locale, n.totalCost)}</strong>
                    </div>
                    <strong>{n.institution ?? '—'}</strong>
                    {(n.department || detailsOf(n)) && <span class="small">{[n.department, detailsOf(n)].filter(Boolean).join(' · ')}</span>}
                    <span class="muted small">
                      {t.dashboard.fundPaid} {formatMoney(locale, n.fundPaid)} · {t.dashboard.personalAccountPaid} {formatMoney(locale, n.personalAccountPaid)} · {t.dashboard.outOfPocket}{' '}
                      {formatMoney(locale, n.outOfPocket)}
                    </span>
                  </>
                )}
              />
            )}
            <LoadMore status={status} hasNext={records.hasNextPage} onMore={records.loadMore} />
          </>
        )}
      </section>
    </div>
  );
}
