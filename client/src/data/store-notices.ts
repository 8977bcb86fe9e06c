// Notices about the offline store over BroadcastChannel: every open tab and the service worker
// listen, so a purge in one context takes the data off every screen at once.
import { STORE_CHANNEL, type StoreNotice } from '../sw-bridge/protocol';

export function announce(notice: StoreNotice): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(STORE_CHANNEL);
  try {
    channel.postMessage(notice);
  } finally {
    channel.close();
  }
}

export function listenForStoreNotices(handler: (notice: StoreNotice) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(STORE_CHANNEL);
  channel.onmessage = (event: MessageEvent<StoreNotice>) => handler(event.data);
  return () => channel.close();
}
