// What registration and password reset check before sending, and where the server's answer goes:
// each error beside its own field (the password's names the unmet parts of the shared rule).
import { normaliseMobile, SMS_CODE, unmetPasswordRules } from '@shebao/vocabulary';
import type { Catalogue } from '../../i18n/catalogue';
import { OperationError } from '../../platform/graphql-client';
import { failureMessage } from '../../platform/ui/components';
import { unmetText } from './password-field';

export type CredentialErrors = { phone?: string; code?: string; password?: string; agreement?: string; form?: string };

/** The form's own checks: the normalised phone (or null) and the errors found. */
export function checkCredentials(t: Catalogue, input: { phone: string; code: string; password: string }): { phone: string | null; errors: CredentialErrors } {
  const phone = normaliseMobile(input.phone);
  const errors: CredentialErrors = {};
  if (!phone) errors.phone = t.auth.phoneInvalid;
  if (!SMS_CODE.test(input.code.trim())) errors.code = t.auth.codeFormat;
  const unmet = unmetPasswordRules(input.password, phone ?? undefined);
  if (unmet.length) errors.password = unmetText(t, unmet);
  return { phone, errors };
}

/** The server's refusal, beside the field it concerns; anything else under the form. */
export function credentialErrorsFrom(t: Catalogue, error: unknown): CredentialErrors {
  const ext = error instanceof OperationError ? error.extensions : undefined;
  switch (ext?.code) {
    case 'WEAK_PASSWORD':
      return { password: unmetText(t, ext.unmet) };
    case 'CODE_INVALID':
      return { code: failureMessage(t, error) };
    case 'PHONE_TAKEN':
      return { phone: failureMessage(t, error) };
    case 'AGREEMENT_REQUIRED':
      return { agreement: failureMessage(t, error) };
    default:
      return { form: failureMessage(t, error) };
  }
}
