/// <reference lib="webworker" />
// GraphQL over the service worker: queries go network-first (3 s), answers are kept encrypted
// in IndexedDB when their categories allow it, and served from there when the network fails.
import { fetchConsentSnapshot, reconcileOfflineCache, type GraphQLBody } from '../data/consent-sync';
import { offlineStore, type CachedPayload } from '../data/offline-store';
import { DevelopmentSmsCodeDocument } from '../gql/graphql';
import { operationNameOf, QUERY_IDS } from './persisted-operations';

const NETWORK_TIMEOUT_MS = 3000;
/** Reads that must never be kept: one-time codes. */
const NEVER_CACHE = new Set([(DevelopmentSmsCodeDocument as unknown as { __meta__: { hash: string } }).__meta__.hash]);
const PURGE_BEFORE_SENDING = new Set(['SignOut', 'DeleteAccount']);

interface PersistedRequest {
  readonly documentId?: string;
  readonly operationName?: string | null;
  readonly variables?: Record<string, unknown>;
}

interface ResponseBody extends CachedPayload {
  readonly extensions?: { readonly dataCategories?: readonly string[]; readonly consentVersion?: number | null } & Record<string, unknown>;
}

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
      const snapshot = await fetchConsentSnapshot(async (request) => {
        const res = await fetch('/graphql', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
          body: JSON.stringify(request),
        });
        return (await res.json()) as GraphQLBody;
      });
      await reconcileOfflineCache(offlineStore(), snapshot);
    } catch {
      // Offline or failed: the next response will try again.
    } finally {
      reconciling = null;
    }
  })();
  return reconciling;
}

async function keep(request: PersistedRequest, response: Response): Promise<void> {
  if (!response.ok || !request.documentId) return;
  let body: ResponseBody;
  try {
    body = (await response.json()) as ResponseBody;
  } catch {
    return;
  }
  const categories = body.extensions?.dataCategories;
  // Unlabelled responses cannot be checked against consent: deny by default.
  if (!Array.isArray(categories) || body.data == null) return;
  const codes = (body.errors ?? []).map((e) => (e as { extensions?: { code?: string } }).extensions?.code);
  if (codes.some((c) => c && c !== 'FORBIDDEN')) return;
  const consentVersion = body.extensions?.consentVersion ?? null;
  // Nobody signed in: nothing personal to keep, and nothing kept means an empty store.
  if (consentVersion == null) return;
  const input = {
    documentId: request.documentId,
    variables: request.variables ?? {},
    operationName: request.operationName ?? null,
    categories,
    consentVersion,
    payload: { data: body.data, errors: body.errors, extensions: body.extensions },
  };
  const store = offlineStore();
  let result = await store.put(input);
  if (result === 'stale-policy') {
    await reconcile();
    result = await store.put(input);
  }
}

async function fromStore(request: PersistedRequest): Promise<Response | null> {
  if (!request.documentId) return null;
  const hit = await offlineStore().get(request.documentId, request.variables ?? {}).catch(() => null);
  if (!hit) return null;
  const cachedAt = new Date(hit.meta.cachedAt).toISOString();
  return jsonResponse(
    { ...hit.payload, extensions: { ...(hit.payload.extensions ?? {}), offline: { cachedAt } } },
    200,
    { 'x-shebao-offline': cachedAt },
  );
}

export async function handleGraphQLFetch(event: FetchEvent): Promise<Response> {
  let request: PersistedRequest = {};
  try {
    request = (await event.request.clone().json()) as PersistedRequest;
  } catch {
    return fetch(event.request);
  }
  const id = request.documentId ?? '';
  if (!QUERY_IDS.has(id)) {
    // Mutations are never cached. Sign-out and deletion purge here too, before leaving.
    const name = operationNameOf(id);
    if (name && PURGE_BEFORE_SENDING.has(name)) {
      await offlineStore().purgeAll({ keepOutbox: name === 'SignOut' }).catch(() => undefined);
    }
    return fetch(event.request);
  }
  if (NEVER_CACHE.has(id)) return fetch(event.request);

  const network = fetch(event.request);
  // Keep the answer even if it arrives after we fell back to the store.
  event.waitUntil(
    network
      .then((res) => keep(request, res.clone()))
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
  return jsonResponse({ data: null, errors: [{ message: 'offline', extensions: { code: 'OFFLINE' } }] }, 503);
}
