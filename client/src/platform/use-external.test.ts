// useExternalValue against a stand-in for Preact's hooks that runs effects later, as Preact does
// (after paint): a change published in between must reach the component.
import { describe, expect, it, vi } from 'vitest';

const effects: (() => void)[] = [];
let state: unknown;
vi.mock('preact/hooks', () => ({
  useState: (initial: () => unknown) => {
    state ??= initial();
    return [state, (next: (seen: unknown) => unknown) => (state = next(state))];
  },
  useEffect: (effect: () => void) => effects.push(effect),
}));

const { useExternalValue } = await import('./use-external');

describe('useExternalValue', () => {
  it('does not lose a change made between the first render and the subscribing effect', () => {
    let value = 'before';
    const listeners = new Set<() => void>();
    const subscribe = (l: () => void) => (listeners.add(l), () => listeners.delete(l));
    expect(useExternalValue(subscribe, () => value)).toBe('before');
    value = 'between'; // published while nobody listens yet
    listeners.forEach((l) => l());
    effects.splice(0).forEach((effect) => effect());
    expect(useExternalValue(subscribe, () => value)).toBe('between');
    value = 'after';
    listeners.forEach((l) => l());
    expect(useExternalValue(subscribe, () => value)).toBe('after');
  });
});
