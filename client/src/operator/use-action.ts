import { useState } from 'preact/hooks';
import { ConsoleError } from './api';

/** A button's action: busy while it runs, its error's code (and field) kept to show. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConsoleError | null>(null);
  async function act<T>(action: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (caught) {
      setError(caught instanceof ConsoleError ? caught : new ConsoleError('other'));
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, act, clear: () => setError(null) };
}
