// Page side of the page → worker messages (protocol.ts): post one and wait briefly for the reply.
import type { PageMessage, WorkerReply } from './protocol';

const REPLY_TIMEOUT_MS = 1000;

/** Asks the active service worker to do something; false when there is none or it did not answer. */
export function tellServiceWorker(message: PageMessage, timeoutMs = REPLY_TIMEOUT_MS): Promise<boolean> {
  const controller = typeof navigator !== 'undefined' ? navigator.serviceWorker?.controller : null;
  if (!controller) return Promise.resolve(false);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(false), timeoutMs);
    channel.port1.onmessage = (event: MessageEvent<WorkerReply>) => {
      clearTimeout(timer);
      resolve(Boolean(event.data?.ok));
    };
    controller.postMessage(message, [channel.port2]);
  });
}
