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

/** The consent centre row for a category and purpose: `/consent#<this>` lands on it, focused. */
export function consentAnchor(purpose: string, category: string, partnerId?: string | null): string {
  return `c-${purpose}-${partnerId ? `${partnerId}-` : ''}${category}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

export function Forbidden(props: { categories: readonly string[] }) {
  const { t } = useI18n();
  const names = props.categories.map((c) => labelFor(t.category, c)).join(t.app.listSep);
  const first = props.categories[0];
  return (
    <div class="forbidden">
      <p>
        <strong>{t.forbidden.title}</strong>
      </p>
      <p>{t.forbidden.body(names)}</p>
      <Link class="button-link" href={first ? `/consent#${consentAnchor('SERVICE', first)}` : '/consent'}>
        {t.forbidden.action}
      </Link>
    </div>
  );
}

/** Grey bars where content is on its way: the page keeps its shape, nothing jumps. */
export function Skeleton(props: { lines?: number; label?: string }) {
  const { t } = useI18n();
  const n = props.lines ?? 3;
  return (
    <div class="skeleton" role="status" aria-label={props.label ?? t.app.loading} aria-busy="true">
      {Array.from({ length: n }, (_, i) => (
        <span key={i} class="skeleton-line" style={{ width: `${[92, 76, 84, 60][i % 4]}%` }} />
      ))}
    </div>
  );
}

/** A page on its way: a title bar and two cards. */
export function PageSkeleton() {
  return (
    <div aria-hidden="false">
      <span class="skeleton-title" />
      <div class="card">
        <Skeleton lines={3} />
      </div>
      <div class="card">
        <Skeleton lines={4} />
      </div>
    </div>
  );
}

/** Nothing to show yet: says so, and what to do next. */
export function EmptyState(props: { text: string; action?: ComponentChildren }) {
  return (
    <div class="empty-state">
      <p>{props.text}</p>
      {props.action}
    </div>
  );
}

/** What went wrong and what to try: retry, or (offline) wait for the network. */
export function ErrorState(props: { onRetry?: () => void; what?: string }) {
  const { t } = useI18n();
  const offline = typeof navigator !== 'undefined' && !navigator.onLine;
  return (
    <div class="notice notice-error" role="alert">
      <p class="state-title">{props.what ?? t.states.loadFailed}</p>
      <p>{offline ? t.states.tryOnline : t.states.tryAgain}</p>
      {props.onRetry && (
        <button type="button" onClick={props.onRetry}>
          {t.app.retry}
        </button>
      )}
    </div>
  );
}

/** Renders a section's body according to its query state. */
export function QueryBody<T>(props: {
  state: QueryState<T> & { refetch: () => Promise<void> };
  /** Only FORBIDDEN errors in these categories concern this section. */
  categories?: readonly string[];
  children: (data: T) => ComponentChildren;
  skeletonLines?: number;
}) {
  const { t } = useI18n();
  const { state } = props;
  const forbidden = forbiddenCategories(state.errors).filter(
    (c) => !props.categories || props.categories.includes(c),
  );
  if (state.loading && state.data == null) return <Skeleton lines={props.skeletonLines ?? 3} />;
  if (state.unavailableOffline) return <p class="notice notice-warning">{t.offline.notCached}</p>;
  if (forbidden.length) return <Forbidden categories={forbidden} />;
  if (state.data == null) return <ErrorState onRetry={() => void state.refetch()} />;
  return <>{props.children(state.data)}</>;
}

/** What a paged list shows: a page on its way, the list, not kept offline, or a failure. */
export type ListStatus = 'loading' | 'ready' | 'offline' | 'error';

/** Under a paged list: "loading" while a page is on its way, else a button for the next one. */
export function LoadMore(props: { status: ListStatus; hasNext: boolean; onMore: () => Promise<void> }) {
  const { t } = useI18n();
  if (props.status === 'loading') return <Skeleton lines={2} />;
  if (!props.hasNext || props.status !== 'ready') return null;
  return (
    <button type="button" class="block" onClick={() => void props.onMore()}>
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
