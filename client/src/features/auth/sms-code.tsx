// Sending an SMS code for one purpose (registration, sign-in, reset): the button with its resend
// countdown, the "sent" status beside it and, in development only, the code itself (the server
// answers null for it in production). Shared by registration, SMS sign-in and password reset.
import { normaliseMobile, type SmsCodePurpose } from '@shebao/vocabulary';
import { useEffect, useState } from 'preact/hooks';
import { DevelopmentSmsCodeDocument, RequestSmsCodeDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { execute, mutate } from '../../platform/graphql-client';
import { failureMessage, Field } from '../../platform/ui/components';

const RESEND_SECONDS = 60;

export function useSmsCode(purpose: SmsCodePurpose) {
  const { t } = useI18n();
  const [cooldown, setCooldown] = useState(0);
  const [sent, setSent] = useState(false);
  const [devCode, setDevCode] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (cooldown <= 0) return undefined;
    const timer = setTimeout(() => setCooldown((c) => c - 1), 1000);
    return () => clearTimeout(timer);
  }, [cooldown]);

  /** Sends a code to `phoneInput`; false when the number is not a mainland mobile number. */
  const send = async (phoneInput: string): Promise<boolean> => {
    const phone = normaliseMobile(phoneInput);
    if (!phone) return false;
    setError(null);
    setBusy(true);
    try {
      await mutate(RequestSmsCodeDocument, { phone, purpose });
      setSent(true);
      setCooldown(RESEND_SECONDS);
      const dev = await execute(DevelopmentSmsCodeDocument, { phone }, { networkOnly: true }).catch(() => null);
      setDevCode(dev?.data?.developmentSmsCode ?? null);
    } catch (e) {
      setError(failureMessage(t, e));
    } finally {
      setBusy(false);
    }
    return true;
  };

  return { send, cooldown, sent, devCode, error, busy };
}

/** The send button, what happened beside it, and the code field. */
export function SmsCodeField(props: {
  sms: ReturnType<typeof useSmsCode>;
  onSend: () => void;
  /** Sign-in and reset: "if the number is registered" (the server does not say). */
  sentText: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | null | undefined;
}) {
  const { t } = useI18n();
  const { sms } = props;
  return (
    <>
      <div class="sms-send">
        <button type="button" onClick={props.onSend} disabled={sms.cooldown > 0 || sms.busy}>
          {sms.cooldown > 0 ? t.auth.resendIn(sms.cooldown) : t.auth.sendCode}
        </button>
        <span class="small" role="status">
          {sms.error ? <span class="error">{sms.error}</span> : sms.sent ? props.sentText : ''}
        </span>
      </div>
      {sms.devCode && (
        <p class="notice notice-warning small" data-testid="dev-code">
          {t.auth.devCodeHint(sms.devCode)}
        </p>
      )}
      <Field
        label={t.auth.code}
        error={props.error}
        name="code"
        inputMode="numeric"
        autocomplete="one-time-code"
        maxLength={6}
        required
        value={props.value}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
    </>
  );
}
