// The main navigation: four tabs, as in the government-service apps people know (首页, 医疗,
// 同意, 我的). A bottom bar on a phone, a top bar on wide screens (the same links; CSS decides).
// Plain links in tab order, each with aria-current on its section.
import { useI18n } from '../i18n/i18n';
import { Link } from '../platform/navigation';

type Tab = 'home' | 'medical' | 'consent' | 'me';

/** Which tab a path belongs to: everything else is reached from 我的. */
export function tabOf(path: string): Tab {
  if (path === '/') return 'home';
  if (path.startsWith('/medical')) return 'medical';
  if (path.startsWith('/consent') || path === '/welcome') return 'consent';
  return 'me';
}

const ICONS: Record<Tab, string> = {
  home: 'M3 11.5 12 4l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z',
  medical: 'M9 3h6v6h6v6h-6v6H9v-6H3V9h6z',
  consent: 'M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5zm-1.2 14.2-3.5-3.5 1.4-1.4 2.1 2.1 4.9-4.9 1.4 1.4z',
  me: 'M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zm0 2c-4.4 0-8 2.2-8 5v2h16v-2c0-2.8-3.6-5-8-5z',
};

export function TabBar(props: { path: string }) {
  const { t } = useI18n();
  const current = tabOf(props.path);
  const tabs: [Tab, string, string][] = [
    ['home', '/', t.tabs.home],
    ['medical', '/medical', t.tabs.medical],
    ['consent', '/consent', t.tabs.consent],
    ['me', '/me', t.tabs.me],
  ];
  return (
    <nav aria-label={t.app.mainNav} class="tabbar" data-testid="tabbar">
      <ul>
        {tabs.map(([tab, href, label]) => (
          <li key={tab}>
            <Link href={href} aria-current={current === tab ? 'page' : undefined} data-tab={tab}>
              <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
                <path d={ICONS[tab]} fill="currentColor" />
              </svg>
              <span>{label}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
