/// <reference lib="webworker" />
// The service worker: precached shell, navigation fallback, and GraphQL reads network-first
// with the encrypted IndexedDB store as the offline fallback. Never Cache Storage for data.
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { offlineStore } from '../data/offline-store';
import { CACHE_MODE_HEADER, GRAPHQL_PATH, NETWORK_ONLY, OPERATOR_CONSOLE_PREFIX, SERVER_ROUTE_PREFIXES } from '../sw-bridge/protocol';
import { handleGraphQLFetch } from './graphql-cache';
import { handlePageMessage } from './page-messages';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

// Any in-app URL opens offline; server endpoints and the operator console never get the shell.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [...SERVER_ROUTE_PREFIXES, OPERATOR_CONSOLE_PREFIX].map((prefix) => new RegExp(`^${escape(prefix)}(/|$|\\?)`)),
  }),
);

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || url.pathname !== GRAPHQL_PATH || event.request.method !== 'POST') return;
  if (event.request.headers.get(CACHE_MODE_HEADER) === NETWORK_ONLY) return;
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

self.addEventListener('message', handlePageMessage);
