// The phone number field of sign-in and registration (anything inside goes under it).
import type { ComponentChildren } from 'preact';
import { useI18n } from '../../i18n/i18n';
import { Field } from '../../platform/ui/components';

export function PhoneField(props: { value: string; onValue: (value: string) => void; error?: string | null | undefined; children?: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <Field
      label={t.auth.phone}
      hint={t.auth.phoneHint}
      error={props.error}
      type="tel"
      name="phone"
      autocomplete="tel-national"
      inputMode="tel"
      required
      value={props.value}
      onInput={(e) => props.onValue(e.currentTarget.value)}
    >
      {props.children}
    </Field>
  );
}
