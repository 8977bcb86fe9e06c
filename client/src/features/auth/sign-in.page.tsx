import { normaliseMobile } from '@shebao/vocabulary';
import { useState } from 'preact/hooks';
import { SignInDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { syncConsent } from '../../platform/consent/consent-sync';
import { mutate } from '../../platform/graphql-client';
import { Field, Notice, PageTitle } from '../../platform/ui/components';
import { useSubmission } from '../../platform/ui/use-submission';
import { clearAll } from '../../platform/query-store';
import { Link, navigate } from '../../platform/navigation';
import { PhoneField } from './phone-field';

/** `onSignedIn`: where a page that needs sign-in first (a partner's consent screen) goes on; default the overview. */
export function SignInPage(props: { onSignedIn?: () => void }) {
  const { t } = useI18n();
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const submission = useSubmission();

  const submit = async (event: Event) => {
    event.preventDefault();
    const p = normaliseMobile(phone);
    if (!p) {
      setPhoneError(t.auth.phoneInvalid);
      return;
    }
    setPhoneError(null);
    await submission.run(async () => {
      await mutate(SignInDocument, { phone: p, password });
      clearAll();
      void syncConsent();
      if (props.onSignedIn) props.onSignedIn();
      else navigate('/', { replace: true });
    });
  };

  return (
    <div class="narrow">
      <PageTitle>{t.auth.signInTitle}</PageTitle>
      <form class="card" onSubmit={submit} noValidate>
        <PhoneField value={phone} onValue={setPhone} error={phoneError} />
        <Field
          label={t.auth.password}
          type="password"
          name="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        {submission.error && <Notice kind="error">{submission.error}</Notice>}
        <button type="submit" class="primary" disabled={submission.busy}>
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
