import { useEffect, useMemo } from 'preact/hooks';
import { DashboardDocument, type DashboardQuery } from '../../gql/graphql';
import type { Catalogue, Locale } from '../../i18n/catalogue';
import { useI18n } from '../../i18n/i18n';
import { StackedBarChart } from './charts/stacked-bar-chart';
import { EmptyState, PageTitle, QueryBody } from '../../platform/ui/components';
import { RecordTable } from '../../platform/ui/record-table';
import { formatDate, formatMoney, monthKey } from '../../platform/format';
import { partOf, useQuery } from '../../platform/query-store';
import { Link } from '../../platform/navigation';

const CONTRIBUTION_MONTHS = 36;

/** 13.4 years as a person says it: 「13 年 5 个月」. */
export function yearsAndMonths(t: Catalogue, years: number): string {
  const months = Math.round(years * 12);
  return t.dashboard.yearsMonths(Math.floor(months / 12), months % 12);
}
const SPENDING_MONTHS = 12;
const CHART_COLOURS = { employer: '#0d5c91', personal: '#c25e00', fund: '#0d5c91', account: '#1e7a3c', pocket: '#c25e00' };

type Contribution = NonNullable<NonNullable<DashboardQuery['me']>['contributions']>[number];
type SpendingMonth = NonNullable<NonNullable<DashboardQuery['me']>['medicalSpending']>[number];

function ContributionsChart(props: { rows: readonly Contribution[]; months: readonly string[]; t: Catalogue; locale: Locale }) {
  const { rows, months, t, locale } = props;
  const series = useMemo(() => {
    const employer = new Map<string, number>();
    const personal = new Map<string, number>();
    for (const r of rows) {
      if (!r.month) continue;
      employer.set(r.month, (employer.get(r.month) ?? 0) + (r.employerPart ?? 0));
      personal.set(r.month, (personal.get(r.month) ?? 0) + (r.personalPart ?? 0));
    }
    return [
      { label: t.dashboard.employerPart, color: CHART_COLOURS.employer, values: months.map((m) => employer.get(m) ?? 0) },
      { label: t.dashboard.personalPart, color: CHART_COLOURS.personal, values: months.map((m) => personal.get(m) ?? 0) },
    ];
  }, [rows, months, t]);
  const fmt = useMemo(() => (n: number) => formatMoney(locale, n), [locale]);
  const sum = (v: readonly number[]) => v.reduce((a, b) => a + b, 0);
  const e = sum(series[0]!.values);
  const p = sum(series[1]!.values);
  return (
    <StackedBarChart
      testId="contributions-chart"
      title={t.dashboard.contributionsChart}
      summary={t.dashboard.contributionsSummary(months.length, fmt(e + p), fmt(e), fmt(p))}
      labels={months}
      series={series}
      formatValue={fmt}
      labelHeader={t.dashboard.month}
    />
  );
}

function SpendingChart(props: { rows: readonly SpendingMonth[]; t: Catalogue; locale: Locale }) {
  const { rows, t, locale } = props;
  const sorted = useMemo(() => [...rows].filter((r) => r.month).sort((a, b) => (a.month! < b.month! ? -1 : 1)), [rows]);
  const labels = useMemo(() => sorted.map((r) => r.month!), [sorted]);
  const series = useMemo(
    () => [
      { label: t.dashboard.fundPaid, color: CHART_COLOURS.fund, values: sorted.map((r) => r.fundPaid ?? 0) },
      { label: t.dashboard.personalAccountPaid, color: CHART_COLOURS.account, values: sorted.map((r) => r.personalAccountPaid ?? 0) },
      { label: t.dashboard.outOfPocket, color: CHART_COLOURS.pocket, values: sorted.map((r) => r.outOfPocket ?? 0) },
    ],
    [sorted, t],
  );
  const fmt = useMemo(() => (n: number) => formatMoney(locale, n), [locale]);
  const [fund, account, pocket] = series.map((s) => s.values.reduce((a, b) => a + b, 0)) as [number, number, number];
  return (
    <StackedBarChart
      testId="medical-chart"
      title={t.dashboard.medicalChart}
      summary={t.dashboard.medicalSummary(labels.length, fmt(fund + account + pocket), fmt(fund), fmt(account), fmt(pocket))}
      labels={labels}
      series={series}
      formatValue={fmt}
      labelHeader={t.dashboard.month}
    />
  );
}

