// The install offer. Chromium fires `beforeinstallprompt` once, early: main.tsx calls
// captureInstallPrompt() before the first render so it is never missed. We keep the event to
// offer 「安装到设备」 where it makes sense (我的, end of onboarding). preventDefault() only
// defers Chromium's own mini-infobar on phones; desktop keeps its address-bar install icon.
import { useEffect, useState } from 'preact/hooks';

interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

export type InstallOffer =
  /** Chromium: one tap shows the browser's install dialog. */
  | { readonly kind: 'prompt'; install(): Promise<boolean> }
  /** iOS Safari has no prompt: the person adds it from the share sheet. */
  | { readonly kind: 'ios' }
  | { readonly kind: 'installed' }
  | { readonly kind: 'none' };

let deferred: InstallPromptEvent | null = null;
let installed = false;
const listeners = new Set<() => void>();
const changed = () => listeners.forEach((l) => l());

export function captureInstallPrompt(): void {
  if (typeof window === 'undefined') return;
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    deferred = event as InstallPromptEvent;
    changed();
  });
  window.addEventListener('appinstalled', () => {
    deferred = null;
    installed = true;
    changed();
  });
}

function standalone(): boolean {
  return window.matchMedia?.('(display-mode: standalone)').matches || (navigator as { standalone?: boolean }).standalone === true;
}

/** iPhone and iPad Safari (iPadOS reports itself as a Mac with touch). */
export function isIosSafari(ua = navigator.userAgent, touchPoints = navigator.maxTouchPoints): boolean {
  const ios = /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && touchPoints > 1);
  return ios && /Safari/.test(ua) && !/CriOS|FxiOS|EdgiOS|OPiOS|MicroMessenger|AlipayClient/.test(ua);
}

export function currentOffer(): InstallOffer {
  if (installed || standalone()) return { kind: 'installed' };
  const event = deferred;
  if (event) {
    return {
      kind: 'prompt',
      async install() {
        await event.prompt();
        const { outcome } = await event.userChoice;
        deferred = null; // a prompt can be shown once
        if (outcome === 'accepted') installed = true;
        changed();
        return outcome === 'accepted';
      },
    };
  }
  return isIosSafari() ? { kind: 'ios' } : { kind: 'none' };
}

export function useInstallOffer(): InstallOffer {
  const [offer, setOffer] = useState(currentOffer);
  useEffect(() => {
    const l = () => setOffer(currentOffer());
    listeners.add(l);
    l();
    return () => listeners.delete(l);
  }, []);
  return offer;
}
