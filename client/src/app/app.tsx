import { useEffect, useState } from 'preact/hooks';
import { LOCALES, type Locale } from '../i18n/catalogue';
import { useI18n } from '../i18n/i18n';
import { SessionDocument } from '../gql/graphql';
import { usePendingOutbox } from './cache-sync';
import { focusNextTitle } from './components/ui';
import { signOut } from './consent-actions';
import { formatDateTime } from './format';
import { lazyComponent } from './lazy';
import { useOfflineSince, useQuery } from './query-store';
import { Link, navigate, usePath } from './router';
import { registerServiceWorker } from './sw-registration';

const SignInPage = lazyComponent(() => import('./pages/sign-in.page').then((m) => m.SignInPage));
const RegisterPage = lazyComponent(() => import('./pages/register.page').then((m) => m.RegisterPage));
const DashboardPage = lazyComponent(() => import('./pages/dashboard.page').then((m) => m.DashboardPage));
const LinkCardPage = lazyComponent(() => import('./pages/link-card.page').then((m) => m.LinkCardPage));
const MedicalRecordsPage = lazyComponent(() => import('./pages/medical-records.page').then((m) => m.MedicalRecordsPage));
const DevicesPage = lazyComponent(() => import('./pages/devices.page').then((m) => m.DevicesPage));
const ConsentCentrePage = lazyComponent(() => import('./pages/consent-centre.page').then((m) => m.ConsentCentrePage));
const AccessLogPage = lazyComponent(() => import('./pages/access-log.page').then((m) => m.AccessLogPage));
const AccountPage = lazyComponent(() => import('./pages/account.page').then((m) => m.AccountPage));
const SettingsPage = lazyComponent(() => import('./pages/settings.page').then((m) => m.SettingsPage));
const NotFoundPage = lazyComponent(() => import('./pages/not-found.page').then((m) => m.NotFoundPage));

const PUBLIC_PATHS = new Set(['/sign-in', '/register']);

// The dashboard is the usual first screen: fetch its code alongside the session check.
if (typeof location !== 'undefined' && location.pathname === '/') DashboardPage.preload();

function route(path: string) {
  switch (path) {
    case '/':
      return <DashboardPage />;
    case '/link-card':
      return <LinkCardPage />;
    case '/welcome':
      return <ConsentCentrePage welcome />;
    case '/medical':
      return <MedicalRecordsPage />;
    case '/devices':
      return <DevicesPage />;
    case '/consent':
      return <ConsentCentrePage />;
    case '/access-log':
      return <AccessLogPage />;
    case '/account':
      return <AccountPage />;
    case '/settings':
      return <SettingsPage />;
    default:
      return <NotFoundPage />;
  }
}

function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  const other: Locale = LOCALES.find((l) => l !== locale) ?? 'en';
  return (
    <button type="button" class="lang-switch" lang={other} onClick={() => setLocale(other)} aria-label={`${t.app.language}: ${t.app.languageName[other]}`}>
      {t.app.languageName[other]}
    </button>
  );
}

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

function StatusBanners(props: { update: (() => void) | null; dismissUpdate: () => void }) {
  const { t, locale } = useI18n();
  const offlineSince = useOfflineSince();
  const online = useOnline();
  const pending = usePendingOutbox();
  return (
    <div class="banners">
      {offlineSince ? (
        <p class="banner banner-offline" role="status" data-testid="offline-banner">
          {t.offline.banner(formatDateTime(locale, offlineSince))}
        </p>
      ) : !online ? (
        <p class="banner banner-offline" role="status">
          {t.offline.noNetwork}
        </p>
      ) : null}
      {pending > 0 && (
        <p class="banner banner-pending" role="status" data-testid="pending-banner">
          {t.offline.pendingSync(pending)}
        </p>
      )}
      {props.update && (
        <div class="banner banner-update" role="status">
          <span>{t.update.available}</span>
          <button type="button" class="primary" onClick={props.update}>
            {t.update.reload}
          </button>
          <button type="button" onClick={props.dismissUpdate}>
            {t.update.later}
          </button>
        </div>
      )}
    </div>
  );
}

function Nav(props: { path: string }) {
  const { t } = useI18n();
  const items: [string, string][] = [
    ['/', t.nav.dashboard],
    ['/medical', t.nav.medical],
    ['/consent', t.nav.consent],
    ['/access-log', t.nav.accessLog],
    ['/devices', t.nav.devices],
    ['/account', t.nav.account],
    ['/settings', t.nav.settings],
  ];
  return (
    <nav aria-label={t.app.mainNav} class="main-nav">
      <ul>
        {items.map(([href, label]) => (
          <li key={href}>
            <Link href={href} aria-current={props.path === href ? 'page' : undefined}>
              {label}
            </Link>
          </li>
        ))}
        <li>
          <button
            type="button"
            class="link-button"
            onClick={() => {
              void signOut().finally(() => navigate('/sign-in', { replace: true }));
            }}
          >
            {t.nav.signOut}
          </button>
        </li>
      </ul>
    </nav>
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
  const [lastPath, setLastPath] = useState(path);
  if (path !== lastPath) {
    setLastPath(path);
    focusNextTitle();
  }

  useEffect(() => {
    if (!known) return;
    if (!signedIn && !session.unavailableOffline && !PUBLIC_PATHS.has(path)) navigate('/sign-in', { replace: true });
    if (signedIn && PUBLIC_PATHS.has(path)) navigate('/', { replace: true });
  }, [known, signedIn, path]);

  let page;
  if (!known) page = <p class="muted" role="status">{t.app.loading}</p>;
  else if (PUBLIC_PATHS.has(path)) page = path === '/register' ? <RegisterPage /> : <SignInPage />;
  else if (signedIn) page = route(path);
  else if (session.unavailableOffline) page = <p class="muted">{t.offline.notCached}</p>;
  else page = <p class="muted" role="status">{t.app.loading}</p>;

  return (
    <>
      <a class="skip-link" href="#main">
        {t.app.skipToContent}
      </a>
      <header class="app-header">
        <div class="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>{t.app.fullName}</span>
        </div>
        <LanguageSwitch />
      </header>
      {signedIn && <Nav path={path} />}
      <StatusBanners update={update} dismissUpdate={() => setUpdate(null)} />
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </>
  );
}
