// A small shared store of query results. Components subscribe with useQuery (one answer) or
// usePagedQuery (a connection read page by page). A consent withdrawal or purge drops the
// affected results everywhere, paged ones included, and refetches what is on screen.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { stableStringify } from '../data/ids';
import { operationMetaOf } from '../sw-bridge/protocol';
import { execute, NetworkError, type GraphQLError, type OperationResult, type ResultMeta } from './graphql-client';

export interface QueryState<TData> {
  readonly data: TData | null;
  readonly errors: readonly GraphQLError[];
  readonly meta: ResultMeta | null;
  readonly loading: boolean;
  /** The request could not reach the server and nothing was kept offline. */
  readonly unavailableOffline: boolean;
}

interface EntryState {
  /** The answers held: one for a plain query, one per page loaded for a paged one. */
  readonly pages: readonly OperationResult<unknown>[];
  readonly loading: boolean;
  readonly unavailableOffline: boolean;
  /** The last request failed without an answer (not a network failure). */
  readonly failed: boolean;
}

const EMPTY: EntryState = { pages: [], loading: true, unavailableOffline: false, failed: false };
const REFETCH_AFTER_PURGE_MS = 2500;
const isRetryable = (e: GraphQLError) => e.extensions?.code === 'SERVICE_UNAVAILABLE';
const FAILED: readonly GraphQLError[] = [{ message: 'failed', extensions: { code: 'INTERNAL_SERVER_ERROR' } }];

/** Fetches one page: `after` is null for the first (and only, for a plain query). */
type PageLoader = (after: string | null) => Promise<OperationResult<unknown>>;
/** The cursor to continue after a page, or null when there is no next page. */
type NextCursor = (page: OperationResult<unknown>) => string | null;

class Entry {
  state: EntryState = EMPTY;
  readonly listeners = new Set<() => void>();
  private inflight: Promise<void> | null = null;
  /** Bumped by reset: an answer requested before a purge must not land after it. */
  private generation = 0;

  constructor(
    private readonly loadPage: PageLoader,
    private readonly nextCursor: NextCursor = () => null,
  ) {}

  get empty(): boolean {
    return this.state.pages.length === 0;
  }

  get busy(): boolean {
    return this.inflight != null;
  }

  categories(): string[] {
    return [...new Set(this.state.pages.flatMap((p) => p.meta.categories))];
  }

  offlineSince(): string | null {
    let oldest: string | null = null;
    for (const page of this.state.pages) {
      const at = page.meta.offline?.cachedAt;
      if (at && (oldest == null || at < oldest)) oldest = at;
    }
    return oldest;
  }

  /**
   * Worth asking again once the network is back: answered from the offline store, not kept
   * offline, or the server said it was unavailable for now.
   */
  get stale(): boolean {
    const { pages, unavailableOffline, failed } = this.state;
    return unavailableOffline || failed || pages.some((p) => p.meta.offline != null || (p.data == null && p.errors.some(isRetryable)));
  }

  hasNextPage(): boolean {
    const last = this.state.pages.at(-1);
    return last != null && this.nextCursor(last) != null;
  }

  /** Off the screen at once; whatever is in flight is discarded when it arrives. */
  reset(): void {
    this.generation++;
    this.inflight = null;
    this.state = EMPTY;
    notify(this);
  }

  /** (Re)loads from the first page; what is shown stays until the answer is in. */
  run(): Promise<void> {
    return this.load(null);
  }

  /** Appends the next page, if there is one. */
  more(): Promise<void> {
    const last = this.state.pages.at(-1);
    const cursor = last ? this.nextCursor(last) : null;
    return cursor == null ? Promise.resolve() : this.load(cursor);
  }

  private load(after: string | null): Promise<void> {
    if (this.inflight) return this.inflight;
    const generation = this.generation;
    const current = () => generation === this.generation;
    const work = (async () => {
      this.state = { ...this.state, loading: true };
      notify(this);
      try {
        const page = await this.loadPage(after);
        if (!current()) return;
        this.state = { pages: after == null ? [page] : [...this.state.pages, page], loading: false, unavailableOffline: false, failed: false };
      } catch (error) {
        if (!current()) return;
        const offline = error instanceof NetworkError;
        // A failed first page shows nothing old; a failed next page keeps the pages before it.
        this.state = { pages: after == null ? [] : this.state.pages, loading: false, unavailableOffline: offline, failed: !offline };
      } finally {
        if (current()) {
          this.inflight = null;
          notify(this);
        }
      }
    })();
    this.inflight = work;
    return work;
  }
}

