// Keeps this tab, the service worker and the server in agreement about what may be cached and
// shown: listens for store notices (other tabs, the worker), watches the consent version on
// every response, and sends the outbox when the network is back. Started once per tab.
import { offlineStore } from '../../data/offline-store';
import { listenForStoreNotices } from '../../data/store-notices';
import { onResult } from '../graphql-client';
import { clearAll, invalidateCategories, refetchAll } from '../query-store';
import { appliedConsentVersion, noteAppliedConsentVersion, syncConsent } from './consent-sync';
import { flushOutbox, reportOutbox } from './outbox-sender';

const OUTBOX_RETRY_MS = 15_000;

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
  window.addEventListener('online', () => void flushOutbox());
  setInterval(() => {
    if (navigator.onLine) void offlineStore().outboxSize().then((n) => (n > 0 ? flushOutbox() : undefined));
  }, OUTBOX_RETRY_MS);
  void (async () => {
    const store = offlineStore();
    noteAppliedConsentVersion((await store.getPolicy()).consentVersion);
    await store.purgeExpired().catch(() => 0);
    await flushOutbox().catch(() => undefined);
    await syncConsent();
  })();
}
