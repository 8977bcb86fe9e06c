// Keeps this tab, the service worker and the server in agreement about what may be cached and
// shown: listens for store notices (other tabs, the worker), watches the consent version on
// every response, and when the network is back sends the outbox and reads again what was answered
// offline (or not at all). Started once per tab.
import { offlineStore } from '../../data/offline-store';
import { listenForStoreNotices } from '../../data/store-notices';
import { onResult } from '../graphql-client';
import { clearAll, invalidateCategories, refetchAll, refetchStale } from '../query-store';
import { appliedConsentVersion, noteAppliedConsentVersion, syncConsent } from './consent-sync';
import { flushOutbox, reportOutbox } from './outbox-sender';

/** How often, while online, the outbox is sent again and answers given offline are asked for again. */
const RETRY_MS = 15_000;

/** After the online event, which can come before requests get through: read again, backing off. */
const BACK_ONLINE_DELAYS_MS = [0, 500, 1000, 2000, 4000];

async function readAgainWhenBackOnline(): Promise<void> {
  for (const delay of BACK_ONLINE_DELAYS_MS) {
    await new Promise((resolve) => setTimeout(resolve, delay));
    if (!navigator.onLine || (await refetchStale()) === 0) return;
  }
}

export function startConsentWatch(): void {
  listenForStoreNotices((notice) => {
    if (notice.type === 'purged') {
      if (notice.scope === 'all') clearAll();
      else invalidateCategories(notice.categories);
    } else if (notice.type === 'policy') {
      // Another tab (or the service worker) applied a newer consent state: show what it allows.
      if (notice.consentVersion !== appliedConsentVersion()) {
        noteAppliedConsentVersion(notice.consentVersion);
        refetchAll();
      }
    } else if (notice.type === 'outbox') {
      void reportOutbox(notice.pending);
    }
  });
  // A consent version we have not applied yet (a change made elsewhere): reconcile.
  onResult((result) => {
    const v = result.meta.consentVersion;
    if (result.meta.offline || v == null || v === appliedConsentVersion()) return;
    void syncConsent();
  });
  window.addEventListener('online', () => {
    void flushOutbox();
    void readAgainWhenBackOnline();
  });
  // The online event may never come (a network that answers again without it): retry now and then.
  setInterval(() => {
    if (!navigator.onLine) return;
    void offlineStore().outboxSize().then((n) => (n > 0 ? flushOutbox() : undefined));
    void refetchStale();
  }, RETRY_MS);
  void (async () => {
    const store = offlineStore();
    noteAppliedConsentVersion((await store.getPolicy()).consentVersion);
    await store.purgeExpired().catch(() => 0);
    await flushOutbox().catch(() => undefined);
    await syncConsent();
  })();
}
