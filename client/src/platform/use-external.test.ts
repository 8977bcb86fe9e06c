// useExternalValue with effects run later, as Preact runs them (after paint): a change published
// in between must reach the component.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, reset, runEffects, wouldRerender } from '../../test/support/fake-hooks';

vi.mock('preact/hooks', async () => (await import('../../test/support/fake-hooks')).hooks);
const { useExternalValue } = await import('./use-external');

beforeEach(reset);

describe('useExternalValue', () => {
  it('does not lose a change made between the first render and the subscribing effect', () => {
    let value = 'before';
    const listeners = new Set<() => void>();
    const subscribe = (l: () => void) => (listeners.add(l), () => listeners.delete(l));
    const use = () => useExternalValue(subscribe, () => value);
    expect(render(use)).toBe('before');
    value = 'between'; // published while nobody listens yet
    listeners.forEach((l) => l());
    runEffects();
    expect(wouldRerender()).toBe(true);
    expect(render(use)).toBe('between');
    value = 'after';
    listeners.forEach((l) => l());
    expect(wouldRerender()).toBe(true);
    expect(render(use)).toBe('after');
  });
});
