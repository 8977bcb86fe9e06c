// A modal question before an action that cannot be undone: what happens, then confirm or cancel.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../../i18n/i18n';

export function ConfirmDialog(props: { title: string; children: ComponentChildren; confirm: string; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog ref={ref} class="confirm-dialog" aria-labelledby="confirm-title" aria-describedby="confirm-body" onClose={props.onCancel} data-testid="confirm-dialog">
      <h2 id="confirm-title">{props.title}</h2>
      <div id="confirm-body">{props.children}</div>
      <div class="dialog-actions">
        <button type="button" onClick={() => ref.current?.close()}>
          {t.app.cancel}
        </button>
        <button
          type="button"
          class="danger"
          onClick={() => {
            props.onConfirm();
            ref.current?.close();
          }}
        >
          {props.confirm}
        </button>
      </div>
    </dialog>
  );
}
