// The app shell: header, navigation, banners and the page for the current path, behind the
// session check (which may be answered offline).
import { useEffect, useRef, useState } from 'preact/hooks';
import { SessionDocument } from '../gql/graphql';
import { LOCALES, type Locale } from '../i18n/catalogue';
import { useI18n } from '../i18n/i18n';
import { onWithdrawalsSynced } from '../platform/consent/outbox-sender';
import { navigate, usePath } from '../platform/navigation';
import { useQuery } from '../platform/query-store';
import { focusNextTitle, PageSkeleton } from '../platform/ui/components';
import { toast, Toasts } from '../platform/ui/toast';
import { registerServiceWorker } from '../sw-bridge/registration';
import { consentRequestPage, openPage, publicPage, PUBLIC_PATHS, route } from './routes';
import { StatusBanners } from './status-banners';
import { TabBar } from './tab-bar';

function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  const other: Locale = LOCALES.find((l) => l !== locale) ?? 'en';
  return (
    <button type="button" class="lang-switch" lang={other} onClick={() => setLocale(other)} aria-label={`${t.app.language}: ${t.app.languageName[other]}`}>
      {t.app.languageName[other]}
    </button>
  );
}

export function App() {
  const { t } = useI18n();
  const path = usePath();
  const session = useQuery(SessionDocument);
  const [update, setUpdate] = useState<(() => void) | null>(null);
  const signedIn = Boolean(session.data?.me);
  const known = !session.loading || session.data != null || session.unavailableOffline;

  useEffect(() => registerServiceWorker((apply) => setUpdate(() => apply)), []);
  // Offline withdrawals that reached the server, heard from whichever context sent them.
  const tRef = useRef(t);
  tRef.current = t;
  useEffect(() => onWithdrawalsSynced((n) => toast(tRef.current.shell.synced(n))), []);
  const [lastPath, setLastPath] = useState(path);
  if (path !== lastPath) {
    setLastPath(path);
    focusNextTitle();
  }

  const consentRequest = consentRequestPage(path) ?? openPage(path);
  useEffect(() => {
    if (!known || consentRequest) return;
    if (!signedIn && !session.unavailableOffline && !PUBLIC_PATHS.has(path)) navigate('/sign-in', { replace: true });
    if (signedIn && PUBLIC_PATHS.has(path)) navigate('/', { replace: true });
  }, [known, signedIn, path]);

  let page;
  if (consentRequest) page = consentRequest;
  else if (!known) page = <PageSkeleton />;
  else if (PUBLIC_PATHS.has(path)) page = publicPage(path);
  else if (signedIn) page = route(path);
  else if (session.unavailableOffline) page = <p class="notice notice-warning">{t.shell.offlineSignedOut}</p>;
  else page = <PageSkeleton />;

  return (
    <div class={signedIn && path !== '/welcome' ? 'shell with-tabs' : 'shell'}>
      <a class="skip-link" href="#main">
        {t.app.skipToContent}
      </a>
      <header class="app-header">
        <div class="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>{t.app.fullName}</span>
        </div>
        {/* Onboarding is one focused flow: no tabs to wander off through until it is done. */}
        {signedIn && path !== '/welcome' && <TabBar path={path} />}
        <LanguageSwitch />
      </header>
      <StatusBanners update={update} dismissUpdate={() => setUpdate(null)} />
      <main id="main" tabIndex={-1}>
        {page}
      </main>
      <Toasts />
    </div>
  );
}
