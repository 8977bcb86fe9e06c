// The latest consent snapshot known to this tab: telemetry and settings read it.
import { grantedCategories, PURPOSE_SERVICE } from '../../data/cache-rules';
import type { ConsentSnapshot } from '../../data/server-reconcile';
import { useExternalValue } from '../use-external';

let snapshot: ConsentSnapshot | null = null;
const listeners = new Set<(s: ConsentSnapshot | null) => void>();

export function setConsentSnapshot(next: ConsentSnapshot | null): void {
  snapshot = next;
  listeners.forEach((l) => l(next));
}

export function getConsentSnapshot(): ConsentSnapshot | null {
  return snapshot;
}

export function onConsentSnapshot(listener: (s: ConsentSnapshot | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useConsentSnapshot(): ConsentSnapshot | null {
  return useExternalValue(onConsentSnapshot, getConsentSnapshot);
}

/** Collection happens only with a current SERVICE grant for the category (or when it is necessary). */
export function serviceConsented(category: string, s: ConsentSnapshot | null = snapshot): boolean {
  return s != null && (grantedCategories(s.grants, PURPOSE_SERVICE).includes(category) || (s.necessaryCategories ?? []).includes(category));
}
