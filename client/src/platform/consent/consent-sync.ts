// Reads the consent state from the server (or takes it from a mutation's answer) and applies it
// to the offline store; remembers which consent version this tab has applied.
import { cacheableCategories } from '../../data/cache-rules';
import { offlineStore } from '../../data/offline-store';
import { syncOfflineCache, type ConsentSnapshot } from '../../data/server-reconcile';
import type { Epoch } from '../../data/offline-store';
import { CacheConsentStateDocument } from '../../gql/graphql';
import { execute } from '../graphql-client';
import { setConsentSnapshot } from './consent-snapshot';

let knownVersion: number | null = null;
let syncing: Promise<ConsentSnapshot | null> | null = null;

/** The consent version this tab last applied (null: none yet). */
export function appliedConsentVersion(): number | null {
  return knownVersion;
}

export function noteAppliedConsentVersion(version: number | null): void {
  knownVersion = version;
}

/** Reads the consent state from the server and purges what it no longer allows. */
export function syncConsent(): Promise<ConsentSnapshot | null> {
  syncing ??= (async () => {
    try {
      const snapshot = await syncOfflineCache(offlineStore(), async () => {
        const r = await execute(CacheConsentStateDocument, {}, { networkOnly: true });
        return { data: r.data, errors: r.errors };
      });
      if (snapshot && snapshot !== 'signed-out') {
        knownVersion = snapshot.version;
        setConsentSnapshot(snapshot);
        return snapshot;
      }
      setConsentSnapshot(null);
      return null;
    } catch {
      return null; // offline: keep what we have
    } finally {
      syncing = null;
    }
  })();
  return syncing;
}

/** Applies a consent state returned by a mutation without another round trip (`epoch`: the store's, read before sending it). */
export async function applyConsentState(state: ConsentSnapshot, epoch: Epoch): Promise<void> {
  await offlineStore().applyConsent({ allowed: cacheableCategories(state.grants, state.necessaryCategories), consentVersion: state.version, epoch });
  knownVersion = state.version;
}
