import type { ConsoleError } from './api';
import { useWords } from './i18n';

export function ErrorMessage(props: { error: ConsoleError | null }) {
  const { t } = useWords();
  if (!props.error) return null;
  return (
    <p class="op-error" role="alert">
      {t.errors[props.error.code] ?? t.errors.other}
      {props.error.field && <span class="op-field"> {t.field(props.error.field)}</span>}
    </p>
  );
}
