// The app shell: header, navigation, banners and the page for the current path, behind the
// session check (which may be answered offline).
import { useEffect, useState } from 'preact/hooks';
import { SessionDocument } from '../gql/graphql';
import { LOCALES, type Locale } from '../i18n/catalogue';
import { useI18n } from '../i18n/i18n';
import { signOut } from '../platform/consent/consent-actions';
import { Link, navigate, usePath } from '../platform/navigation';
import { useQuery } from '../platform/query-store';
import { focusNextTitle } from '../platform/ui/components';
import { registerServiceWorker } from '../sw-bridge/registration';
import { consentRequestPage, publicPage, PUBLIC_PATHS, route } from './routes';
import { StatusBanners } from './status-banners';

function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  const other: Locale = LOCALES.find((l) => l !== locale) ?? 'en';
  return (
    <button type="button" class="lang-switch" lang={other} onClick={() => setLocale(other)} aria-label={`${t.app.language}: ${t.app.languageName[other]}`}>
      {t.app.languageName[other]}
    </button>
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

  const consentRequest = consentRequestPage(path);
  useEffect(() => {
    if (!known || consentRequest) return;
    if (!signedIn && !session.unavailableOffline && !PUBLIC_PATHS.has(path)) navigate('/sign-in', { replace: true });
    if (signedIn && PUBLIC_PATHS.has(path)) navigate('/', { replace: true });
  }, [known, signedIn, path]);

  let page;
  if (consentRequest) page = consentRequest;
  else if (!known) page = <p class="muted" role="status">{t.app.loading}</p>;
  else if (PUBLIC_PATHS.has(path)) page = publicPage(path);
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
