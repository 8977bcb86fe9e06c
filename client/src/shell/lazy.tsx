import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { PageSkeleton } from '../platform/ui/components';

/** A component whose code loads on first use (pages, charts): keeps the first screen small. */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> & { preload(): void } {
  let loaded: ComponentType<P> | null = null;
  let promise: Promise<void> | null = null;
  const start = () => (promise ??= load().then((c) => void (loaded = c)));
  function Lazy(props: P) {
    const [C, setC] = useState<ComponentType<P> | null>(() => loaded);
    useEffect(() => {
      if (C) return undefined;
      // Always through the promise: code that arrived between the first render and this effect
      // (a preloaded first screen) must still replace the skeleton.
      let live = true;
      void start().then(() => live && setC(() => loaded));
      return () => {
        live = false;
      };
    }, []);
    return C ? <C {...props} /> : <PageSkeleton />;
  }
  return Object.assign(Lazy, { preload: () => void start() });
}
