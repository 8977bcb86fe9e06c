/// <reference lib="webworker" />
// The service worker: precached shell, navigation fallback, and GraphQL reads network-first
// with the encrypted IndexedDB store as the offline fallback. Never Cache Storage for data.
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { offlineStore } from '../data/offline-store';
import { handleGraphQLFetch } from './graphql-cache';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Any in-app URL opens offline; server endpoints never get the shell.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/graphql/, /^\/graphiql/, /^\/oauth/, /^\/\.well-known/, /^\/healthz/, /^\/readyz/],
  }),
);

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || url.pathname !== '/graphql' || event.request.method !== 'POST') return;
  if (event.request.headers.get('x-shebao-cache') === 'network-only') return;
  event.respondWith(handleGraphQLFetch(event));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await self.clients.claim();
      await offlineStore().purgeExpired().catch(() => 0);
    })(),
  );
});

type PageMessage =
  | { type: 'SKIP_WAITING' }
  | { type: 'PURGE'; categories: string[] | null }
  | { type: 'PURGE_ALL'; keepOutbox: boolean };

self.addEventListener('message', (event) => {
  const message = event.data as PageMessage | null;
  const reply = (value: unknown) => event.ports[0]?.postMessage(value);
  if (!message) return;
  if (message.type === 'SKIP_WAITING') {
    void self.skipWaiting();
    return;
  }
  // Idempotent with the page's own purge (which already told every tab): the point is that
  // nothing here outlives it.
  const work =
    message.type === 'PURGE'
      ? offlineStore().purgeCategories(message.categories, { announce: false }).then(() => undefined)
      : message.type === 'PURGE_ALL'
        ? offlineStore().purgeAll({ keepOutbox: message.keepOutbox, announce: false })
        : Promise.resolve();
  event.waitUntil(work.then(() => reply({ ok: true }), () => reply({ ok: false })));
});
