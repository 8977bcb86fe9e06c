// Reconciles the offline cache with the consent state on the server. Shared by the page and
// the service worker; both pass their own way of sending a GraphQL request.
import { CacheConsentStateDocument } from '../gql/graphql';
import { cacheableCategories, type ConsentGrantLike } from './cache-policy';
import type { ApplyConsentResult, OfflineStore } from './offline-store';

export interface ConsentSnapshot {
  readonly version: number;
  /** Processed for the service without a grant (the notice says why). */
  readonly necessaryCategories?: readonly string[];
  readonly grants: readonly ConsentGrantLike[];
}

export interface GraphQLBody {
  readonly data?: { readonly me?: { readonly consents?: ConsentSnapshot | null } | null } | null;
  readonly errors?: readonly unknown[];
}

/** Sends {documentId, operationName, variables} over the network only and returns the JSON body. */
export type PostPersisted = (request: { documentId: string; operationName: string; variables: Record<string, never> }) => Promise<GraphQLBody>;

const meta = (CacheConsentStateDocument as unknown as { __meta__: { hash: string } }).__meta__;
export const CACHE_CONSENT_DOCUMENT_ID = meta.hash;

export async function fetchConsentSnapshot(post: PostPersisted): Promise<ConsentSnapshot | 'signed-out' | null> {
  const body = await post({ documentId: CACHE_CONSENT_DOCUMENT_ID, operationName: 'CacheConsentState', variables: {} });
  if (body.data && body.data.me === null) return 'signed-out';
  return body.data?.me?.consents ?? null;
}

/**
 * Applies a consent snapshot: what is no longer consented for SERVICE and LOCAL_CACHE goes.
 * Signed out (the session ended, possibly elsewhere): everything personal goes.
 */
export async function reconcileOfflineCache(
  store: OfflineStore,
  snapshot: ConsentSnapshot | 'signed-out' | null,
): Promise<ApplyConsentResult | null> {
  if (snapshot == null) return null;
  if (snapshot === 'signed-out') {
    const policy = await store.getPolicy();
    const personal = (await store.listEntries()).some((e) => e.categories.length > 0);
    if (policy.consentVersion != null || personal) await store.purgeAll({ keepOutbox: true });
    return null;
  }
  return store.applyConsent({ allowed: cacheableCategories(snapshot.grants, snapshot.necessaryCategories), consentVersion: snapshot.version });
}
