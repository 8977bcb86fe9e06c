// The new-password field with the shared rule (@shebao/vocabulary) as a live checklist beside it:
// each part ticks as it is met, and the server's WEAK_PASSWORD names the same parts.
import { PASSWORD_RULE_IDS, passwordChecklist, type PasswordRuleId } from '@shebao/vocabulary';
import type { Catalogue } from '../../i18n/catalogue';
import { useI18n } from '../../i18n/i18n';
import { Field } from '../../platform/ui/components';

export function PasswordField(props: { value: string; onValue: (value: string) => void; phone: string | null; error?: string | null | undefined; label?: string }) {
  const { t } = useI18n();
  const checklist = passwordChecklist(props.value, props.phone ?? undefined);
  return (
    <Field
      label={props.label ?? t.auth.newPassword}
      error={props.error}
      type="password"
      name="new-password"
      autocomplete="new-password"
      required
      value={props.value}
      onInput={(e) => props.onValue(e.currentTarget.value)}
    >
      <ul class="password-checklist" aria-label={t.auth.passwordChecklist} aria-live="polite" data-testid="password-checklist">
        {PASSWORD_RULE_IDS.map((id) => {
          const met = props.value !== '' && checklist[id];
          return (
            <li key={id} class={met ? 'met' : 'unmet'} data-rule={id} data-met={met}>
              <span class="tick" aria-hidden="true">
                {met ? '✓' : '○'}
              </span>
              <span class="sr-only">{met ? t.auth.ruleMet : t.auth.ruleUnmet}</span>
              {t.auth.passwordRules[id]}
            </li>
          );
        })}
      </ul>
    </Field>
  );
}

/** "The password still needs: …" for the parts the server (or the form) found unmet. */
export function unmetText(t: Catalogue, unmet: readonly PasswordRuleId[]): string {
  return t.auth.passwordUnmet(unmet.map((id) => t.auth.passwordRules[id]).join(t.app.listSep));
}
