// 我的: the person's own corner. Everything that is not one of the four tabs is one tap from
// here (card, who read my data, devices, my data, my rights, settings, the notice), plus install and sign-out.
import { DashboardGreetingDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { signOut } from '../../platform/consent/consent-actions';
import { Link, navigate } from '../../platform/navigation';
import { useQuery } from '../../platform/query-store';
import { PageTitle } from '../../platform/ui/components';
import { InstallOfferCard } from '../../platform/ui/install-offer';

export function MePage() {
  const { t } = useI18n();
  const greeting = useQuery(DashboardGreetingDocument);
  const name = greeting.data?.me?.profile?.displayName;
  const items: [string, string, string][] = [
    ['/link-card', t.me.card, t.me.cardHint],
    ['/access-log', t.nav.accessLog, t.me.accessLogHint],
    ['/devices', t.devices.title, t.me.devicesHint],
    ['/account', t.nav.account, t.me.accountHint],
    ['/rights', t.me.rights, t.me.rightsHint],
    ['/settings', t.nav.settings, t.me.settingsHint],
    ['/privacy', t.consent.notice, t.me.noticeHint],
  ];
  return (
    <div>
      <PageTitle>{name ? t.dashboard.greeting(name) : t.me.title}</PageTitle>
      <nav aria-label={t.me.title}>
        <ul class="menu-list card">
          {items.map(([href, label, hint]) => (
            <li key={href}>
              <Link href={href}>
                <span>
                  <strong>{label}</strong>
                  <span class="hint block">{hint}</span>
                </span>
                <span aria-hidden="true" class="chevron">›</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <InstallOfferCard />
      <button
        type="button"
        class="block"
        onClick={() => {
          void signOut().finally(() => navigate('/sign-in', { replace: true }));
        }}
      >
        {t.nav.signOut}
      </button>
    </div>
  );
}
