// Page side: registers the service worker after first render (workbox-window is loaded lazily)
// and turns a waiting new version into a prompt: it only takes over when the person says so.
const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;

type UpdateListener = (apply: () => void) => void;

let checkUpdate: (() => Promise<boolean>) | null = null;

/** After the page has loaded and settled: the precache download must not compete with the first screen's data. */
function afterLoad(): Promise<void> {
  return new Promise((resolve) => {
    const idle = () => ('requestIdleCallback' in window ? requestIdleCallback(() => resolve(), { timeout: 3000 }) : setTimeout(resolve, 1000));
    if (document.readyState === 'complete') idle();
    else window.addEventListener('load', idle, { once: true });
  });
}

export function registerServiceWorker(onUpdate: UpdateListener): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  void (async () => {
    await afterLoad();
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
    setInterval(() => void registration?.update().catch(() => undefined), UPDATE_CHECK_INTERVAL_MS);
  })().catch(() => undefined);
}

export async function checkForUpdate(): Promise<boolean> {
  return checkUpdate ? checkUpdate() : false;
}
