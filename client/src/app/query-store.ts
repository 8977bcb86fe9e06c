// A small shared store of query results: components subscribe with useQuery; a consent
// withdrawal or purge drops affected results everywhere and refetches what is on screen.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { stableStringify } from '../data/cache-policy';
import { execute, NetworkError, operationMeta, type GraphQLErrorShape, type ResultMeta } from './graphql-client';

export interface QueryState<TData> {
  readonly data: TData | null;
  readonly errors: readonly GraphQLErrorShape[];
  readonly meta: ResultMeta | null;
  readonly loading: boolean;
  /** The request could not reach the server and nothing was kept offline. */
  readonly unavailableOffline: boolean;
}

interface Entry {
  state: QueryState<unknown>;
  listeners: Set<() => void>;
  inflight: Promise<void> | null;
  run: () => Promise<void>;
}

const entries = new Map<string, Entry>();
const initial: QueryState<unknown> = { data: null, errors: [], meta: null, loading: true, unavailableOffline: false };

function notify(entry: Entry): void {
  for (const l of entry.listeners) l();
  offlineListeners.forEach((l) => l());
}

function entryFor<TData, TVars>(doc: TypedDocumentNode<TData, TVars>, variables: TVars | undefined): [string, Entry] {
  const key = `${operationMeta(doc as object).hash}|${stableStringify(variables ?? {})}`;
  let entry = entries.get(key);
  if (!entry) {
    const created: Entry = {
      state: initial,
      listeners: new Set(),
      inflight: null,
      run: () => {
        created.inflight ??= (async () => {
          created.state = { ...created.state, loading: true };
          notify(created);
          try {
            const result = await execute(doc, variables);
            created.state = { data: result.data, errors: result.errors, meta: result.meta, loading: false, unavailableOffline: false };
          } catch (error) {
            const offline = error instanceof NetworkError;
            created.state = {
              data: null,
              errors: offline ? [] : [{ message: 'generic', extensions: { code: 'generic' } }],
              meta: null,
              loading: false,
              unavailableOffline: offline,
            };
          } finally {
            created.inflight = null;
            notify(created);
          }
        })();
        return created.inflight;
      },
    };
    entries.set(key, created);
    entry = created;
  }
  return [key, entry];
}

export function useQuery<TData, TVars>(
  doc: TypedDocumentNode<TData, TVars>,
  variables?: TVars,
  options: { skip?: boolean } = {},
): QueryState<TData> & { refetch: () => Promise<void> } {
  const [key, entry] = entryFor(doc, variables);
  const [, force] = useState(0);
  useEffect(() => {
    if (options.skip) return undefined;
    const listener = () => force((n) => n + 1);
    entry.listeners.add(listener);
    if (entry.state === initial || (!entry.state.loading && entry.state.meta === null && !entry.inflight)) void entry.run();
    return () => {
      entry.listeners.delete(listener);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, options.skip]);
  const refetch = useCallback(() => entry.run(), [entry]);
  return { ...(entry.state as QueryState<TData>), refetch };
}

/** Drop results holding any of these categories (null: all) and refetch those on screen. */
export function invalidateCategories(categories: readonly string[] | null): void {
  const drop = categories == null ? null : new Set(categories);
  for (const [key, entry] of entries) {
    const cats = entry.state.meta?.categories ?? [];
    if (drop != null && !cats.some((c) => drop.has(c))) continue;
    if (drop == null && cats.length === 0) continue;
    if (entry.listeners.size === 0) {
      entries.delete(key);
      continue;
    }
    // Off the screen at once. The server may not have heard of the withdrawal yet (we purge
    // before sending), so ask again a little later; a consent-state notice refetches sooner.
    entry.state = initial;
    notify(entry);
    setTimeout(() => {
      if (entry.state === initial || entry.state.meta === null) void entry.run();
    }, REFETCH_AFTER_PURGE_MS);
  }
}

const REFETCH_AFTER_PURGE_MS = 2500;

/** Refetch everything on screen (sign-in, consent change); forget the rest. */
export function refetchAll(): void {
  for (const [key, entry] of entries) {
    if (entry.listeners.size === 0) entries.delete(key);
    else void entry.run();
  }
}

/** Forget everything at once (sign-out, account deletion). */
export function clearAll(): void {
  for (const entry of entries.values()) {
    entry.state = { ...initial };
    notify(entry);
  }
  for (const [key, entry] of entries) {
    if (entry.listeners.size === 0) entries.delete(key);
    else void entry.run();
  }
}

const offlineListeners = new Set<() => void>();

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
    const at = entry.state.meta?.offline?.cachedAt;
    if (at && (oldest == null || at < oldest)) oldest = at;
  }
  return oldest;
}
