// A lazy page whose code arrives between its first render and its effect (a preloaded first
// screen on a busy phone) must still show: before the fix it stayed a skeleton for good.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, reset, runEffects, wouldRerender } from '../../test/support/fake-hooks';

vi.mock('preact/hooks', async () => (await import('../../test/support/fake-hooks')).hooks);
const { lazyComponent } = await import('./lazy');

function Page() {
  return null;
}
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const shows = (vnode: unknown) => (vnode as { type: unknown }).type === Page;
/** The lazy wrapper is a function component: call it as Preact would. */
const renderLazy = (Lazy: unknown) => render(() => (Lazy as (props: object) => unknown)({}));

beforeEach(reset);

describe('lazyComponent', () => {
  it('shows the page when its code loads between the first render and the effect', async () => {
    const Lazy = lazyComponent(async () => Page);
    Lazy.preload();
    const first = renderLazy(Lazy);
    expect(shows(first)).toBe(false); // the skeleton
    await flush(); // the code arrives before the effect runs
    runEffects();
    await flush();
    expect(wouldRerender()).toBe(true);
    expect(shows(renderLazy(Lazy))).toBe(true);
  });

  it('shows the page when its code loads after the effect', async () => {
    let arrive: () => void = () => {};
    const Lazy = lazyComponent(() => new Promise<typeof Page>((resolve) => (arrive = () => resolve(Page))));
    expect(shows(renderLazy(Lazy))).toBe(false);
    runEffects();
    arrive();
    await flush();
    expect(wouldRerender()).toBe(true);
    expect(shows(renderLazy(Lazy))).toBe(true);
  });
});
