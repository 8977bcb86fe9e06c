import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  ConsentCentreDocument,
  PartnersDocument,
  PrivacyNoticeChangesDocument,
  PrivacyNoticeDocument,
  type PrivacyNoticeQuery,
  type Purpose,
} from '../../gql/graphql';
import { apiLocale, categoryName, labelFor, useI18n } from '../../i18n/i18n';
import { usePendingWithdrawals } from '../../platform/consent/outbox-sender';
import { RecordTable } from '../../platform/ui/record-table';
import { SeparateConsentDialog, type SeparateConsentRequest } from '../../platform/ui/separate-consent-dialog';
import { consentAnchor, EmptyState, failureMessage, Notice, PageTitle, QueryBody, Skeleton } from '../../platform/ui/components';
import { toast } from '../../platform/ui/toast';
import { usePurposeName } from '../../platform/consent/names';
import { Link } from '../../platform/navigation';
import { grantConsent, withdrawConsent } from '../../platform/consent/consent-actions';
import { formatDate, formatDateTime } from '../../platform/format';
import { useQuery } from '../../platform/query-store';
import { grantedKeys, grantKey, pendingCovers, recipientTypeFor, sensitive, type Grant } from '../../platform/consent/grants';

/** How many consent events show before 「显示全部」. */
const HISTORY_PREVIEW = 5;

type NoticePurpose = PrivacyNoticeQuery['privacyNotice']['purposes'][number];
type NoticeCategory = NoticePurpose['categories'][number];