export function DashboardPage() {
  const { t, locale } = useI18n();
  const months = useMemo(() => {
    const now = new Date();
    return Array.from({ length: CONTRIBUTION_MONTHS }, (_, i) => monthKey(now, CONTRIBUTION_MONTHS - 1 - i));
  }, []);
  // One request; each section reads its own part of the answer (and of its errors).
  const dashboard = useQuery(DashboardDocument, { from: months[0]!, to: months[months.length - 1]!, months: SPENDING_MONTHS });
  const insurance = partOf(dashboard, ['me', 'insurance']);
  const balances = partOf(dashboard, ['me', 'balances']);
  const contributions = partOf(dashboard, ['me', 'contributions']);
  const spending = partOf(dashboard, ['me', 'medicalSpending']);
  const name = dashboard.data?.me?.profile?.displayName;
  const hasData = insurance.data?.me?.insurance != null;
  useEffect(() => {
    // For the offline-reload budget (bench/budgets.bench.mjs): first paint with data.
    if (hasData && performance.getEntriesByName('shebao:dashboard-data').length === 0) performance.mark('shebao:dashboard-data');
  }, [hasData]);
  // No card: the answer came and has no insurance part, neither withheld nor missing offline.
  const noCard = insurance.data?.me != null && insurance.data.me.insurance == null && insurance.errors.length === 0 && !insurance.unavailableOffline;

  return (
    <div>
      <PageTitle>{name ? t.dashboard.greeting(name) : t.dashboard.title}</PageTitle>
      {noCard && (
        <div class="card card-callout" data-testid="no-card">
          <h2>{t.dashboard.noCard}</h2>
          <p>{t.dashboard.noCardBody}</p>
          <Link class="button-link block" href="/link-card">
            {t.dashboard.linkNow}
          </Link>
        </div>
      )}
      <div class="grid">
        <section class="card dash-participation" aria-labelledby="participation-h" data-testid="participation">
          <h2 id="participation-h">{t.dashboard.participation}</h2>
          <QueryBody state={insurance} categories={['insurance.status']} skeletonLines={12}>
            {(data) => {
              const ins = data.me?.insurance;
              if (!ins) return <EmptyState text={t.dashboard.emptyNoCard} action={<Link class="button-link" href="/link-card">{t.dashboard.linkNow}</Link>} />;
              return (
                <>
                  <dl class="facts">
                    <dt>{t.dashboard.city}</dt>
                    <dd>{ins.city ?? '—'}</dd>
                    <dt>{t.dashboard.employer}</dt>
                    <dd>{ins.employer ?? '—'}</dd>
                    <dt>{t.dashboard.contributionYears}</dt>
                    <dd>{ins.contributionYears != null ? yearsAndMonths(t, ins.contributionYears) : '—'}</dd>
                  </dl>
                  {!ins.participations?.length ? (
                    <p class="muted" data-testid="no-participations">{t.dashboard.emptyParticipations}</p>
                  ) : (
                    <RecordTable
                      rows={ins.participations}
                      rowKey={(p) => p.insuranceType ?? ''}
                      columns={[
                        { header: t.dashboard.insuranceType, cell: (p) => (p.insuranceType ? t.insuranceType[p.insuranceType] : '—'), rowHeader: true },
                        { header: t.dashboard.status, cell: (p) => (p.status ? t.participationStatus[p.status] : '—') },
                        { header: t.dashboard.since, cell: (p) => formatDate(locale, p.since) },
                        { header: t.dashboard.contributionMonths, cell: (p) => (p.contributionMonths != null ? t.dashboard.months(p.contributionMonths) : '—'), numeric: true },
                      ]}
                      // On a phone: one small card per insurance type instead of a table.
                      card={(p) => (
                        <>
                          <div class="spread">
                            <strong>{p.insuranceType ? t.insuranceType[p.insuranceType] : '—'}</strong>
                            <span class={p.status === 'ACTIVE' ? 'badge badge-granted' : 'badge'}>{p.status ? t.participationStatus[p.status] : '—'}</span>
                          </div>
                          <span class="muted small">
                            {t.dashboard.since} {formatDate(locale, p.since)} · {p.contributionMonths != null ? t.dashboard.months(p.contributionMonths) : '—'}
                          </span>
                        </>
                      )}
                    />
                  )}
                </>
              );
            }}
          </QueryBody>
        </section>
        <section class="card" aria-labelledby="balances-h" data-testid="balances">
          <h2 id="balances-h">{t.dashboard.balances}</h2>
          <QueryBody state={balances} categories={['insurance.balance']}>
            {(data) => {
              const list = data.me?.balances ?? [];
              if (!list.length) return <EmptyState text={t.dashboard.emptyBalances} />;
              return (
                <ul class="consent-list">
                  {list.map((b) => (
                    <li key={b.accountType}>
                      <span>
                        {b.accountType ? t.balanceType[b.accountType] : '—'}
                        <br />
                        <span class="muted small">{t.dashboard.asOf(formatDate(locale, b.asOf))}</span>
                      </span>
                      <span class="big-number">{formatMoney(locale, b.amount)}</span>
                    </li>
                  ))}
                </ul>
              );
            }}
          </QueryBody>
        </section>
      </div>
      <section class="card" style={{ marginTop: '1rem' }} aria-labelledby="contributions-h">
        <h2 id="contributions-h">{t.dashboard.contributionsChart}</h2>
        <QueryBody state={contributions} categories={['insurance.contributions']} skeletonLines={8}>
          {(data) => <ContributionsChart rows={data.me?.contributions ?? []} months={months} t={t} locale={locale} />}
        </QueryBody>
      </section>
      <section class="card" aria-labelledby="spending-h">
        <h2 id="spending-h">{t.dashboard.medicalChart}</h2>
        <QueryBody state={spending} categories={['medical.records']} skeletonLines={8}>
          {(data) => <SpendingChart rows={data.me?.medicalSpending ?? []} t={t} locale={locale} />}
        </QueryBody>
      </section>
    </div>
  );
}
