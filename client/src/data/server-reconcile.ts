// Reconciles the offline cache with the consent state on the server. Shared by the page and
// the service worker; each passes its own way of sending a GraphQL request.
import { CacheConsentStateDocument } from '../gql/graphql';
import { operationMetaOf, persistedRequest, type GraphQLResponseBody, type PersistedRequest } from '../sw-bridge/protocol';
import { cacheableCategories, type ConsentGrantLike } from './cache-rules';
import type { OfflineStore } from './offline-store';

export interface ConsentSnapshot {
  readonly version: number;
  /** Processed for the service without a grant (the notice says why). */
  readonly necessaryCategories?: readonly string[];
  readonly grants: readonly ConsentGrantLike[];
}

type ConsentBody = GraphQLResponseBody<{ readonly me?: { readonly consents?: ConsentSnapshot | null } | null }>;

/** Sends the request over the network only and returns the JSON body. */
export type PostPersisted = (request: PersistedRequest) => Promise<ConsentBody>;

const CACHE_CONSENT_REQUEST = persistedRequest(operationMetaOf(CacheConsentStateDocument));

/**
 * Reads the consent state from the server and applies it to the store: what is no longer
 * consented for SERVICE and LOCAL_CACHE goes; signed out (the session ended, possibly elsewhere),
 * everything personal goes. The store's epoch is read first, so a state read before a sign-out
 * emptied the store cannot bring a policy back into it.
 */
export async function syncOfflineCache(store: OfflineStore, post: PostPersisted): Promise<ConsentSnapshot | 'signed-out' | null> {
  const epoch = await store.epoch();
  const body = await post(CACHE_CONSENT_REQUEST);
  const snapshot = body.data && body.data.me === null ? 'signed-out' : (body.data?.me?.consents ?? null);
  if (snapshot === 'signed-out') {
    const policy = await store.getPolicy();
    const personal = (await store.listEntries()).some((e) => e.categories.length > 0);
    if (policy.consentVersion != null || personal) await store.purgeAll({ keepOutbox: true });
  } else if (snapshot) {
    await store.applyConsent({ allowed: cacheableCategories(snapshot.grants, snapshot.necessaryCategories), consentVersion: snapshot.version, epoch });
  }
  return snapshot;
}
