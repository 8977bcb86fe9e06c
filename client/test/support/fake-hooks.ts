// A stand-in for preact/hooks for one component instance, with effects run when the test says
// (Preact runs them after paint): to test the window between a render and its effects.
type Effect = () => void | (() => void);

const states: unknown[] = [];
let cursor = 0;
let updated = false;
const pending: Effect[] = [];

export const hooks = {
  useState<T>(initial: T | (() => T)) {
    const index = cursor++;
    if (!(index in states)) states[index] = typeof initial === 'function' ? (initial as () => T)() : initial;
    const set = (next: T | ((seen: T) => T)) => {
      const value = typeof next === 'function' ? (next as (seen: T) => T)(states[index] as T) : next;
      if (!Object.is(value, states[index])) updated = true;
      states[index] = value;
    };
    return [states[index] as T, set] as const;
  },
  useEffect(effect: Effect) {
    pending.push(effect);
  },
};

/** Renders the component (hooks are matched by call order). */
export function render<T>(component: () => T): T {
  cursor = 0;
  updated = false;
  return component();
}

/** Whether state changed since the last render, i.e. whether Preact would render again. */
export function wouldRerender(): boolean {
  return updated;
}

export function runEffects(): void {
  pending.splice(0).forEach((effect) => effect());
}

export function reset(): void {
  states.length = 0;
  pending.length = 0;
  cursor = 0;
  updated = false;
}
