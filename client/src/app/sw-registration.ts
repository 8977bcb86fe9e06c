// Registers the service worker after first render (workbox-window is loaded lazily) and turns
// a waiting new version into a prompt: it only takes over when the person says so.
type UpdateListener = (apply: () => void) => void;

let checkUpdate: (() => Promise<boolean>) | null = null;

export function registerServiceWorker(onUpdate: UpdateListener): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  void (async () => {
    const { Workbox } = await import('workbox-window');
    const wb = new Workbox('/sw.js', { scope: '/' });
    wb.addEventListener('waiting', () => {
      onUpdate(() => {
        wb.addEventListener('controlling', () => location.reload());
        wb.messageSkipWaiting();
      });
    });
    const registration = await wb.register();
    checkUpdate = async () => {
      await registration?.update();
      return Boolean(registration?.waiting);
    };
    // Look for a new version now and then while the app stays open.
    setInterval(() => void registration?.update().catch(() => undefined), 60 * 60 * 1000);
  })().catch(() => undefined);
}

export async function checkForUpdate(): Promise<boolean> {
  return checkUpdate ? checkUpdate() : false;
}

/** Asks the active service worker to do something and waits (briefly) for its answer. */
export function tellServiceWorker(message: unknown, timeoutMs = 1000): Promise<boolean> {
  const controller = typeof navigator !== 'undefined' ? navigator.serviceWorker?.controller : null;
  if (!controller) return Promise.resolve(false);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(false), timeoutMs);
    channel.port1.onmessage = (event: MessageEvent<{ ok: boolean }>) => {
      clearTimeout(timer);
      resolve(Boolean(event.data?.ok));
    };
    controller.postMessage(message, [channel.port2]);
  });
}