function NoticeChanges(props: { from: number; to: number }) {
  const { t, locale } = useI18n();
  const purposeName = usePurposeName();
  const changes = useQuery(PrivacyNoticeChangesDocument, { from: props.from, to: props.to, locale: apiLocale(locale) });
  return (
    <QueryBody state={changes}>
      {(data) =>
        data.privacyNoticeChanges.length ? (
          <ul>
            {data.privacyNoticeChanges.map((c, i) => (
              <li key={i}>
                <strong>{labelFor(t.consent.change, c.change)}</strong> · {purposeName(c.purpose)}: {c.summary}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t.app.none}</p>
        )
      }
    </QueryBody>
  );
}

function VersionSelect(props: { label: string; value: number; versions: number[]; onChange: (v: number) => void }) {
  return (
    <label>
      {props.label}{' '}
      <select value={props.value} onChange={(e) => props.onChange(Number(e.currentTarget.value))}>
        {props.versions.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
}

function CompareVersions(props: { latest: number }) {
  const { t } = useI18n();
  const [from, setFrom] = useState(Math.max(1, props.latest - 1));
  const [to, setTo] = useState(props.latest);
  const versions = Array.from({ length: props.latest }, (_, i) => i + 1);
  if (props.latest < 2) return null;
  return (
    <details>
      <summary>{t.consent.compareVersions}</summary>
      <div class="row">
        <VersionSelect label={t.consent.fromVersion} value={from} versions={versions} onChange={setFrom} />
        <VersionSelect label={t.consent.toVersion} value={to} versions={versions} onChange={setTo} />
      </div>
      {from !== to && <NoticeChanges from={Math.min(from, to)} to={Math.max(from, to)} />}
    </details>
  );
}

export function ConsentCentrePage() {
  const { t, locale } = useI18n();
  const notice = useQuery(PrivacyNoticeDocument, { locale: apiLocale(locale) });
  const consents = useQuery(ConsentCentreDocument);
  const partners = useQuery(PartnersDocument);
  const pending = usePendingWithdrawals();
  const [prompt, setPrompt] = useState<SeparateConsentRequest | null>(null);
  const [busyKey, setBusyKey] = useState<string | null>(null);

  const state = consents.data?.me?.consents ?? null;
  const [allHistory, setAllHistory] = useState(false);
  const granted = useMemo(() => grantedKeys(state?.grants ?? []), [state]);
  const noticeData = notice.data?.privacyNotice ?? null;
  const settled = (noticeData != null || !notice.loading) && (state != null || !consents.loading);
  /** Categories of a purpose agreed (to any recipient, any partner) or necessary. */
  const agreedIn = (p: { purpose: Purpose; categories: readonly { id: string }[]; necessaryCategories: readonly string[] }) =>
    p.categories.filter((c) => p.necessaryCategories.includes(c.id) || (state?.grants ?? []).some((g) => g.current && g.purpose === p.purpose && g.categories.includes(c.id))).length;

  const purposeName = usePurposeName();
  const fail = (e: unknown) => toast(failureMessage(t, e), 'error');

  // /consent#<row>: land on the exact row (from 「前往同意管理」), once the rows are there.
  const rowsReady = noticeData != null && state != null;
  useEffect(() => {
    const id = decodeURIComponent(location.hash.slice(1));
    if (!rowsReady || !id) return;
    const el = document.getElementById(id);
    if (!el) return;
    el.closest('details')?.setAttribute('open', '');
    el.scrollIntoView({ block: 'center' });
    el.focus({ preventScroll: true });
    el.classList.add('highlight');
  }, [rowsReady]);

  const doGrant = async (purpose: Purpose, categories: string[], partnerId: string | null) => {
    if (!noticeData) return;
    try {
      await grantConsent({
        noticeVersion: noticeData.version,
        purpose,
        recipient: { type: recipientTypeFor(purpose), partnerId },
        categories,
      });
      toast(t.consent.grantedDone);
    } catch (e) {
      fail(e);
    }
  };

  const requestGrant = (p: NoticePurpose, cats: readonly NoticeCategory[], partner: { id: string; name: string } | null) => {
    const needsSeparate = partner != null || p.separateConsent || cats.some((c) => sensitive(c));
    const run = () => doGrant(p.purpose, cats.map((c) => c.id), partner?.id ?? null);
    if (!needsSeparate) {
      const key = grantKey(p.purpose, recipientTypeFor(p.purpose), null, cats.map((c) => c.id).join(','));
      setBusyKey(key);
      void run().finally(() => setBusyKey(null));
      return;
    }
    setPrompt({
      purposeName: p.name,
      categoryNames: cats.map((c) => categoryName(t, c.id, c.name)),
      sensitive: cats.some((c) => sensitive(c)),
      partnerName: partner?.name ?? null,
      retentionDays: p.retentionDays ?? null,
      onConfirm: run,
    });
  };

  const doWithdraw = async (purpose: Purpose, categories: string[] | null, partnerId: string | null) => {
    const key = `${purpose}|${partnerId ?? ''}|${categories?.join(',') ?? '*'}`;
    setBusyKey(key);
    try {
      const outcome = await withdrawConsent({ purpose, recipient: { type: recipientTypeFor(purpose), partnerId }, categories });
      toast(outcome === 'queued' ? t.consent.withdrawnLocally : t.consent.withdrawn, outcome === 'queued' ? 'info' : 'success');
    } catch (e) {
      fail(e);
    } finally {
      setBusyKey(null);
    }
  };

  const row = (p: NoticePurpose, c: NoticeCategory, partner: { id: string; name: string } | null) => {
    const rType = recipientTypeFor(p.purpose);
    const isGranted = granted.has(grantKey(p.purpose, rType, partner?.id, c.id));
    const isPending = pendingCovers(pending, p.purpose, rType, partner?.id ?? null, c.id);
    const on = isGranted && !isPending;
    const name = categoryName(t, c.id, c.name);
    // Necessary for the service: processed on that ground, not on consent, so there is nothing to agree to.
    if (!partner && p.necessaryCategories.includes(c.id)) {
      return (
        <li key={c.id} id={consentAnchor(p.purpose, c.id)} tabIndex={-1} data-category={c.id} data-purpose={p.purpose}>
          <span>
            {name}
            <span class="badge badge-necessary">{t.consent.necessaryCategory}</span>
          </span>
        </li>
      );
    }
    return (
      <li key={c.id} id={consentAnchor(p.purpose, c.id, partner?.id)} tabIndex={-1} data-category={c.id} data-purpose={p.purpose}>
        <span>
          {name}
          {sensitive(c) && <span class="badge badge-sensitive">{t.consent.sensitive}</span>}
          {isPending ? (
            <span class="badge badge-pending">{t.consent.pending}</span>
          ) : on ? (
            <span class="badge badge-granted">{t.consent.granted}</span>
          ) : (
            <span class="badge">{t.consent.notGranted}</span>
          )}
        </span>
        {on ? (
          <button type="button" disabled={busyKey != null} aria-label={`${t.consent.withdraw}: ${p.name} · ${name}`} onClick={() => void doWithdraw(p.purpose, [c.id], partner?.id ?? null)}>
            {t.consent.withdraw}
          </button>
        ) : (
          <button type="button" class="primary" disabled={busyKey != null || isPending} aria-label={`${t.consent.grant}: ${p.name} · ${name}`} onClick={() => requestGrant(p, [c], partner)}>
            {t.consent.grant}
          </button>
        )}
      </li>
    );
  };

  const oldestGrantVersion = state?.grants.reduce<number | null>((min, g) => (min == null || g.noticeVersion < min ? g.noticeVersion : min), null) ?? null;
  const receipts = (state?.grants ?? []).filter((g): g is Grant & { receipt: NonNullable<Grant['receipt']> } => g.current && g.receipt != null);

  return (
    <div>
      <PageTitle>{t.consent.title}</PageTitle>
      <p>{t.consent.intro}</p>

      <section class="card" aria-labelledby="notice-h">
        <h2 id="notice-h">{t.consent.notice}</h2>
        <QueryBody state={notice}>
          {(data) => (
            <>
              <p>
                <strong>{data.privacyNotice.title}</strong>
                <br />
                <span class="muted small">
                  {t.consent.noticeVersion(data.privacyNotice.version, formatDate(locale, data.privacyNotice.publishedAt))} ·{' '}
                  <Link href={`/privacy/notice/${data.privacyNotice.version}`}>{t.consent.readFull}</Link>
                </span>
              </p>
              {oldestGrantVersion != null && oldestGrantVersion < data.privacyNotice.version && (
                <>
                  <h3>{t.consent.changesTitle}</h3>
                  <NoticeChanges from={oldestGrantVersion} to={data.privacyNotice.version} />
                </>
              )}
              <CompareVersions latest={data.privacyNotice.version} />
            </>
          )}
        </QueryBody>
      </section>

      {/* One placeholder until both the notice and the person's consents are in: what follows
          depends on both (the overview, which purposes are folded), and nothing should jump. */}
      {!settled && (
        <div class="card">
          <Skeleton lines={8} />
        </div>
      )}
      {settled && noticeData && state && (
        // On a phone the page is long: first, each purpose at a glance, a tap away.
        <nav class="card" aria-labelledby="overview-h" data-testid="consent-overview">
          <h2 id="overview-h">{t.consent.overview}</h2>
          <ul class="overview-list">
            {noticeData.purposes.map((p) => {
              const agreed = agreedIn(p);
              return (
                <li key={p.purpose}>
                  <a href={`#purpose-${p.purpose}`}>{p.name}</a>
                  <span class="overview-meter" aria-hidden="true">
                    <span style={{ width: `${p.categories.length ? (100 * agreed) / p.categories.length : 0}%` }} />
                  </span>
                  <span class="small muted">{t.consent.agreedCount(agreed, p.categories.length)}</span>
                </li>
              );
            })}
          </ul>
        </nav>
      )}

      {settled && state && state.renewalNeeded.length > 0 && (
        <Notice kind="warning">
          {t.consent.renewalNeeded} {state.renewalNeeded.map((p) => purposeName(p)).join(t.app.listSep)}
        </Notice>
      )}

      {settled &&
        noticeData &&
        noticeData.purposes.map((p) => (
          <section class="card" key={p.purpose} aria-labelledby={`purpose-${p.purpose}`} data-testid={`purpose-${p.purpose}`}>
            <div class="spread">
              <h2 id={`purpose-${p.purpose}`}>
                {p.name}
                <span class="badge">{p.necessary ? t.consent.necessary : p.necessaryCategories.length > 0 ? t.consent.partlyNecessary : t.consent.optional}</span>
                {p.separateConsent && <span class="badge badge-sensitive">{t.consent.separate}</span>}
              </h2>
            </div>
            <p>{p.description}</p>
            <p class="muted small">
              {t.consent.recipients}: {p.recipients.join(t.app.listSep) || '—'}
              {p.retentionDays ? ` · ${t.consent.retention(p.retentionDays)}` : ''}
            </p>
            {p.purpose === 'PARTNER_SHARING' ? (
              <QueryBody state={partners}>
                {(data) => (
                  <>
                    {data.partners.map((partner) => {
                      const cats = p.categories.filter((c) => partner.registeredCategories.includes(c.id));
                      const agreed = cats.filter((c) => granted.has(grantKey(p.purpose, 'PARTNER', partner.id, c.id))).length;
                      // A partner with nothing agreed stays folded: on a phone the section is long.
                      return (
                        <details key={partner.id} class="partner-consent" data-partner={partner.id} open={agreed > 0}>
                          <summary>
                            <strong>{partner.name}</strong> <span class="small muted">{t.consent.agreedCount(agreed, cats.length)}</span>
                          </summary>
                          <p class="muted small">{partner.description}</p>
                          <ul class="consent-list">{cats.map((c) => row(p, c, { id: partner.id, name: partner.name }))}</ul>
                          {/* One action ends the partner's access: the grant, and every token it holds. */}
                          {agreed > 0 && (
                            <button type="button" class="danger" onClick={() => void doWithdraw(p.purpose, null, partner.id)}>
                              {t.consent.withdrawPartner(partner.name)}
                            </button>
                          )}
                        </details>
                      );
                    })}
                  </>
                )}
              </QueryBody>
            ) : (
              // A purpose with nothing agreed shows its rows on a tap: its description stays in view.
              <details class="purpose-categories" open={agreedIn(p) > 0}>
                <summary>
                  {t.consent.categoriesOf(p.categories.length)} <span class="small muted">· {t.consent.agreedCount(agreedIn(p), p.categories.length)}</span>
                </summary>
                <ul class="consent-list">{p.categories.map((c) => row(p, c, null))}</ul>
                <div class="row" style={{ marginTop: '.5rem' }}>
                  {!p.separateConsent && p.categories.some((c) => !sensitive(c) && !p.necessaryCategories.includes(c.id) && !granted.has(grantKey(p.purpose, recipientTypeFor(p.purpose), null, c.id))) && (
                    <button
                      type="button"
                      disabled={busyKey != null}
                      onClick={() => requestGrant(p, p.categories.filter((c) => !sensitive(c) && !p.necessaryCategories.includes(c.id) && !granted.has(grantKey(p.purpose, recipientTypeFor(p.purpose), null, c.id))), null)}
                    >
                      {t.consent.grantAll}
                    </button>
                  )}
                  {p.categories.some((c) => granted.has(grantKey(p.purpose, recipientTypeFor(p.purpose), null, c.id))) && (
                    <button type="button" disabled={busyKey != null} onClick={() => void doWithdraw(p.purpose, null, null)}>
                      {t.consent.withdrawAll}
                    </button>
                  )}
                </div>
              </details>
            )}
          </section>
        ))}

      {settled && (
        <>
          <section class="card" aria-labelledby="receipts-h">
            <h2 id="receipts-h">{t.consent.receipts}</h2>
            <QueryBody state={consents}>
              {() =>
                receipts.length ? (
                  <ul class="menu-list">
                    {receipts.map((g) => (
                      <li key={g.receipt.id}>
                        <Link href={`/consent/receipts/${g.receipt.id}`}>
                          <span>
                            <strong>{purposeName(g.purpose)}</strong> · {g.recipient.name}
                            <span class="hint block">
                              {g.categories.map((c) => categoryName(t, c)).join(t.app.listSep)} · {formatDateTime(locale, g.grantedAt)}
                            </span>
                          </span>
                          <span aria-hidden="true" class="chevron">›</span>
                        </Link>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <EmptyState text={t.consent.noReceipts} />
                )
              }
            </QueryBody>
          </section>

          <section class="card" aria-labelledby="history-h">
            <h2 id="history-h">{t.consent.history}</h2>
            <QueryBody state={consents}>
              {(data) => {
                const all = data.me?.consents?.history ?? [];
                if (!all.length) return <p class="muted">{t.consent.noHistory}</p>;
                // The newest first; the rest on a tap, so the page ends soon on a phone.
                const history = allHistory ? all : all.slice(0, HISTORY_PREVIEW);
                return (
                  <>
                  <RecordTable
                    rows={history}
                    rowKey={(e) => e.id}
                    columns={[
                      { header: t.accessLog.when, cell: (e) => formatDateTime(locale, e.at) },
                      { header: t.consent.title, cell: (e) => t.consent.historyKind[e.kind] },
                      { header: t.accessLog.purpose, cell: (e) => purposeName(e.purpose) },
                      { header: t.consent.recipients, cell: (e) => e.recipient.name },
                      { header: t.consent.categories, cell: (e) => e.categories.map((c) => categoryName(t, c)).join(t.app.listSep) },
                    ]}
                    card={(e) => (
                      <>
                        <div class="spread">
                          <strong>
                            {t.consent.historyKind[e.kind]} · {purposeName(e.purpose)}
                          </strong>
                        </div>
                        <span class="small">
                          {e.recipient.name} · {e.categories.map((c) => categoryName(t, c)).join(t.app.listSep)}
                        </span>
                        <span class="muted small">{formatDateTime(locale, e.at)}</span>
                      </>
                    )}
                  />
                  {history.length < all.length && (
                    <button type="button" onClick={() => setAllHistory(true)}>
                      {t.consent.showAllHistory(all.length)}
                    </button>
                  )}
                  </>
                );
              }}
            </QueryBody>
          </section>
        </>
      )}
      <SeparateConsentDialog request={prompt} onClose={() => setPrompt(null)} />
    </div>
  );
}