const entries = new Map<string, Entry>();
const offlineListeners = new Set<() => void>();

function notify(entry: Entry): void {
  for (const l of entry.listeners) l();
  offlineListeners.forEach((l) => l());
}

function entryFor(key: string, create: () => Entry): Entry {
  let entry = entries.get(key);
  if (!entry) {
    entry = create();
    entries.set(key, entry);
  }
  return entry;
}

function keyOf(doc: object, variables: unknown, prefix = ''): string {
  return `${prefix}${operationMetaOf(doc).hash}|${stableStringify(variables ?? {})}`;
}

/**
 * Subscribes while mounted; `load` decides whether to fetch when the component appears. Follows
 * the entry, not just the key: the store may forget an entry between a render and its effects
 * (a consent change at start-up), and the next render then holds a new one.
 */
function useEntry(entry: Entry, skip: boolean, load: (entry: Entry) => void): void {
  const [, force] = useState(0);
  const rendered = entry.state;
  useEffect(() => {
    if (skip) return undefined;
    const listener = () => force((n) => n + 1);
    entry.listeners.add(listener);
    // Settled between the render and this effect (effects run after paint): render it now.
    if (entry.state !== rendered) listener();
    load(entry);
    return () => {
      entry.listeners.delete(listener);
    };
  }, [entry, skip]);
}

export function useQuery<TData, TVars>(
  doc: TypedDocumentNode<TData, TVars>,
  variables?: TVars,
  options: { skip?: boolean } = {},
): QueryState<TData> & { refetch: () => Promise<void> } {
  const key = keyOf(doc, variables);
  const entry = entryFor(key, () => new Entry(() => execute(doc, variables)));
  // Held answers are shown as they are; fetch only what is missing (or failed before).
  useEntry(entry, options.skip ?? false, (e) => {
    if (e.empty && !e.busy) void e.run();
  });
  const refetch = useCallback(() => entry.run(), [entry]);
  const { pages, loading, unavailableOffline, failed } = entry.state;
  const answer = pages[0] as OperationResult<TData> | undefined;
  return {
    data: answer?.data ?? null,
    errors: failed ? FAILED : (answer?.errors ?? []),
    meta: answer?.meta ?? null,
    loading,
    unavailableOffline,
    refetch,
  };
}

/** A path one level below a root field: one part of an answer (`['me', 'balances']`). */
export type PartPath = readonly [root: string, field: string];

const isOfflineGap = (e: GraphQLError) => e.extensions?.code === 'OFFLINE' && e.path != null;

/**
 * One part of a query's answer as the section showing it sees it: only its own errors (and those
 * of the whole answer), and unavailable offline when the kept answer lacks that part (the
 * service worker keeps parts apart: sw/response-parts.ts).
 */
export function partOf<S extends QueryState<unknown>>(state: S, [root, field]: PartPath): S {
  const errors = state.errors.filter((e) => !e.path || (e.path[0] === root && e.path[1] === field));
  return { ...state, errors: errors.filter((e) => !isOfflineGap(e)), unavailableOffline: state.unavailableOffline || errors.some(isOfflineGap) };
}

/** The shape of a GraphQL connection as the paged pages read it. */
export interface ConnectionLike<TNode> {
  readonly nodes: readonly TNode[];
  readonly pageInfo: { readonly endCursor?: string | null; readonly hasNextPage: boolean };
}

export interface PagedQueryState<TData, TNode> {
  /** Every node of every page loaded, in order. */
  readonly nodes: readonly TNode[];
  /** The latest page's answer (its data and errors, denied fields included), or null. */
  readonly last: OperationResult<TData> | null;
  readonly hasNextPage: boolean;
  readonly loading: boolean;
  readonly unavailableOffline: boolean;
  readonly failed: boolean;
}

export interface PagedQuery<TData, TNode> {
  readonly state: PagedQueryState<TData, TNode>;
  subscribe(listener: () => void): () => void;
  loadMore(): Promise<void>;
  refetch(): Promise<void>;
}

type PageVariables = { first?: number | null; after?: string | null };

/**
 * A connection read page by page (`first`/`after`), held in the same store as every query, so a
 * purge or sign-out drops its pages too. `variables` are everything but `first` and `after`.
 */
