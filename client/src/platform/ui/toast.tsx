// Short confirmations that appear where the eye is (above the bottom bar on a phone), in one
// polite live region so screen readers hear them too. Anything can call toast(); the shell
// renders <Toasts /> once.
import { useExternalValue } from '../use-external';

export type ToastKind = 'success' | 'info' | 'error';
interface Toast {
  readonly id: number;
  readonly kind: ToastKind;
  readonly text: string;
}

const TOAST_MS = 5_000;
let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const publish = () => listeners.forEach((l) => l());
const onToasts = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function toast(text: string, kind: ToastKind = 'success'): void {
  const id = nextId++;
  toasts = [...toasts.slice(-2), { id, kind, text }];
  publish();
  setTimeout(() => {
    toasts = toasts.filter((x) => x.id !== id);
    publish();
  }, kind === 'error' ? TOAST_MS * 2 : TOAST_MS);
}

export function Toasts() {
  const list = useExternalValue(onToasts, () => toasts);
  // The region stays in the document so assistive technology is listening before text arrives.
  return (
    <div class="toasts" aria-live="polite" aria-atomic="false" data-testid="toasts">
      {list.map((x) => (
        <p key={x.id} class={`toast toast-${x.kind}`} role={x.kind === 'error' ? 'alert' : undefined}>
          {x.text}
        </p>
      ))}
    </div>
  );
}
