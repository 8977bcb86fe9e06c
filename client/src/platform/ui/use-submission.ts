// The busy flag and error message of a form's one action: whatever the action throws becomes
// the person's message (the typed catalogue's text for its code).
import { useState } from 'preact/hooks';
import type { ErrorCode } from '@shebao/vocabulary';
import { useI18n } from '../../i18n/i18n';
import { errorCodeOf } from '../graphql-client';
import { failureMessage } from './components';

export interface Submission {
  readonly busy: boolean;
  readonly error: string | null;
  /** The code behind `error`, for a page that offers a way out (e.g. another sign-in method). */
  readonly code: ErrorCode | null;
  run(work: () => Promise<void>): Promise<void>;
}

export function useSubmission(): Submission {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; code: ErrorCode } | null>(null);
  return {
    busy,
    error: error?.text ?? null,
    code: error?.code ?? null,
    async run(work) {
      setBusy(true);
      setError(null);
      try {
        await work();
      } catch (e) {
        setError({ text: failureMessage(t, e), code: errorCodeOf(e) });
      } finally {
        setBusy(false);
      }
    },
  };
}
