// Keeps this tab, the service worker and the server in agreement about what may be cached:
// listens on 'shebao-cache', watches the consent version on every response, and sends the
// durable outbox of offline withdrawals when the network is back.
import { useEffect, useState } from 'preact/hooks';
import { cacheableCategories } from '../data/cache-policy';
import { listenForCacheMessages } from '../data/cache-channel';
import { fetchConsentSnapshot, reconcileOfflineCache, type ConsentSnapshot, type GraphQLBody } from '../data/consent-sync';
import { offlineStore, type WithdrawalInput } from '../data/offline-store';
import { CacheConsentStateDocument, SignOutDocument, WithdrawConsentDocument, type WithdrawConsentInput } from '../gql/graphql';
import { setConsentSnapshot } from './consent-state';
import { errorCode, execute, NetworkError, onResult } from './graphql-client';
import { clearAll, invalidateCategories, refetchAll } from './query-store';

let knownVersion: number | null = null;
let syncing: Promise<ConsentSnapshot | null> | null = null;
let flushing: Promise<void> | null = null;
const outboxListeners = new Set<(n: number) => void>();

/** Reads the consent state from the server and purges what it no longer allows. */
export function syncConsent(): Promise<ConsentSnapshot | null> {
  syncing ??= (async () => {
    try {
      const snapshot = await fetchConsentSnapshot(async () => {
        const r = await execute(CacheConsentStateDocument, {}, { networkOnly: true });
        return { data: r.data, errors: r.errors } as GraphQLBody;
      });
      await reconcileOfflineCache(offlineStore(), snapshot);
      if (snapshot && snapshot !== 'signed-out') {
        knownVersion = snapshot.version;
        setConsentSnapshot(snapshot);
        return snapshot;
      }
      setConsentSnapshot(null);
      return null;
    } catch {
      return null; // offline: keep what we have
    } finally {
      syncing = null;
    }
  })();
  return syncing;
}

/** Applies a consent state returned by a mutation without another round trip. */
export async function applyConsentState(state: ConsentSnapshot): Promise<void> {
  await offlineStore().applyConsent({ allowed: cacheableCategories(state.grants, state.necessaryCategories), consentVersion: state.version });
  knownVersion = state.version;
}

async function reportOutbox(): Promise<void> {
  const n = await offlineStore().outboxSize().catch(() => 0);
  outboxListeners.forEach((l) => l(n));
}

/** Sends queued writes in order; stops at the first network failure and keeps the rest. */
export function flushOutbox(): Promise<void> {
  flushing ??= (async () => {
    const store = offlineStore();
    let sentAny = false;
    try {
      for (const item of await store.listOutbox()) {
        try {
          if (item.kind === 'withdrawConsent') {
            const r = await execute(WithdrawConsentDocument, { input: item.input as WithdrawConsentInput });
            const code = errorCode(r.errors);
            if (code === 'UNAUTHENTICATED') break; // keep it until the person signs in again
            if (!code && r.data) await applyConsentState(r.data.withdrawConsent);
          } else {
            await execute(SignOutDocument);
          }
          await store.dequeue(item.id);
          sentAny = true;
        } catch (error) {
          if (error instanceof NetworkError) {
            await store.recordAttempt(item.id);
            break;
          }
          throw error;
        }
      }
    } finally {
      flushing = null;
      await reportOutbox();
    }
    if (sentAny) {
      await syncConsent();
      refetchAll();
    }
  })();
  return flushing;
}

export function usePendingOutbox(): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    outboxListeners.add(setN);
    void reportOutbox();
    return () => outboxListeners.delete(setN);
  }, []);
  return n;
}

export function startCacheSync(): void {
  listenForCacheMessages((message) => {
    if (message.type === 'purged') {
      if (message.scope === 'all') clearAll();
      else invalidateCategories(message.categories);
    } else if (message.type === 'policy') {
      // Another tab (or the service worker) applied a newer consent state: show what it allows.
      if (message.consentVersion !== knownVersion) {
        knownVersion = message.consentVersion;
        refetchAll();
      }
    } else if (message.type === 'outbox') {
      outboxListeners.forEach((l) => l(message.pending));
    }
  });
  // A consent version we have not applied yet (a change made elsewhere): reconcile.
  onResult((result) => {
    const v = result.meta.consentVersion;
    if (result.meta.offline || v == null || v === knownVersion) return;
    void syncConsent();
  });
  window.addEventListener('online', () => void flushOutbox());
  setInterval(() => {
    if (navigator.onLine) void offlineStore().outboxSize().then((n) => (n > 0 ? flushOutbox() : undefined));
  }, 15_000);
  void (async () => {
    const store = offlineStore();
    knownVersion = (await store.getPolicy()).consentVersion;
    await store.purgeExpired().catch(() => 0);
    await flushOutbox().catch(() => undefined);
    await syncConsent();
  })();
}

/** Withdrawals made here and not yet acknowledged by the server. */
export function usePendingWithdrawals(): readonly WithdrawalInput[] {
  const count = usePendingOutbox();
  const [items, setItems] = useState<readonly WithdrawalInput[]>([]);
  useEffect(() => {
    let live = true;
    void offlineStore()
      .listOutbox()
      .then((list) => live && setItems(list.flatMap((i) => (i.kind === 'withdrawConsent' ? [i.input] : []))))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [count]);
  return items;
}
