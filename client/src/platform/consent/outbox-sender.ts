// Sends the durable outbox (withdrawals and sign-outs made offline) in order, and tells the
// screen how many are still waiting.
import { useEffect, useState } from 'preact/hooks';
import { offlineStore, type WithdrawalInput } from '../../data/offline-store';
import { announce, listenForStoreNotices } from '../../data/store-notices';
import { pendingWithdrawals } from '../../data/outbox';
import { SignOutDocument, WithdrawConsentDocument, type WithdrawConsentInput } from '../../gql/graphql';
import { errorCode, execute, NetworkError } from '../graphql-client';
import { refetchAll } from '../query-store';
import { applyConsentState, syncConsent } from './consent-sync';

let flushing: Promise<void> | null = null;
const outboxListeners = new Set<(n: number) => void>();

/** Tells every pending-count listener; without a count, reads it from the store. */
export function reportOutbox(pending?: number): Promise<void> {
  return (async () => {
    const n = pending ?? (await offlineStore().outboxSize().catch(() => 0));
    outboxListeners.forEach((l) => l(n));
  })();
}

/** Sends queued writes in order; stops at the first network failure and keeps the rest. */
export function flushOutbox(): Promise<void> {
  flushing ??= (async () => {
    const store = offlineStore();
    let sentAny = false;
    let withdrawals = 0;
    try {
      for (const item of await store.listOutbox()) {
        try {
          if (item.kind === 'withdrawConsent') {
            const epoch = await store.epoch();
            const r = await execute(WithdrawConsentDocument, { input: item.input as WithdrawConsentInput });
            const code = errorCode(r.errors);
            if (code === 'UNAUTHENTICATED') break; // keep it until the person signs in again
            if (!code && r.data) await applyConsentState(r.data.withdrawConsent, epoch);
            withdrawals++;
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
      // Every tab hears it (the store channel), so whichever one is open confirms 「已同步」.
      if (withdrawals > 0) announce({ type: 'synced', withdrawals, at: Date.now() });
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

/** Withdrawals made here and not yet acknowledged by the server. */
export function usePendingWithdrawals(): readonly WithdrawalInput[] {
  const count = usePendingOutbox();
  const [items, setItems] = useState<readonly WithdrawalInput[]>([]);
  useEffect(() => {
    let live = true;
    void offlineStore()
      .listOutbox()
      .then((list) => live && setItems(pendingWithdrawals(list)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [count]);
  return items;
}

/** Offline withdrawals reached the server, in this tab or another (the store channel). */
export function onWithdrawalsSynced(listener: (withdrawals: number) => void): () => void {
  return listenForStoreNotices((n) => {
    if (n.type === 'synced') listener(n.withdrawals);
  });
}
