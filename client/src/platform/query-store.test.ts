import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MedicalRecordsDocument } from '../gql/graphql';
import { clearAll, invalidateCategories, pagedQuery, partOf, refetchStale, type QueryState } from './query-store';

const PAGE_SIZE = 2;
let withdrawn = false;
let held: (() => void) | null = null;

/** The server: two pages of medical records, or a denied field once the consent is withdrawn. */
function answer(after: string | null): unknown {
  if (withdrawn) {
    return {
      data: { me: { id: 'me', medicalRecords: null } },
      errors: [{ message: 'denied', path: ['me', 'medicalRecords'], extensions: { code: 'FORBIDDEN', category: 'medical.records', reason: 'NO_CONSENT' } }],
      extensions: { dataCategories: [], consentVersion: 4 },
    };
  }
  const page = after == null ? 1 : 2;
  return {
    data: {
      me: {
        id: 'me',
        medicalRecords: {
          totalCount: 4,
          pageInfo: { endCursor: `c${page}`, hasNextPage: page === 1 },
          nodes: [{ id: `r${page}a` }, { id: `r${page}b` }],
        },
      },
    },
    extensions: { dataCategories: ['medical.records'], consentVersion: 3 },
  };
}

beforeEach(() => {
  withdrawn = false;
  held = null;
  vi.useFakeTimers();
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    const { variables } = JSON.parse(String(init.body)) as { variables: { after: string | null } };
    const body = JSON.stringify(answer(variables.after));
    // `held` lets a test decide when an answer arrives.
    if (variables.after === 'c1' && held === null) await new Promise<void>((resolve) => (held = resolve));
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  });
});

