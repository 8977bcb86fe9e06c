import { normaliseMobile, SMS_CODE } from '@shebao/vocabulary';
import { useState } from 'preact/hooks';
import { SignInDocument, SignInWithSmsCodeDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { syncConsent } from '../../platform/consent/consent-sync';
import { mutate } from '../../platform/graphql-client';
import { Field, Notice, PageTitle } from '../../platform/ui/components';
import { BusyButton } from '../../platform/ui/busy-button';
import { useSubmission } from '../../platform/ui/use-submission';
import { clearAll } from '../../platform/query-store';
import { Link, navigate } from '../../platform/navigation';
import { PhoneField } from './phone-field';
import { SmsCodeField, useSmsCode } from './sms-code';
import './auth.css';

type Method = 'password' | 'code';

/** `onSignedIn`: where a page that needs sign-in first (a partner's consent screen) goes on; default the overview. */
export function SignInPage(props: { onSignedIn?: () => void }) {
  const { t } = useI18n();
  const [method, setMethod] = useState<Method>('password');
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | null>(null);
  const submission = useSubmission();
  const sms = useSmsCode('SIGN_IN');

  const signedIn = () => {
    clearAll();
    void syncConsent();
    if (props.onSignedIn) props.onSignedIn();
    else navigate('/', { replace: true });
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const p = normaliseMobile(phone);
    setPhoneError(p ? null : t.auth.phoneInvalid);
    const codeOk = method === 'password' || SMS_CODE.test(code.trim());
    setCodeError(codeOk ? null : t.auth.codeFormat);
    if (!p || !codeOk) return;
    await submission.run(async () => {
      if (method === 'password') await mutate(SignInDocument, { phone: p, password });
      else await mutate(SignInWithSmsCodeDocument, { phone: p, code: code.trim() });
      signedIn();
    });
  };

  const sendCode = () => {
    void sms.send(phone).then((ok) => setPhoneError(ok ? null : t.auth.phoneInvalid));
  };

  return (
    <div class="narrow auth-page">
      <PageTitle>{t.auth.signInTitle}</PageTitle>
      <form class="card auth-form" onSubmit={submit} noValidate>
        <fieldset class="method-switch">
          <legend class="sr-only">{t.auth.signInMethod}</legend>
          {(['password', 'code'] as const).map((m) => (
            <label key={m} class={method === m ? 'selected' : undefined}>
              <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} />
              {m === 'password' ? t.auth.withPassword : t.auth.withCode}
            </label>
          ))}
        </fieldset>
        <PhoneField value={phone} onValue={setPhone} error={phoneError} />
        {method === 'password' ? (
          <Field
            label={t.auth.password}
            type="password"
            name="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        ) : (
          <SmsCodeField sms={sms} onSend={sendCode} sentText={t.auth.codeSentIfRegistered} value={code} onValue={setCode} error={codeError} />
        )}
        {submission.error && (
          <Notice kind="error">
            {submission.error}
            {/* Locked out by wrong passwords: an SMS code still works, offer it right here. */}
            {method === 'password' && submission.code === 'RATE_LIMITED' && (
              <>
                {' '}
                <button type="button" class="link-button" onClick={() => setMethod('code')}>
                  {t.auth.useCodeInstead}
                </button>
              </>
            )}
          </Notice>
        )}
        <BusyButton busy={submission.busy}>{t.auth.signIn}</BusyButton>
        <p class="forgot">
          <Link href="/reset-password">{t.auth.forgotPassword}</Link>
        </p>
      </form>
      <p class="auth-links">
        <Link href="/register">{t.auth.noAccount}</Link>
      </p>
      {/* Vite drops this branch, credentials included, from production builds. */}
      {import.meta.env.DEV && <p class="muted small">{t.auth.demoHint('13800138000', 'Shebao-demo-2026')}</p>}
    </div>
  );
}
