// Reconciles the offline cache with the consent state on the server. Shared by the page and
// the service worker; each passes its own way of sending a GraphQL request.
import { CacheConsentStateDocument } from '../gql/graphql';
import { operationMetaOf, persistedRequest, type GraphQLResponseBody, type PersistedRequest } from '../sw-bridge/protocol';
import { cacheableCategories, type ConsentGrantLike } from './cache-rules';
import type { OfflineStore } from './offline-store';
import type { ApplyConsentResult } from './policy';

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

export async function fetchConsentSnapshot(post: PostPersisted): Promise<ConsentSnapshot | 'signed-out' | null> {
  const body = await post(CACHE_CONSENT_REQUEST);
  if (body.data && body.data.me === null) return 'signed-out';
  return body.data?.me?.consents ?? null;
}

/**
 * Applies a consent snapshot: what is no longer consented for SERVICE and LOCAL_CACHE goes.
 * Signed out (the session ended, possibly elsewhere): everything personal goes.
 */
export async function reconcileOfflineCache(store: OfflineStore, snapshot: ConsentSnapshot | 'signed-out' | null): Promise<ApplyConsentResult | null> {
  if (snapshot == null) return null;
  if (snapshot === 'signed-out') {
    const policy = await store.getPolicy();
    const personal = (await store.listEntries()).some((e) => e.categories.length > 0);
    if (policy.consentVersion != null || personal) await store.purgeAll({ keepOutbox: true });
    return null;
  }
  return store.applyConsent({ allowed: cacheableCategories(snapshot.grants, snapshot.necessaryCategories), consentVersion: snapshot.version });
}
