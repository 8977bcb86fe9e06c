/// <reference lib="webworker" />
// GraphQL over the service worker: queries go network-first (3 s), answers are kept encrypted
// in IndexedDB when their categories allow it, and served from there when the network fails.
import { offlineStore, type Epoch } from '../data/offline-store';
import { syncOfflineCache } from '../data/server-reconcile';
import { CloseAccountDocument, DevelopmentSmsCodeDocument, SignOutDocument } from '../gql/graphql';
import {
  GRAPHQL_PATH,
  OFFLINE_ANSWER,
  OFFLINE_HEADER,
  operationMetaOf,
  type GraphQLResponseBody,
  type OfflineExtension,
  type PersistedRequest,
} from '../sw-bridge/protocol';
import { operationById } from './operations';
import { joinResponse, partDocumentId, partsOf, piecesToKeep } from './response-parts';

const NETWORK_TIMEOUT_MS = 3000;
/** Reads that must never be kept: one-time codes. */
const NEVER_CACHE = new Set([operationMetaOf(DevelopmentSmsCodeDocument).hash]);
const SIGN_OUT_ID = operationMetaOf(SignOutDocument).hash;
/** Writes that end the session: the store is purged before they leave (sign-out keeps the outbox). */
const PURGE_BEFORE_SENDING = new Set([SIGN_OUT_ID, operationMetaOf(CloseAccountDocument).hash]);

function jsonResponse(body: unknown, status: number, extraHeaders: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extraHeaders },
  });
}

let reconciling: Promise<void> | null = null;

/** A response carried a newer consent version than the store knows: read the state and apply it. */
function reconcile(): Promise<void> {
  reconciling ??= (async () => {
    try {
      await syncOfflineCache(offlineStore(), async (request) => {
        const res = await fetch(GRAPHQL_PATH, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
          body: JSON.stringify(request),
        });
        return (await res.json()) as GraphQLResponseBody<never>;
      });
    } catch {
      // Offline or failed: the next response will try again.
    } finally {
      reconciling = null;
    }
  })();
  return reconciling;
}

async function keep(request: Partial<PersistedRequest>, response: Response, epoch: Epoch): Promise<void> {
  if (!response.ok || !request.documentId) return;
  let body: GraphQLResponseBody;
  try {
    body = (await response.json()) as GraphQLResponseBody;
  } catch {
    return;
  }
  // Unlabelled responses cannot be checked against consent: deny by default.
  if (!Array.isArray(body.extensions?.dataCategories) || body.data == null) return;
  // Denied fields (null + FORBIDDEN) are part of a good answer; any other error is not kept.
  if ((body.errors ?? []).some((e) => e.extensions?.code && e.extensions.code !== 'FORBIDDEN')) return;
  const consentVersion = body.extensions?.consentVersion ?? null;
  // Nobody signed in: nothing personal to keep, and nothing kept means an empty store.
  if (consentVersion == null) return;
  // An answer of several parts is kept part by part (the frame last), so a withdrawal drops only its parts.
  const pieces = piecesToKeep(body);
  const store = offlineStore();
  let reconciled = false;
  for (const piece of pieces) {
    const input = {
      documentId: piece.part ? partDocumentId(request.documentId, piece.part) : request.documentId,
      variables: request.variables ?? {},
      operationName: request.operationName ?? null,
      categories: piece.categories,
      consentVersion,
      payload: piece.payload,
      epoch,
    };
    if ((await store.put(input)) === 'stale-policy' && !reconciled) {
      reconciled = true;
      await reconcile();
      await store.put(input);
    }
  }
}

async function fromStore(request: Partial<PersistedRequest>): Promise<Response | null> {
  const { documentId } = request;
  if (!documentId) return null;
  const store = offlineStore();
  const read = (id: string) => store.get(id, request.variables ?? {}).catch(() => null);
  const hit = await read(documentId);
  if (!hit) return null;
  const parts = partsOf(hit.payload);
  const payload = parts.length
    ? joinResponse(
        { payload: hit.payload, categories: hit.meta.categories },
        await Promise.all(parts.map(async (part) => ({ part, kept: await read(partDocumentId(documentId, part)).then((p) => p && { payload: p.payload, categories: p.meta.categories }) }))),
      )
    : hit.payload;
  const offline: OfflineExtension = { cachedAt: new Date(hit.meta.cachedAt).toISOString() };
  return jsonResponse({ ...payload, extensions: { ...(payload.extensions ?? {}), offline } }, 200, { [OFFLINE_HEADER]: offline.cachedAt });
}

export async function handleGraphQLFetch(event: FetchEvent): Promise<Response> {
  let request: Partial<PersistedRequest> = {};
  try {
    request = (await event.request.clone().json()) as Partial<PersistedRequest>;
  } catch {
    return fetch(event.request);
  }
  const id = request.documentId ?? '';
  if (operationById(id)?.operationType !== 'query') {
    // Mutations (and ids this build does not know) are never cached. Sign-out and deletion purge
    // here too, before leaving.
    if (PURGE_BEFORE_SENDING.has(id)) await offlineStore().purgeAll({ keepOutbox: id === SIGN_OUT_ID }).catch(() => undefined);
    return fetch(event.request);
  }
  if (NEVER_CACHE.has(id)) return fetch(event.request);

  // Read before the request leaves: an answer that arrives after a sign-out emptied the store is not kept.
  const epoch = await offlineStore().epoch().catch(() => undefined);
  const network = fetch(event.request);
  // Keep the answer even if it arrives after we fell back to the store.
  event.waitUntil(
    network
      .then((res) => (epoch === undefined ? undefined : keep(request, res.clone(), epoch)))
      .catch(() => undefined),
  );
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), NETWORK_TIMEOUT_MS));
  const first = await Promise.race([network.catch(() => 'error' as const), timeout]);
  if (first instanceof Response && first.status < 500) return first;

  const cached = await fromStore(request);
  if (cached) return cached;
  if (first === 'timeout') {
    try {
      return await network;
    } catch {
      // fall through to the offline answer
    }
  } else if (first instanceof Response) {
    return first;
  }
  return jsonResponse(OFFLINE_ANSWER, 503);
}
