import { useEffect, useState } from 'preact/hooks';
import { DevelopmentSmsCodeDocument, RegisterDocument, RequestRegistrationCodeDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { syncConsent } from '../cache-sync';
import { errorMessage, Field, Notice, PageTitle } from '../components/ui';
import { execute, mutate, NetworkError, OperationError } from '../graphql-client';
import { clearAll } from '../query-store';
import { Link, navigate } from '../router';
import { normalisePhone, passwordAcceptable, passwordStrength, PHONE_PATTERN } from './auth-shared';

function codeOf(e: unknown): string | null {
  return e instanceof NetworkError ? 'NETWORK' : e instanceof OperationError ? e.code : null;
}

export function RegisterPage() {
  const { t } = useI18n();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [devCode, setDevCode] = useState<string | null>(null);
  const [cooldown, setCooldown] = useState(0);
  const [sent, setSent] = useState(false);
  const [errors, setErrors] = useState<{ phone?: string; password?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (cooldown <= 0) return undefined;
    const timer = setTimeout(() => setCooldown((c) => c - 1), 1000);
    return () => clearTimeout(timer);
  }, [cooldown]);

  const sendCode = async () => {
    const p = normalisePhone(phone);
    if (!PHONE_PATTERN.test(p)) {
      setErrors({ phone: t.auth.phoneInvalid });
      return;
    }
    setErrors({});
    try {
      await mutate(RequestRegistrationCodeDocument, { phone: p });
      setSent(true);
      setCooldown(60);
      // Development only: the server answers null in production.
      const dev = await execute(DevelopmentSmsCodeDocument, { phone: p }, { networkOnly: true }).catch(() => null);
      setDevCode(dev?.data?.developmentSmsCode ?? null);
    } catch (e) {
      setErrors({ form: errorMessage(t, codeOf(e)) });
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const p = normalisePhone(phone);
    const next: typeof errors = {};
    if (!PHONE_PATTERN.test(p)) next.phone = t.auth.phoneInvalid;
    if (!passwordAcceptable(password)) next.password = t.auth.passwordWeak;
    setErrors(next);
    if (next.phone || next.password) return;
    setBusy(true);
    try {
      await mutate(RegisterDocument, {
        input: { phone: p, code: code.trim(), password, displayName: displayName.trim() || null },
      });
      clearAll();
      void syncConsent();
      navigate('/welcome', { replace: true });
    } catch (e) {
      setErrors({ form: errorMessage(t, codeOf(e)) });
    } finally {
      setBusy(false);
    }
  };

  const strength = password ? passwordStrength(password) : null;

  return (
    <div class="narrow">
      <PageTitle>{t.auth.registerTitle}</PageTitle>
      <form class="card" onSubmit={submit} noValidate>
        <Field
          label={t.auth.phone}
          hint={t.auth.phoneHint}
          error={errors.phone}
          type="tel"
          name="phone"
          autocomplete="tel-national"
          inputMode="tel"
          required
          value={phone}
          onInput={(e) => setPhone(e.currentTarget.value)}
        >
          <div class="row" style={{ marginTop: '.5rem' }}>
            <button type="button" onClick={() => void sendCode()} disabled={cooldown > 0}>
              {cooldown > 0 ? t.auth.resendIn(cooldown) : t.auth.sendCode}
            </button>
            {sent && <span class="muted small" role="status">{t.auth.codeSent}</span>}
          </div>
          {devCode && (
            <p class="notice notice-warning small" data-testid="dev-code">
              {t.auth.devCodeHint(devCode)}
            </p>
          )}
        </Field>
        <Field
          label={t.auth.code}
          name="code"
          inputMode="numeric"
          autocomplete="one-time-code"
          required
          value={code}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
        <Field
          label={t.auth.newPassword}
          hint={t.auth.passwordRule}
          error={errors.password}
          type="password"
          name="new-password"
          autocomplete="new-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        >
          {strength && (
            <p class="hint" aria-live="polite">
              {t.auth.passwordStrength[strength]}
            </p>
          )}
        </Field>
        <Field
          label={t.auth.displayName}
          name="nickname"
          autocomplete="nickname"
          value={displayName}
          onInput={(e) => setDisplayName(e.currentTarget.value)}
        />
        <p class="muted small">{t.auth.noticeAgree}</p>
        {errors.form && <Notice kind="error">{errors.form}</Notice>}
        <button type="submit" class="primary" disabled={busy}>
          {t.auth.register}
        </button>
      </form>
      <p>
        <Link href="/sign-in">{t.auth.haveAccount}</Link>
      </p>
    </div>
  );
}
