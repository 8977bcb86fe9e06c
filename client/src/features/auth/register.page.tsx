import { DISPLAY_NAME_MAX_CHARS, normaliseMobile } from '@shebao/vocabulary';
import { useRef, useState } from 'preact/hooks';
import { RegisterDocument, RegistrationDocumentsDocument } from '../../gql/graphql';
import { apiLocale, useI18n } from '../../i18n/i18n';
import { syncConsent } from '../../platform/consent/consent-sync';
import { mutate } from '../../platform/graphql-client';
import { BusyButton } from '../../platform/ui/busy-button';
import { Field, Notice, PageTitle } from '../../platform/ui/components';
import { clearAll, useQuery } from '../../platform/query-store';
import { Link, navigate } from '../../platform/navigation';
import { LegalDocumentDialog, type LegalDocumentKind } from './legal-document-dialog';
import { checkCredentials, credentialErrorsFrom, type CredentialErrors } from './credential-errors';
import { PasswordField } from './password-field';
import { PhoneField } from './phone-field';
import { SmsCodeField, useSmsCode } from './sms-code';
import './auth.css';

export function RegisterPage() {
  const { t, locale } = useI18n();
  const documents = useQuery(RegistrationDocumentsDocument, { locale: apiLocale(locale) });
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [agreed, setAgreed] = useState(false);
  const [reading, setReading] = useState<LegalDocumentKind | null>(null);
  const [errors, setErrors] = useState<CredentialErrors>({});
  const [busy, setBusy] = useState(false);
  const sms = useSmsCode('REGISTRATION');
  const agreementBox = useRef<HTMLInputElement>(null);
  const docs = documents.data;

  const sendCode = () => {
    void sms.send(phone).then((ok) => setErrors(ok ? {} : { phone: t.auth.phoneInvalid }));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const { phone: p, errors: next } = checkCredentials(t, { phone, code, password });
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
      const found = credentialErrorsFrom(t, e);
      if (found.agreement) {
        // A document changed while the page was open: show the new one and ask again.
        setAgreed(false);
        void documents.refetch();
      }
      setErrors(found);
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
        <BusyButton busy={busy}>{t.auth.register}</BusyButton>
      </form>
      <p class="auth-links">
        <Link href="/sign-in">{t.auth.haveAccount}</Link>
      </p>
      {reading && <LegalDocumentDialog kind={reading} documents={docs ?? null} failed={!documents.loading && !docs} onClose={() => setReading(null)} />}
    </div>
  );
}
