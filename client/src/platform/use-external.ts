// A module-level value (the path, the consent snapshot, the toasts) read by components.
import { useEffect, useState } from 'preact/hooks';

/**
 * The value `read` gives now, re-read whenever `subscribe` says it changed. A change between the
 * first render and the effect that subscribes (effects run after paint) is not lost: the effect
 * reads again once subscribed.
 */
export function useExternalValue<T>(subscribe: (onChange: () => void) => () => void, read: () => T): T {
  const [value, setValue] = useState<{ current: T }>(() => ({ current: read() }));
  useEffect(() => {
    const sync = () => {
      const next = read();
      setValue((seen) => (Object.is(seen.current, next) ? seen : { current: next }));
    };
    const unsubscribe = subscribe(sync);
    sync();
    return unsubscribe;
  }, []);
  return value.current;
}