afterEach(() => {
  clearAll(); // forgets every entry nobody is subscribed to
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const medical = () => pagedQuery(MedicalRecordsDocument, { filter: {} }, PAGE_SIZE, (data) => data.me?.medicalRecords);
const ids = (q: ReturnType<typeof medical>) => q.state.nodes.map((n) => n.id);

async function loadBothPages(q: ReturnType<typeof medical>): Promise<void> {
  await q.refetch();
  const more = q.loadMore();
  await vi.waitFor(() => expect(held).not.toBeNull());
  held!();
  await more;
}

describe('paged query store', () => {
  it('reads a connection page by page, as one list', async () => {
    const q = medical();
    const stop = q.subscribe(() => undefined);
    await loadBothPages(q);
    expect(ids(q)).toEqual(['r1a', 'r1b', 'r2a', 'r2b']);
    expect(q.state.hasNextPage).toBe(false);
    stop();
  });

  it('a withdrawal purge clears every page on screen and the refetch shows the denial', async () => {
    const q = medical();
    const seen: number[] = [];
    const stop = q.subscribe(() => seen.push(q.state.nodes.length));
    await loadBothPages(q);
    withdrawn = true;
    invalidateCategories(['medical.records']);
    // Off the screen at once, before the server has answered anything.
    expect(q.state.nodes).toEqual([]);
    expect(q.state.last).toBeNull();
    expect(seen.at(-1)).toBe(0);
    await vi.advanceTimersByTimeAsync(2500);
    await vi.waitFor(() => expect(q.state.loading).toBe(false));
    expect(q.state.nodes).toEqual([]);
    expect(q.state.last?.errors[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', category: 'medical.records' });
    stop();
  });

  it('a page requested before the purge does not land after it', async () => {
    const q = medical();
    const stop = q.subscribe(() => undefined);
    await q.refetch();
    const more = q.loadMore();
    await vi.waitFor(() => expect(held).not.toBeNull());
    invalidateCategories(['medical.records']);
    held!();
    await more;
    expect(q.state.nodes).toEqual([]);
    stop();
  });

  it('a purge of other categories leaves the pages alone', async () => {
    const q = medical();
    const stop = q.subscribe(() => undefined);
    await loadBothPages(q);
    invalidateCategories(['insurance.balance']);
    expect(ids(q)).toEqual(['r1a', 'r1b', 'r2a', 'r2b']);
    stop();
  });
});

describe('back online', () => {
  /** The network as the page sees it through the service worker: down, answered from the store, or up. */
  function network(mode: () => 'down' | 'kept' | 'unavailable' | 'up'): { calls: () => number } {
    let calls = 0;
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      calls++;
      const { variables } = JSON.parse(String(init.body)) as { variables: { after: string | null } };
      const m = mode();
      if (m === 'down') throw new TypeError('Failed to fetch');
      const body =
        m === 'unavailable'
          ? { errors: [{ message: 'unavailable', extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 } }] }
          : m === 'kept'
            ? { ...(answer(variables.after) as object), extensions: { dataCategories: ['medical.records'], consentVersion: 3, offline: { cachedAt: '2026-12-01T00:00:00.000Z' } } }
            : answer(variables.after);
      return new Response(JSON.stringify(body), { status: m === 'unavailable' ? 503 : 200, headers: { 'content-type': 'application/json' } });
    });
    return { calls: () => calls };
  }

  /** The medical records on screen, read once while the network was down. */
  async function shownWhileDown() {
    const net = network(() => 'down');
    const q = medical();
    const stop = q.subscribe(() => undefined);
    await q.refetch();
    return { net, stop };
  }

  it.each(['down', 'kept', 'unavailable'] as const)('reads again what is on screen after an answer that was %s', async (before) => {
    let mode: 'down' | 'kept' | 'unavailable' | 'up' = before;
    const net = network(() => mode);
    const q = medical();
    const stop = q.subscribe(() => undefined);
    await q.refetch();
    if (before === 'down') expect(q.state.unavailableOffline).toBe(true);
    if (before === 'kept') expect(q.state.last?.meta.offline).not.toBeNull();
    mode = 'up';
    expect(await refetchStale()).toBe(0);
    expect(q.state.unavailableOffline).toBe(false);
    expect(q.state.last?.meta.offline).toBeNull();
    expect(ids(q)).toEqual(['r1a', 'r1b']);
    // A fresh answer is not asked for again.
    const calls = net.calls();
    await refetchStale();
    expect(net.calls()).toBe(calls);
    stop();
  });

  it('says what is still stale when the network is not really back', async () => {
    const { net, stop } = await shownWhileDown();
    expect(await refetchStale()).toBe(1);
    expect(net.calls()).toBe(2);
    stop();
  });

  it('leaves alone what nobody shows', async () => {
    const { net, stop } = await shownWhileDown();
    stop();
    const calls = net.calls();
    expect(await refetchStale()).toBe(0);
    expect(net.calls()).toBe(calls);
  });
});

describe('one part of an answer', () => {
  const state: QueryState<unknown> = {
    data: { me: { id: 'me', balances: null, contributions: null, insurance: { city: '杭州' } } },
    errors: [
      { message: 'denied', path: ['me', 'balances'], extensions: { code: 'FORBIDDEN', category: 'insurance.balance', reason: 'NO_CONSENT' } },
      { message: 'offline', path: ['me', 'contributions'], extensions: { code: 'OFFLINE' } },
    ],
    meta: null,
    loading: false,
    unavailableOffline: false,
  };

  it('sees only its own errors', () => {
    expect(partOf(state, ['me', 'balances']).errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(partOf(state, ['me', 'insurance'])).toMatchObject({ errors: [], unavailableOffline: false });
  });

  it('is unavailable offline when the kept answer lacks it, and only then', () => {
    expect(partOf(state, ['me', 'contributions'])).toMatchObject({ errors: [], unavailableOffline: true });
    expect(partOf(state, ['me', 'balances']).unavailableOffline).toBe(false);
  });

  it('shares a failure of the whole answer', () => {
    const failed = { ...state, errors: [{ message: 'failed', extensions: { code: 'INTERNAL_SERVER_ERROR' as const } }] };
    expect(partOf(failed, ['me', 'insurance']).errors).toHaveLength(1);
  });
});
