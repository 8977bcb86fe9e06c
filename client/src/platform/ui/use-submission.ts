// The busy flag and error message of a form's one action: whatever the action throws becomes
// the person's message (the typed catalogue's text for its code).
import { useState } from 'preact/hooks';
import { useI18n } from '../../i18n/i18n';
import { failureMessage } from './components';

export interface Submission {
  readonly busy: boolean;
  readonly error: string | null;
  run(work: () => Promise<void>): Promise<void>;
}

export function useSubmission(): Submission {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return {
    busy,
    error,
    async run(work) {
      setBusy(true);
      setError(null);
      try {
        await work();
      } catch (e) {
        setError(failureMessage(t, e));
      } finally {
        setBusy(false);
      }
    },
  };
}
