/// <reference lib="webworker" />
// Messages from pages (sw-bridge/protocol.ts): take over after an update, or purge. Purges are
// idempotent with the page's own (which already told every tab): the point is that nothing here
// outlives it.
import { offlineStore } from '../data/offline-store';
import { isPageMessage, type PageMessage, type WorkerReply } from '../sw-bridge/protocol';

declare const self: ServiceWorkerGlobalScope;

function perform(message: PageMessage): Promise<void> {
  switch (message.type) {
    case 'SKIP_WAITING':
      return self.skipWaiting();
    case 'PURGE':
      return offlineStore().purgeCategories(message.categories, { announce: false }).then(() => undefined);
    case 'PURGE_ALL':
      return offlineStore().purgeAll({ keepOutbox: message.keepOutbox, announce: false });
  }
}

export function handlePageMessage(event: ExtendableMessageEvent): void {
  if (!isPageMessage(event.data)) return;
  const reply = (value: WorkerReply) => event.ports[0]?.postMessage(value);
  event.waitUntil(
    perform(event.data).then(
      () => reply({ ok: true }),
      () => reply({ ok: false }),
    ),
  );
}
