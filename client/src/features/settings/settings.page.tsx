import { useEffect, useMemo, useState } from 'preact/hooks';
import { ALL_CATEGORIES } from '@shebao/vocabulary';
import { clampRetentionDays, defaultRetentionDays, RETENTION_CHOICES_DAYS } from '../../data/retention';
import { offlineStore } from '../../data/offline-store';
import { ConsentCentreDocument, PrivacyNoticeDocument } from '../../gql/graphql';
import { LOCALES } from '../../i18n/catalogue';
import { apiLocale, categoryName, useI18n } from '../../i18n/i18n';
import { syncConsent } from '../../platform/consent/consent-sync';
import { usePendingWithdrawals } from '../../platform/consent/outbox-sender';
import { SeparateConsentDialog, type SeparateConsentRequest } from '../../platform/ui/separate-consent-dialog';
import { failureMessage, Notice, PageTitle } from '../../platform/ui/components';
import { grantConsent, withdrawConsent } from '../../platform/consent/consent-actions';
import { useQuery } from '../../platform/query-store';
import { checkForUpdate } from '../../sw-bridge/registration';
import { grantedKeys, grantKey, pendingCovers, sensitive } from '../../platform/consent/grants';

export function SettingsPage() {
  const { t, locale, setLocale } = useI18n();
  const notice = useQuery(PrivacyNoticeDocument, { locale: apiLocale(locale) });
  const consents = useQuery(ConsentCentreDocument);
  const pending = usePendingWithdrawals();
  const [retention, setRetention] = useState<Record<string, number>>({});
  const [entries, setEntries] = useState<number | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error' | 'info'; text: string } | null>(null);
  const [prompt, setPrompt] = useState<SeparateConsentRequest | null>(null);
  const [busy, setBusy] = useState(false);
  // The box follows the click at once; the consent state catches up.
  const [optimistic, setOptimistic] = useState<Record<string, boolean>>({});

  const refreshLocal = async () => {
    const store = offlineStore();
    const [policy, count] = await Promise.all([store.getPolicy(), store.countEntries()]);
    setRetention({ ...policy.retentionDays });
    setEntries(count);
  };
  useEffect(() => void refreshLocal().catch(() => undefined), [pending.length]);

  const noticeData = notice.data?.privacyNotice ?? null;
  const localPurpose = noticeData?.purposes.find((p) => p.purpose === 'LOCAL_CACHE') ?? null;
  const categories = useMemo(
    () =>
      localPurpose?.categories.map((c) => ({ ...c, name: categoryName(t, c.id, c.name) })) ??
      ALL_CATEGORIES.map((id) => ({ id, name: categoryName(t, id), sensitive: sensitive(id) })),
    [localPurpose, t],
  );
  const granted = useMemo(() => grantedKeys(consents.data?.me?.consents?.grants ?? []), [consents.data]);
  const necessary = consents.data?.me?.consents?.necessaryCategories ?? [];

  const fail = (e: unknown) =>
    setMessage({ kind: 'error', text: failureMessage(t, e) });

  const toggle = async (category: { id: string; name: string; sensitive: boolean }, on: boolean) => {
    setMessage(null);
    if (!on) {
      setOptimistic((o) => ({ ...o, [category.id]: false }));
      setBusy(true);
      try {
        const outcome = await withdrawConsent({ purpose: 'LOCAL_CACHE', recipient: { type: 'SERVICE' }, categories: [category.id] });
        setMessage({ kind: outcome === 'queued' ? 'info' : 'success', text: outcome === 'queued' ? t.consent.withdrawnLocally : t.consent.withdrawn });
      } catch (e) {
        fail(e);
      } finally {
        setBusy(false);
        void refreshLocal();
        setOptimistic(({ [category.id]: _done, ...rest }) => rest);
      }
      return;
    }
    if (!noticeData) return;
    const run = async () => {
      setBusy(true);
      try {
        await grantConsent({ noticeVersion: noticeData.version, purpose: 'LOCAL_CACHE', recipient: { type: 'SERVICE' }, categories: [category.id] });
        setMessage({ kind: 'success', text: t.consent.grantedDone });
      } catch (e) {
        fail(e);
      } finally {
        setBusy(false);
      }
    };
    if (sensitive(category) || localPurpose?.separateConsent) {
      setPrompt({
        purposeName: localPurpose?.name ?? t.purpose.LOCAL_CACHE,
        categoryNames: [category.name],
        sensitive: sensitive(category),
        retentionDays: retention[category.id] ?? defaultRetentionDays(category.id),
        onConfirm: run,
      });
    } else await run();
  };

  return (
    <div>
      <PageTitle>{t.settings.title}</PageTitle>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}

      <section class="card" aria-labelledby="lang-h">
        <h2 id="lang-h">{t.settings.language}</h2>
        <div class="row" role="radiogroup" aria-labelledby="lang-h">
          {LOCALES.map((l) => (
            <label key={l} class="row" lang={l}>
              <input type="radio" name="locale" value={l} checked={locale === l} onChange={() => setLocale(l)} />
              <span>{t.app.languageName[l]}</span>
            </label>
          ))}
        </div>
      </section>

      <section class="card" aria-labelledby="offline-h" data-testid="offline-settings">
        <h2 id="offline-h">{t.settings.offlineTitle}</h2>
        <p>{t.settings.offlineIntro}</p>
        {entries != null && <p class="muted small">{t.settings.entries(entries)}</p>}
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.consent.categories}</th>
                <th scope="col">{t.settings.keepOffline}</th>
                <th scope="col">{t.settings.retention}</th>
              </tr>
            </thead>
            <tbody>
              {categories.map((c) => {
                const isPending = pendingCovers(pending, 'LOCAL_CACHE', 'SERVICE', null, c.id);
                const on = optimistic[c.id] ?? (granted.has(grantKey('LOCAL_CACHE', 'SERVICE', null, c.id)) && !isPending);
                const service = granted.has(grantKey('SERVICE', 'SERVICE', null, c.id)) || necessary.includes(c.id);
                const days = retention[c.id] ?? defaultRetentionDays(c.id);
                const id = `keep-${c.id.replace(/\W/g, '-')}`;
                return (
                  <tr key={c.id} data-category={c.id}>
                    <th scope="row">
                      <label for={id}>{c.name}</label>
                      {sensitive(c) && <span class="badge badge-sensitive">{t.consent.sensitive}</span>}
                      {!service && <span class="hint block">{t.settings.needsService}</span>}
                    </th>
                    <td>
                      <input id={id} type="checkbox" checked={on} disabled={busy} onChange={(e) => void toggle(c, e.currentTarget.checked)} />
                      {isPending && <span class="badge badge-pending">{t.consent.pending}</span>}
                    </td>
                    <td>
                      <select
                        aria-label={`${t.settings.retention}: ${c.name}`}
                        value={days}
                        onChange={(e) => {
                          const next = clampRetentionDays(c.id, Number(e.currentTarget.value));
                          void offlineStore().setRetentionDays(c.id, next).then(() => refreshLocal());
                        }}
                      >
                        {RETENTION_CHOICES_DAYS.filter((d) => clampRetentionDays(c.id, d) === d).map((d) => (
                          <option key={d} value={d}>
                            {t.settings.daysOption(d)}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p>
          <button
            type="button"
            onClick={async () => {
              await offlineStore().purgeAll({ keepOutbox: true });
              await syncConsent();
              await refreshLocal();
              setMessage({ kind: 'success', text: t.settings.cleared });
            }}
          >
            {t.settings.clearOffline}
          </button>
        </p>
      </section>

      <section class="card" aria-labelledby="app-h">
        <h2 id="app-h">{t.settings.appTitle}</h2>
        <p>{t.settings.version(__APP_VERSION__)}</p>
        <div class="row">
          <button
            type="button"
            onClick={async () => {
              const waiting = await checkForUpdate().catch(() => false);
              if (!waiting) setMessage({ kind: 'info', text: t.settings.upToDate });
            }}
          >
            {t.settings.checkUpdate}
          </button>
        </div>
      </section>
      <SeparateConsentDialog request={prompt} onClose={() => setPrompt(null)} />
    </div>
  );
}
