import { DISPLAY_NAME_MAX_CHARS, normaliseMobile, SMS_CODE, unmetPasswordRules } from '@shebao/vocabulary';
import { useRef, useState } from 'preact/hooks';
import { RegisterDocument, RegistrationDocumentsDocument } from '../../gql/graphql';
import { apiLocale, useI18n } from '../../i18n/i18n';
import { syncConsent } from '../../platform/consent/consent-sync';
import { mutate, OperationError } from '../../platform/graphql-client';
import { failureMessage, Field, Notice, PageTitle } from '../../platform/ui/components';
import { clearAll, useQuery } from '../../platform/query-store';
import { Link, navigate } from '../../platform/navigation';
import { LegalDocumentDialog, type LegalDocumentKind } from './legal-document-dialog';
import { PasswordField, unmetText } from './password-field';
import { PhoneField } from './phone-field';
import { SmsCodeField, useSmsCode } from './sms-code';
import '../../platform/ui/feedback.css';
import './auth.css';

type Errors = { phone?: string; code?: string; password?: string; agreement?: string; form?: string };

export function RegisterPage() {
  const { t, locale } = useI18n();
  const documents = useQuery(RegistrationDocumentsDocument, { locale: apiLocale(locale) });
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [agreed, setAgreed] = useState(false);
  const [reading, setReading] = useState<LegalDocumentKind | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const sms = useSmsCode('REGISTRATION');
  const agreementBox = useRef<HTMLInputElement>(null);
  const docs = documents.data;

  const sendCode = () => {
    void sms.send(phone).then((ok) => setErrors(ok ? {} : { phone: t.auth.phoneInvalid }));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const p = normaliseMobile(phone);
    const next: Errors = {};
    if (!p) next.phone = t.auth.phoneInvalid;
    if (!SMS_CODE.test(code.trim())) next.code = t.auth.codeFormat;
    const unmet = unmetPasswordRules(password, p ?? undefined);
    if (unmet.length) next.password = unmetText(t, unmet);
    if (!agreed) next.agreement = t.auth.agreeRequired;
    else if (!docs) next.agreement = t.auth.documentError;
    setErrors(next);
    if (Object.keys(next).length || !p || !docs) {
      if (next.agreement && !next.phone && !next.code && !next.password) agreementBox.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await mutate(RegisterDocument, {
        input: {
          phone: p,
          code: code.trim(),
          password,
          displayName: displayName.trim() || null,
          agreement: { userAgreementVersion: docs.userAgreement.version, privacyNoticeVersion: docs.privacyNotice.version },
        },
      });
      clearAll();
      void syncConsent();
      navigate('/welcome', { replace: true });
    } catch (e) {
      const ext = e instanceof OperationError ? e.extensions : undefined;
      // The server names the unmet parts of its rule (the same rule as here, unless it changed).
      if (ext?.code === 'WEAK_PASSWORD') setErrors({ password: unmetText(t, ext.unmet) });
      else if (ext?.code === 'CODE_INVALID') setErrors({ code: failureMessage(t, e) });
      else if (ext?.code === 'PHONE_TAKEN') setErrors({ phone: failureMessage(t, e) });
      else if (ext?.code === 'AGREEMENT_REQUIRED') {
        // A document changed while the page was open: show the new one and ask again.
        setAgreed(false);
        void documents.refetch();
        setErrors({ agreement: failureMessage(t, e) });
      } else setErrors({ form: failureMessage(t, e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="narrow auth-page">
      <PageTitle>{t.auth.registerTitle}</PageTitle>
      <form class="card auth-form" onSubmit={submit} noValidate>
        <PhoneField value={phone} onValue={setPhone} error={errors.phone} />
        <SmsCodeField sms={sms} onSend={sendCode} sentText={t.auth.codeSent} value={code} onValue={setCode} error={errors.code} />
        <PasswordField value={password} onValue={setPassword} phone={normaliseMobile(phone)} error={errors.password} />
        <Field
          label={t.auth.displayName}
          name="nickname"
          autocomplete="nickname"
          maxLength={DISPLAY_NAME_MAX_CHARS}
          value={displayName}
          onInput={(e) => setDisplayName(e.currentTarget.value)}
        />
        <div class="agreement field">
          <div class="agreement-row">
            <input
              ref={agreementBox}
              id="agree"
              type="checkbox"
              checked={agreed}
              aria-labelledby="agree-label agree-ua agree-pp"
              aria-invalid={errors.agreement ? true : undefined}
              aria-describedby={errors.agreement ? 'agree-err' : 'agree-note'}
              onChange={(e) => setAgreed(e.currentTarget.checked)}
            />
            <span>
              <label for="agree" id="agree-label">
                {t.auth.agreePrefix}
              </label>{' '}
              <button type="button" id="agree-ua" class="link-button" onClick={() => setReading('userAgreement')}>
                {t.auth.userAgreement}
              </button>{' '}
              {t.auth.agreeAnd}{' '}
              <button type="button" id="agree-pp" class="link-button" onClick={() => setReading('privacyNotice')}>
                {t.auth.privacyPolicy}
              </button>
            </span>
          </div>
          <p class="hint" id="agree-note">
            {t.auth.agreeNote}
          </p>
          {errors.agreement && (
            <p class="error" id="agree-err" role="alert">
              {errors.agreement}
            </p>
          )}
        </div>
        {errors.form && <Notice kind="error">{errors.form}</Notice>}
        <button type="submit" class="primary block" disabled={busy} aria-busy={busy}>
          {busy ? <span class="spinner" aria-hidden="true" /> : null}
          {t.auth.register}
        </button>
      </form>
      <p class="auth-links">
        <Link href="/sign-in">{t.auth.haveAccount}</Link>
      </p>
      {reading && <LegalDocumentDialog kind={reading} documents={docs ?? null} failed={!documents.loading && !docs} onClose={() => setReading(null)} />}
    </div>
  );
}
