// The console's shell: who is signed in (operatorMe), a menu of what their roles may do, and the
// page for the hash route. A session that ends (idle, 8 h, sign-out) brings back the sign-in.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ConsoleError, run } from './api';
import { AuditPage } from './audit.page';
import { OperatorMeDocument, OperatorSignOutDocument, type OperatorMeQuery } from './gql/graphql';
import { useWords } from './i18n';
import { NoticesPage } from './notices.page';
import { PartnersPage } from './partners.page';
import { BreachesPage, DisclosuresPage, RequestQueuePage, SupportViewPage } from './rights.page';
import { rightsWords } from './rights.i18n';
import { SignInPage } from './sign-in.page';

type Operator = OperatorMeQuery['operatorMe'];
type Page = 'home' | 'partners' | 'notices' | 'audit' | RightsPage;
type RightsPage = 'requests' | 'support' | 'disclosures' | 'breaches';

/** Which page each role opens; a page not listed for any of the operator's roles is not offered. */
const PAGES: { page: Exclude<Page, 'home'>; roles: readonly string[] }[] = [
  { page: 'partners', roles: ['PARTNER_MANAGER'] },
  { page: 'notices', roles: ['PRIVACY_OFFICER'] },
  { page: 'audit', roles: ['SECURITY_OFFICER'] },
  { page: 'requests', roles: ['SUPPORT', 'PRIVACY_OFFICER'] },
  { page: 'support', roles: ['SUPPORT'] },
  { page: 'disclosures', roles: ['PRIVACY_OFFICER'] },
  { page: 'breaches', roles: ['SECURITY_OFFICER'] },
];
const RIGHTS_PAGES: readonly string[] = ['requests', 'support', 'disclosures', 'breaches'];

const pageOf = (hash: string): Page => (['partners', 'notices', 'audit', ...RIGHTS_PAGES].includes(hash.slice(2)) ? (hash.slice(2) as Page) : 'home');

export function Console() {
  const { t, toggle, locale } = useWords();
  const [operator, setOperator] = useState<Operator | null | undefined>(undefined);
  const [page, setPage] = useState<Page>(pageOf(location.hash));
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    run(OperatorMeDocument).then(
      (d) => setOperator(d.operatorMe),
      () => setOperator(null),
    );
    const onHash = () => setPage(pageOf(location.hash));
    window.addEventListener('hashchange', onHash);
    // An ended session surfaces as UNAUTHENTICATED from any page: back to sign-in.
    const onEnded = (event: PromiseRejectionEvent) => {
      if (event.reason instanceof ConsoleError && event.reason.code === 'UNAUTHENTICATED') setOperator(null);
    };
    window.addEventListener('unhandledrejection', onEnded);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('unhandledrejection', onEnded);
    };
  }, []);
  useEffect(() => {
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [page]);

  const header = (
    <header class="op-header">
      <span class="op-brand">{t.title}</span>
      <button type="button" class="op-lang" onClick={toggle} aria-label={t.languageLabel}>
        {t.language}
      </button>
    </header>
  );
  if (operator === undefined) return header;
  if (operator === null) {
    return (
      <>
        {header}
        <SignInPage onSignedIn={(signedIn) => setOperator(signedIn)} />
      </>
    );
  }
  const offered = PAGES.filter((p) => p.roles.some((role) => operator.roles.includes(role as never)));
  const current = offered.some((p) => p.page === page) ? page : 'home';

  return (
    <>
      <a class="op-skip" href="#main">
        {t.skip}
      </a>
      {header}
      <div class="op-layout">
        <nav class="op-nav" aria-label={t.menu.label}>
          <p class="op-who">
            {t.signedInAs(operator.displayName)}
            <br />
            <small>{operator.roles.map((r) => t.roles[r] ?? r).join(' · ')}</small>
          </p>
          <ul>
            <li>
              <a href="#/" aria-current={current === 'home' ? 'page' : undefined}>
                {t.menu.home}
              </a>
            </li>
            {offered.map((p) => (
              <li key={p.page}>
                <a href={`#/${p.page}`} aria-current={current === p.page ? 'page' : undefined}>
                  {RIGHTS_PAGES.includes(p.page) ? rightsWords[locale].menu[p.page as RightsPage] : t.menu[p.page as 'partners' | 'notices' | 'audit']}
                </a>
              </li>
            ))}
          </ul>
          <button
            type="button"
            class="op-signout"
            onClick={() => {
              void run(OperatorSignOutDocument).finally(() => setOperator(null));
            }}
          >
            {t.signOut}
          </button>
        </nav>
        <main id="main" ref={main} class="op-main">
          {current === 'home' && (
            <>
              <h1 tabIndex={-1}>{t.home.heading}</h1>
              <p>{offered.length ? t.home.intro : t.home.none}</p>
            </>
          )}
          {current === 'partners' && <PartnersPage />}
          {current === 'notices' && <NoticesPage />}
          {current === 'audit' && <AuditPage />}
          {current === 'requests' && <RequestQueuePage />}
          {current === 'support' && <SupportViewPage />}
          {current === 'disclosures' && <DisclosuresPage />}
          {current === 'breaches' && <BreachesPage />}
        </main>
      </div>
    </>
  );
}
