// Small shared building blocks: page title (takes focus after navigation), labelled fields,
// query-state sections (loading / not kept offline / no consent / error), downloads.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ErrorCode } from '@shebao/vocabulary';
import type { Catalogue } from '../../i18n/catalogue';
import { labelFor, useI18n } from '../../i18n/i18n';
import { errorCodeOf, forbiddenCategories, OperationError } from '../graphql-client';
import { Link } from '../navigation';
import type { QueryState } from '../query-store';

let focusOnNextTitle = false;
/** Called on in-app navigation so the new page's heading receives focus. */
export function focusNextTitle(): void {
  focusOnNextTitle = true;
}

export function PageTitle(props: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnNextTitle) {
      focusOnNextTitle = false;
      ref.current?.focus();
    }
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {props.children}
    </h1>
  );
}

let fieldCounter = 0;
function useId(prefix: string): string {
  const ref = useRef<string | null>(null);
  ref.current ??= `${prefix}-${++fieldCounter}`;
  return ref.current;
}

export function Field(
  props: {
    label: string;
    hint?: string | undefined;
    error?: string | null | undefined;
    children?: ComponentChildren;
  } & JSX.InputHTMLAttributes<HTMLInputElement>,
) {
  const { label, hint, error, children, ...input } = props;
  const id = useId('f');
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} aria-describedby={describedBy} aria-invalid={error ? true : undefined} {...input} />
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-err`} role="alert">
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

/** The text for an error code; without one, the generic failure. */
function errorMessage(t: Catalogue, code: ErrorCode | null | undefined): string {
  return t.errors[code ?? 'INTERNAL_SERVER_ERROR'];
}

/** The text for whatever an operation or action threw; a rate limit says how long to wait. */
export function failureMessage(t: Catalogue, error: unknown): string {
  if (error instanceof OperationError && error.extensions?.code === 'RATE_LIMITED' && error.extensions.retryAfterSeconds > 0) {
    const seconds = error.extensions.retryAfterSeconds;
    return seconds < 60 ? t.rateLimited.seconds(seconds) : t.rateLimited.minutes(Math.ceil(seconds / 60));
  }
  return errorMessage(t, errorCodeOf(error));
}

export function Notice(props: { kind?: 'info' | 'error' | 'success' | 'warning'; children: ComponentChildren }) {
  const kind = props.kind ?? 'info';
  return (
    <div class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

export function Forbidden(props: { categories: readonly string[] }) {
  const { t } = useI18n();
  const names = props.categories.map((c) => labelFor(t.category, c)).join(t.app.listSep);
  return (
    <div class="forbidden">
      <p>
        <strong>{t.forbidden.title}</strong>
      </p>
      <p>{t.forbidden.body(names)}</p>
      <Link href="/consent">{t.forbidden.action}</Link>
    </div>
  );
}

/** Renders a section's body according to its query state. */
export function QueryBody<T>(props: {
  state: QueryState<T> & { refetch: () => Promise<void> };
  /** Only FORBIDDEN errors in these categories concern this section. */
  categories?: readonly string[];
  children: (data: T) => ComponentChildren;
}) {
  const { t } = useI18n();
  const { state } = props;
  const forbidden = forbiddenCategories(state.errors).filter(
    (c) => !props.categories || props.categories.includes(c),
  );
  if (state.loading && state.data == null) return <p class="muted" role="status">{t.app.loading}</p>;
  if (state.unavailableOffline) return <p class="muted">{t.offline.notCached}</p>;
  if (forbidden.length) return <Forbidden categories={forbidden} />;
  if (state.data == null) {
    return (
      <div class="notice notice-error" role="alert">
        {t.errors.INTERNAL_SERVER_ERROR}{' '}
        <button type="button" class="link-button" onClick={() => void state.refetch()}>
          {t.app.retry}
        </button>
      </div>
    );
  }
  return <>{props.children(state.data)}</>;
}

/** What a paged list shows: a page on its way, the list, not kept offline, or a failure. */
export type ListStatus = 'loading' | 'ready' | 'offline' | 'error';

/** Under a paged list: "loading" while a page is on its way, else a button for the next one. */
export function LoadMore(props: { status: ListStatus; hasNext: boolean; onMore: () => Promise<void> }) {
  const { t } = useI18n();
  if (props.status === 'loading') return <p class="muted" role="status">{t.app.loading}</p>;
  if (!props.hasNext || props.status !== 'ready') return null;
  return (
    <button type="button" onClick={() => void props.onMore()}>
      {t.app.more}
    </button>
  );
}

export function downloadFile(name: string, content: string, type: string): void {
  const blob = new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
