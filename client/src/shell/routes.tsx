// Which page answers which path. Pages load on first use (lazy chunks): the first screen
// carries the shell only, plus the dashboard's code fetched alongside the session check.
import { lazyComponent } from './lazy';

const SignInPage = lazyComponent(() => import('../features/auth/sign-in.page').then((m) => m.SignInPage));
const RegisterPage = lazyComponent(() => import('../features/auth/register.page').then((m) => m.RegisterPage));
const ResetPasswordPage = lazyComponent(() => import('../features/auth/reset-password.page').then((m) => m.ResetPasswordPage));
const DashboardPage = lazyComponent(() => import('../features/dashboard/dashboard.page').then((m) => m.DashboardPage));
const LinkCardPage = lazyComponent(() => import('../features/card/link-card.page').then((m) => m.LinkCardPage));
const MedicalRecordsPage = lazyComponent(() => import('../features/medical/medical-records.page').then((m) => m.MedicalRecordsPage));
const DevicesPage = lazyComponent(() => import('../features/devices/devices.page').then((m) => m.DevicesPage));
const ConsentCentrePage = lazyComponent(() => import('../features/consent/consent-centre.page').then((m) => m.ConsentCentrePage));
const AccessLogPage = lazyComponent(() => import('../features/access-log/access-log.page').then((m) => m.AccessLogPage));
const AccountPage = lazyComponent(() => import('../features/account/account.page').then((m) => m.AccountPage));
const RequestsPage = lazyComponent(() => import('../features/requests/requests.page').then((m) => m.RequestsPage));
const SettingsPage = lazyComponent(() => import('../features/settings/settings.page').then((m) => m.SettingsPage));
const AuthorizePage = lazyComponent(() => import('../features/authorize/authorize.page').then((m) => m.AuthorizePage));
const OnboardingPage = lazyComponent(() => import('../features/onboarding/onboarding.page').then((m) => m.OnboardingPage));
const MePage = lazyComponent(() => import('../features/me/me.page').then((m) => m.MePage));
const ReceiptPage = lazyComponent(() => import('../features/consent/receipt.page').then((m) => m.ReceiptPage));
const NoticePage = lazyComponent(() => import('../features/notice/notice.page').then((m) => m.NoticePage));
const NotFoundPage = lazyComponent(() => import('./not-found.page').then((m) => m.NotFoundPage));

export const PUBLIC_PATHS = new Set(['/sign-in', '/register', '/reset-password']);

// The dashboard is the usual first screen: fetch its code alongside the session check.
if (typeof location !== 'undefined' && location.pathname === '/') DashboardPage.preload();
// Likewise the sign-in screen for someone who opens it (or the app's start when not signed in).
if (typeof location !== 'undefined' && PUBLIC_PATHS.has(location.pathname)) (location.pathname === '/register' ? RegisterPage : SignInPage).preload();

const AUTHORIZE_PATH = /^\/authorize\/([A-Za-z0-9_-]{10,64})$/;

/** A partner's consent screen answers signed in or not (it signs the person in first): null for other paths. */
export function consentRequestPage(path: string) {
  const uid = AUTHORIZE_PATH.exec(path)?.[1];
  return uid ? <AuthorizePage uid={uid} signIn={(done) => <SignInPage onSignedIn={done} />} /> : null;
}

const NOTICE_PATH = /^\/privacy(?:\/notice\/(\d{1,4}))?$/;
const RECEIPT_PATH = /^\/consent\/receipts\/([A-Za-z0-9-]{8,64})$/;

/** Pages anyone may read, signed in or not (the privacy notice, which receipts link to): null for others. */
export function openPage(path: string) {
  const m = NOTICE_PATH.exec(path);
  return m ? <NoticePage version={m[1] ? Number(m[1]) : undefined} /> : null;
}

/** Pages for people not signed in. */
export function publicPage(path: string) {
  if (path === '/register') return <RegisterPage />;
  if (path === '/reset-password') return <ResetPasswordPage />;
  return <SignInPage />;
}

/** Pages for the signed-in person. */
export function route(path: string) {
  switch (path) {
    case '/':
      return <DashboardPage />;
    case '/link-card':
      return <LinkCardPage />;
    case '/welcome':
      return <OnboardingPage />;
    case '/me':
      return <MePage />;
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
    case '/rights':
      return <RequestsPage />;
    default: {
      const receipt = RECEIPT_PATH.exec(path)?.[1];
      return receipt ? <ReceiptPage id={receipt} /> : <NotFoundPage />;
    }
  }
}