export function pagedQuery<TData, TVars extends PageVariables, TNode>(
  doc: TypedDocumentNode<TData, TVars>,
  variables: Omit<TVars, keyof PageVariables>,
  pageSize: number,
  connection: (data: TData) => ConnectionLike<TNode> | null | undefined,
): PagedQuery<TData, TNode> {
  const connectionOf = (page: OperationResult<unknown>) => (page.data == null ? null : connection(page.data as TData));
  const entry = entryFor(
    keyOf(doc, variables, `paged:${pageSize}|`),
    () =>
      new Entry(
        (after) => execute(doc, { ...variables, first: pageSize, after } as TVars),
        (page) => {
          const info = connectionOf(page)?.pageInfo;
          return info?.hasNextPage ? (info.endCursor ?? null) : null;
        },
      ),
  );
  return {
    get state() {
      const { pages, loading, unavailableOffline, failed } = entry.state;
      return {
        nodes: pages.flatMap((p) => connectionOf(p)?.nodes ?? []),
        last: (pages.at(-1) as OperationResult<TData> | undefined) ?? null,
        hasNextPage: entry.hasNextPage(),
        loading,
        unavailableOffline,
        failed,
      };
    },
    subscribe(listener) {
      entry.listeners.add(listener);
      return () => entry.listeners.delete(listener);
    },
    loadMore: () => entry.more(),
    refetch: () => entry.run(),
  };
}

export function usePagedQuery<TData, TVars extends PageVariables, TNode>(
  doc: TypedDocumentNode<TData, TVars>,
  variables: Omit<TVars, keyof PageVariables>,
  pageSize: number,
  connection: (data: TData) => ConnectionLike<TNode> | null | undefined,
): PagedQueryState<TData, TNode> & { loadMore: () => Promise<void>; refetch: () => Promise<void> } {
  const query = pagedQuery(doc, variables, pageSize, connection);
  const entry = entries.get(keyOf(doc, variables, `paged:${pageSize}|`))!;
  // A list is read afresh on every visit (from the first page); held pages show meanwhile.
  useEntry(entry, false, (e) => void e.run());
  return { ...query.state, loadMore: query.loadMore, refetch: query.refetch };
}

/** Drop results holding any of these categories (null: all) and refetch those on screen. */
export function invalidateCategories(categories: readonly string[] | null): void {
  const drop = categories == null ? null : new Set(categories);
  for (const [key, entry] of entries) {
    const cats = entry.categories();
    if (drop != null && !cats.some((c) => drop.has(c))) continue;
    if (drop == null && cats.length === 0) continue;
    if (entry.listeners.size === 0) {
      entries.delete(key);
      continue;
    }
    // Off the screen at once. The server may not have heard of the withdrawal yet (we purge
    // before sending), so ask again a little later; a policy notice (the new consent state applied) refetches sooner.
    entry.reset();
    setTimeout(() => {
      if (entry.empty) void entry.run();
    }, REFETCH_AFTER_PURGE_MS);
  }
}

/** Refetch everything on screen (sign-in, consent change); forget the rest. */
export function refetchAll(): void {
  for (const [key, entry] of entries) {
    if (entry.listeners.size === 0) entries.delete(key);
    else void entry.run();
  }
}

/**
 * The network is back: read again what is on screen but came from the offline store or not at
 * all. Resolves to how many of those are still stale (the network was not really back).
 */
export async function refetchStale(): Promise<number> {
  const stale = [...entries.values()].filter((entry) => entry.listeners.size > 0 && entry.stale);
  await Promise.all(stale.map((entry) => entry.run()));
  return stale.filter((entry) => entry.stale).length;
}

/** Forget everything at once (sign-out, account deletion). */
export function clearAll(): void {
  for (const entry of entries.values()) entry.reset();
  for (const [key, entry] of entries) {
    if (entry.listeners.size === 0) entries.delete(key);
    else void entry.run();
  }
}

/** The oldest cachedAt among results on screen that came from the offline store, else null. */
export function useOfflineSince(): string | null {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    offlineListeners.add(l);
    return () => offlineListeners.delete(l);
  }, []);
  let oldest: string | null = null;
  for (const entry of entries.values()) {
    if (entry.listeners.size === 0) continue;
    const at = entry.offlineSince();
    if (at && (oldest == null || at < oldest)) oldest = at;
  }
  return oldest;
}
