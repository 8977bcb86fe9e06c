import { normaliseMobile } from '@shebao/vocabulary';
import { useState } from 'preact/hooks';
import { SignInDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { syncConsent } from '../../platform/consent/consent-sync';
import { mutate } from '../../platform/graphql-client';
import { failureMessage, Field, Notice, PageTitle } from '../../platform/ui/components';
import { clearAll } from '../../platform/query-store';
import { Link, navigate } from '../../platform/navigation';

export function SignInPage() {
  const { t } = useI18n();
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const p = normaliseMobile(phone);
    if (!p) {
      setPhoneError(t.auth.phoneInvalid);
      return;
    }
    setPhoneError(null);
    setBusy(true);
    setError(null);
    try {
      await mutate(SignInDocument, { phone: p, password });
      clearAll();
      void syncConsent();
      navigate('/', { replace: true });
    } catch (e) {
      setError(failureMessage(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="narrow">
      <PageTitle>{t.auth.signInTitle}</PageTitle>
      <form class="card" onSubmit={submit} noValidate>
        <Field
          label={t.auth.phone}
          hint={t.auth.phoneHint}
          error={phoneError}
          type="tel"
          name="phone"
          autocomplete="tel-national"
          inputMode="tel"
          required
          value={phone}
          onInput={(e) => setPhone(e.currentTarget.value)}
        />
        <Field
          label={t.auth.password}
          type="password"
          name="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        {error && <Notice kind="error">{error}</Notice>}
        <button type="submit" class="primary" disabled={busy}>
          {t.auth.signIn}
        </button>
      </form>
      <p>
        <Link href="/register">{t.auth.noAccount}</Link>
      </p>
      <p class="muted small">{t.auth.demoHint}</p>
    </div>
  );
}
