// Separate, explicit consent for sensitive categories, separate-consent purposes and partners:
// a modal with its own statement and an unticked box the person must tick themselves.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../i18n/i18n';

export interface SeparateConsentRequest {
  readonly purposeName: string;
  readonly categoryNames: readonly string[];
  readonly sensitive: boolean;
  readonly partnerName?: string | null;
  readonly retentionDays?: number | null;
  readonly onConfirm: () => Promise<void> | void;
}

export function SeparateConsentDialog(props: { request: SeparateConsentRequest | null; onClose: () => void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const { request } = props;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (request && !dialog.open) {
      setChecked(false);
      dialog.showModal();
    } else if (!request && dialog.open) dialog.close();
  }, [request]);

  const names = request?.categoryNames.join(t.app.listSep) ?? '';
  return (
    <dialog ref={ref} aria-labelledby="separate-consent-title" onClose={props.onClose} data-testid="separate-consent">
      {request && (
        <form
          method="dialog"
          onSubmit={async (event) => {
            event.preventDefault();
            if (!checked) return;
            setBusy(true);
            try {
              await request.onConfirm();
            } finally {
              setBusy(false);
              props.onClose();
            }
          }}
        >
          <h2 id="separate-consent-title">{t.consent.separatePromptTitle}</h2>
          <p>
            <strong>{request.purposeName}</strong>
          </p>
          {request.partnerName ? <p>{t.consent.separatePromptPartner(request.partnerName)}</p> : null}
          {request.sensitive ? <p>{t.consent.separatePromptSensitive(names)}</p> : null}
          {!request.partnerName && !request.sensitive ? <p>{t.consent.separatePromptPurpose(request.purposeName)}</p> : null}
          <p>
            {t.consent.categories}: {names}
            {request.retentionDays ? ` · ${t.consent.retention(request.retentionDays)}` : ''}
          </p>
          <label class="row">
            <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.currentTarget.checked)} />
            <span>{t.consent.separateCheckbox}</span>
          </label>
          <div class="row" style={{ marginTop: '1rem' }}>
            <button type="submit" class="primary" disabled={!checked || busy}>
              {t.consent.separateConfirm}
            </button>
            <button type="button" onClick={props.onClose}>
              {t.app.cancel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
