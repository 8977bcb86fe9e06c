// Cross-context cache notices over BroadcastChannel 'shebao-cache'. Every open tab and the
// service worker listen; a sender's own listeners receive its messages too (separate objects).

export const CACHE_CHANNEL_NAME = 'shebao-cache';

export type CacheMessage =
  | { readonly type: 'purged'; readonly scope: 'all'; readonly at: number }
  | { readonly type: 'purged'; readonly scope: 'categories'; readonly categories: readonly string[]; readonly at: number }
  | { readonly type: 'policy'; readonly consentVersion: number | null; readonly allowed: readonly string[]; readonly at: number }
  | { readonly type: 'outbox'; readonly pending: number; readonly at: number };

export function announce(message: CacheMessage): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CACHE_CHANNEL_NAME);
  try {
    channel.postMessage(message);
  } finally {
    channel.close();
  }
}

export function listenForCacheMessages(handler: (message: CacheMessage) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(CACHE_CHANNEL_NAME);
  channel.onmessage = (event: MessageEvent<CacheMessage>) => handler(event.data);
  return () => channel.close();
}
