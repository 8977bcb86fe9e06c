// The page ↔ service worker protocol, in one file that both sides import (and neither imports
// the other): server routes, header names, the GraphQL request and response shapes with the
// offline extension, the messages a page posts to the worker, and the notices every context
// broadcasts about the offline store. Types and constants only, plus two small readers.
import type { ErrorCode, ExtensionsOf } from '@shebao/vocabulary';

// ---- routes ----

/** Where GraphQL is served; the worker answers POSTs here. */
export const GRAPHQL_PATH = '/graphql';
/** Server routes: the worker never answers them with the app shell; the dev server proxies them. */
export const SERVER_ROUTE_PREFIXES = ['/graphql', '/graphiql', '/oauth', '/.well-known', '/healthz', '/readyz'] as const;
/** The operator console: the worker never answers its navigations (no shell, nothing offline). */
export const OPERATOR_CONSOLE_PREFIX = '/operator';

// ---- headers ----

/** Request header: `network-only` makes the worker step aside (consent checks, one-time codes). */
export const CACHE_MODE_HEADER = 'x-shebao-cache';
export const NETWORK_ONLY = 'network-only';
/** Response header on answers from the offline store: when the answer was kept (ISO time). */
export const OFFLINE_HEADER = 'x-shebao-offline';

// ---- operations ----

export type OperationType = 'query' | 'mutation' | 'subscription';

/** What codegen attaches to every document (`__meta__`): the bundle carries no query text. */
export interface OperationMeta {
  readonly hash: string;
  readonly operationName: string | null;
  readonly operationType: OperationType;
}

/** The codegen metadata of a document, or null for anything else. */
export function readOperationMeta(value: unknown): OperationMeta | null {
  const meta = (value as { __meta__?: Partial<OperationMeta> } | null)?.__meta__;
  return typeof meta?.hash === 'string' ? (meta as OperationMeta) : null;
}

/** Same, for a document that must have been persisted. */
export function operationMetaOf(document: object): OperationMeta {
  const meta = readOperationMeta(document);
  if (!meta) throw new Error('DOCUMENT_NOT_PERSISTED');
  return meta;
}

/** Every GraphQL request body: a persisted document's id, never its text. */
export interface PersistedRequest {
  readonly documentId: string;
  readonly operationName: string | null;
  readonly variables: Readonly<Record<string, unknown>>;
}

export function persistedRequest(meta: OperationMeta, variables: object = {}): PersistedRequest {
  return { documentId: meta.hash, operationName: meta.operationName, variables: variables as Record<string, unknown> };
}

// ---- responses ----

/** `extensions` of an error: the code decides what else it carries (the shared list). */
export type ErrorExtensionsUnion = { [C in ErrorCode]: ExtensionsOf<C> }[ErrorCode];

export interface GraphQLError {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: ErrorExtensionsUnion;
}

/** Set by the worker on an answer from the offline store. */
export interface OfflineExtension {
  readonly cachedAt: string;
}

export interface ResponseExtensions {
  /** The categories the answer contains (the server's label; unlabelled answers are never kept). */
  readonly dataCategories?: readonly string[];
  /** For a query of several parts: each part's categories (`me.balances`; '' for the rest), kept apart offline. */
  readonly dataCategoryParts?: Readonly<Record<string, readonly string[]>>;
  /** The subject's consent version when the server answered; null when nobody is signed in. */
  readonly consentVersion?: number | null;
  readonly offline?: OfflineExtension;
}

export interface GraphQLResponseBody<TData = unknown> {
  readonly data?: TData | null;
  readonly errors?: readonly GraphQLError[];
  readonly extensions?: ResponseExtensions;
}

/** The worker's answer when neither the network nor the offline store has one (status 503). */
export const OFFLINE_ANSWER: GraphQLResponseBody<null> = { data: null, errors: [{ message: 'offline', extensions: { code: 'OFFLINE' } }] };

// ---- page → worker messages (the worker replies on the transferred port) ----

export type PageMessage =
  /** Sent by workbox-window when the person accepts an update. */
  | { readonly type: 'SKIP_WAITING' }
  /** null: every personal category. */
  | { readonly type: 'PURGE'; readonly categories: readonly string[] | null }
  | { readonly type: 'PURGE_ALL'; readonly keepOutbox: boolean };

export interface WorkerReply {
  readonly ok: boolean;
}

export function isPageMessage(value: unknown): value is PageMessage {
  const m = value as { type?: unknown; categories?: unknown; keepOutbox?: unknown } | null;
  if (m == null || typeof m !== 'object') return false;
  switch (m.type) {
    case 'SKIP_WAITING':
      return true;
    case 'PURGE':
      return m.categories === null || (Array.isArray(m.categories) && m.categories.every((c) => typeof c === 'string'));
    case 'PURGE_ALL':
      return typeof m.keepOutbox === 'boolean';
    default:
      return false;
  }
}

// ---- notices about the offline store, broadcast to every tab and the worker ----

/** BroadcastChannel name; a sender's own listeners receive its notices too (separate objects). */
export const STORE_CHANNEL = 'shebao-cache';

export type StoreNotice =
  | { readonly type: 'purged'; readonly scope: 'all'; readonly at: number }
  | { readonly type: 'purged'; readonly scope: 'categories'; readonly categories: readonly string[]; readonly at: number }
  | { readonly type: 'policy'; readonly consentVersion: number | null; readonly allowed: readonly string[]; readonly at: number }
  | { readonly type: 'outbox'; readonly pending: number; readonly at: number }
  /** Withdrawals made offline have reached the server (the screen says 「已同步」). */
  | { readonly type: 'synced'; readonly withdrawals: number; readonly at: number };
