import { DISPLAY_NAME_MAX_CHARS, normaliseMobile, SMS_CODE, unmetPasswordRules, type PasswordRuleId } from '@shebao/vocabulary';
import { useEffect, useState } from 'preact/hooks';
import { DevelopmentSmsCodeDocument, RegisterDocument, RequestRegistrationCodeDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { syncConsent } from '../../platform/consent/consent-sync';
import { execute, mutate, OperationError } from '../../platform/graphql-client';
import { failureMessage, Field, Notice, PageTitle } from '../../platform/ui/components';
import { clearAll } from '../../platform/query-store';
import { Link, navigate } from '../../platform/navigation';
import { PhoneField } from './phone-field';
import { passwordStrength } from './password-strength';

export function RegisterPage() {
  const { t } = useI18n();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [devCode, setDevCode] = useState<string | null>(null);
  const [cooldown, setCooldown] = useState(0);
  const [sent, setSent] = useState(false);
  const [errors, setErrors] = useState<{ phone?: string; code?: string; password?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (cooldown <= 0) return undefined;
    const timer = setTimeout(() => setCooldown((c) => c - 1), 1000);
    return () => clearTimeout(timer);
  }, [cooldown]);

  /** The parts of the password rule still unmet, next to the field. */
  const unmetText = (unmet: readonly PasswordRuleId[]) => t.auth.passwordUnmet(unmet.map((id) => t.auth.passwordRules[id]).join(t.app.listSep));

  const sendCode = async () => {
    const p = normaliseMobile(phone);
    if (!p) {
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
      setErrors({ form: failureMessage(t, e) });
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const p = normaliseMobile(phone);
    const next: typeof errors = {};
    if (!p) next.phone = t.auth.phoneInvalid;
    if (!SMS_CODE.test(code.trim())) next.code = t.auth.codeFormat;
    const unmet = unmetPasswordRules(password, p ?? undefined);
    if (unmet.length) next.password = unmetText(unmet);
    setErrors(next);
    if (!p || next.code || next.password) return;
    setBusy(true);
    try {
      await mutate(RegisterDocument, {
        input: { phone: p, code: code.trim(), password, displayName: displayName.trim() || null },
      });
      clearAll();
      void syncConsent();
      navigate('/welcome', { replace: true });
    } catch (e) {
      // The server names the unmet parts of its rule (the same rule as here, unless it changed).
      if (e instanceof OperationError && e.extensions?.code === 'WEAK_PASSWORD') setErrors({ password: unmetText(e.extensions.unmet) });
      else setErrors({ form: failureMessage(t, e) });
    } finally {
      setBusy(false);
    }
  };

  const strength = password ? passwordStrength(password, normaliseMobile(phone) ?? undefined) : null;

  return (
    <div class="narrow">
      <PageTitle>{t.auth.registerTitle}</PageTitle>
      <form class="card" onSubmit={submit} noValidate>
        <PhoneField value={phone} onValue={setPhone} error={errors.phone}>
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
        </PhoneField>
        <Field
          label={t.auth.code}
          error={errors.code}
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
          maxLength={DISPLAY_NAME_MAX_CHARS}
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
