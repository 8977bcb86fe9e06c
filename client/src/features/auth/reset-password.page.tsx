// 「忘记密码」: a PASSWORD_RESET code by SMS, then a new password under the same rule as at
// registration. The server ends every other session and signs this one in.
import { normaliseMobile } from '@shebao/vocabulary';
import { useState } from 'preact/hooks';
import { ResetPasswordDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { syncConsent } from '../../platform/consent/consent-sync';
import { mutate } from '../../platform/graphql-client';
import { BusyButton } from '../../platform/ui/busy-button';
import { Notice, PageTitle } from '../../platform/ui/components';
import { clearAll } from '../../platform/query-store';
import { Link, navigate } from '../../platform/navigation';
import { checkCredentials, credentialErrorsFrom, type CredentialErrors } from './credential-errors';
import { PasswordField } from './password-field';
import { PhoneField } from './phone-field';
import { SmsCodeField, useSmsCode } from './sms-code';
import './auth.css';

export function ResetPasswordPage() {
  const { t } = useI18n();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<CredentialErrors>({});
  const [busy, setBusy] = useState(false);
  const sms = useSmsCode('PASSWORD_RESET');

  const submit = async (event: Event) => {
    event.preventDefault();
    const { phone: p, errors: next } = checkCredentials(t, { phone, code, password });
    setErrors(next);
    if (Object.keys(next).length || !p) return;
    setBusy(true);
    try {
      await mutate(ResetPasswordDocument, { phone: p, code: code.trim(), newPassword: password });
      clearAll();
      void syncConsent();
      navigate('/', { replace: true });
    } catch (e) {
      setErrors(credentialErrorsFrom(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="narrow auth-page">
      <PageTitle>{t.auth.resetTitle}</PageTitle>
      <p>{t.auth.resetIntro}</p>
      <form class="card auth-form" onSubmit={submit} noValidate>
        <PhoneField value={phone} onValue={setPhone} error={errors.phone} />
        <SmsCodeField
          sms={sms}
          onSend={() => void sms.send(phone).then((ok) => setErrors(ok ? {} : { phone: t.auth.phoneInvalid }))}
          sentText={t.auth.codeSentIfRegistered}
          value={code}
          onValue={setCode}
          error={errors.code}
        />
        <PasswordField value={password} onValue={setPassword} phone={normaliseMobile(phone)} error={errors.password} />
        {errors.form && <Notice kind="error">{errors.form}</Notice>}
        <BusyButton busy={busy}>{t.auth.resetSubmit}</BusyButton>
      </form>
      <p class="auth-links">
        <Link href="/sign-in">{t.auth.backToSignIn}</Link>
      </p>
    </div>
  );
}
