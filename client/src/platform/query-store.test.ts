import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MedicalRecordsDocument } from '../gql/graphql';
import { clearAll, invalidateCategories, pagedQuery, partOf, type QueryState } from './query-store';

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
