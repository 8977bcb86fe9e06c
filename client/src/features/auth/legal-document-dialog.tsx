// The user agreement or the privacy notice, readable in a dialog over the registration form
// (the form keeps what was typed). Both texts come from the server, rendered from their data.
import { useEffect, useRef } from 'preact/hooks';
import type { RegistrationDocumentsQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';

export type LegalDocumentKind = 'userAgreement' | 'privacyNotice';

export function LegalDocumentDialog(props: { kind: LegalDocumentKind; documents: RegistrationDocumentsQuery | null; failed: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const docs = props.documents;
  const titleId = `legal-${props.kind}-title`;
  let body;
  if (!docs) body = props.failed ? <p class="notice notice-error">{t.auth.documentError}</p> : <p class="muted" role="status">{t.auth.documentLoading}</p>;
  else if (props.kind === 'userAgreement') {
    body = docs.userAgreement.sections.map((section) => (
      <section key={section.heading}>
        <h3>{section.heading}</h3>
        <p>{section.body}</p>
      </section>
    ));
  } else {
    // The notice's rendered text: paragraphs, each purpose's first line as its heading.
    body = docs.privacyNotice.text.split('\n\n').map((block, i) => {
      const [first, ...rest] = block.split('\n');
      return rest.length ? (
        <section key={i}>
          <h3>{first}</h3>
          {rest.map((line, j) => (
            <p key={j}>{line}</p>
          ))}
        </section>
      ) : (
        <p key={i}>{first}</p>
      );
    });
  }
  const title = docs ? (props.kind === 'userAgreement' ? docs.userAgreement.title : docs.privacyNotice.title) : props.kind === 'userAgreement' ? t.auth.userAgreement : t.auth.privacyPolicy;
  return (
    <dialog ref={ref} class="legal-dialog" aria-labelledby={titleId} onClose={props.onClose} data-testid={`dialog-${props.kind}`}>
      <header>
        <h2 id={titleId}>{title}</h2>
      </header>
      {/* Scrolls on a phone: focusable, so the keyboard can scroll it too. */}
      <div class="legal-body" tabIndex={0} role="region" aria-labelledby={titleId}>
        {body}
      </div>
      <footer>
        <button type="button" class="primary" onClick={() => ref.current?.close()}>
          {t.auth.close}
        </button>
      </footer>
    </dialog>
  );
}
