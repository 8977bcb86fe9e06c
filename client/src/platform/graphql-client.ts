// Sends operations by their persisted id only. The session is an HttpOnly cookie; page code
// never sees a token. Reads may be answered from the offline store by the service worker, which
// marks such answers with extensions.offline (sw-bridge/protocol.ts).
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { isErrorCode, type ErrorCode } from '@shebao/vocabulary';
import {
  CACHE_MODE_HEADER,
  GRAPHQL_PATH,
  NETWORK_ONLY,
  operationMetaOf,
  persistedRequest,
  type ErrorExtensionsUnion,
  type GraphQLError,
  type GraphQLResponseBody,
  type OfflineExtension,
  type OperationMeta,
} from '../sw-bridge/protocol';

export type { GraphQLError } from '../sw-bridge/protocol';

export interface ResultMeta {
  readonly categories: readonly string[];
  readonly consentVersion: number | null;
  /** Set when the service worker answered from the offline store. */
  readonly offline: OfflineExtension | null;
}

export interface OperationResult<TData> {
  readonly data: TData | null;
  readonly errors: readonly GraphQLError[];
  readonly meta: ResultMeta;
}

/** The request never reached the server (offline, DNS, server down without a cached answer). */
export class NetworkError extends Error {
  readonly code = 'NETWORK';
}

/** An operation answered with an error (or without data): `code` is one from the shared list. */
export class OperationError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** What the error carries besides its code (typed per code), when the server sent it. */
    readonly extensions?: ErrorExtensionsUnion,
  ) {
    super(code);
  }
}

/** A code from the shared list; anything else counts as the server's own failure. */
function knownCode(value: unknown): ErrorCode {
  return isErrorCode(value) ? value : 'INTERNAL_SERVER_ERROR';
}

/** The code to show a person for something thrown by execute, mutate or an action. */
export function errorCodeOf(error: unknown): ErrorCode {
  if (error instanceof NetworkError) return 'NETWORK';
  if (error instanceof OperationError) return error.code;
  return 'INTERNAL_SERVER_ERROR';
}

type ResultListener = (result: OperationResult<unknown>, meta: OperationMeta) => void;
const listeners = new Set<ResultListener>();

/** Every result passes here: the consent-version watch hangs off this. */
export function onResult(listener: ResultListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface ExecuteOptions {
  /** Bypass the offline store entirely (consent checks, one-time codes). */
  readonly networkOnly?: boolean;
  readonly signal?: AbortSignal;
}

export async function execute<TData, TVariables>(
  doc: TypedDocumentNode<TData, TVariables>,
  variables?: TVariables,
  options: ExecuteOptions = {},
): Promise<OperationResult<TData>> {
  const meta = operationMetaOf(doc);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  };
  if (options.networkOnly) headers[CACHE_MODE_HEADER] = NETWORK_ONLY;
  let response: Response;
  try {
    response = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      credentials: 'same-origin',
      headers,
      body: JSON.stringify(persistedRequest(meta, (variables ?? {}) as object)),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new NetworkError('network');
  }
  let body: GraphQLResponseBody<TData>;
  try {
    body = (await response.json()) as GraphQLResponseBody<TData>;
  } catch {
    if (response.status >= 500) throw new NetworkError(`http ${response.status}`);
    body = { errors: [{ message: `HTTP ${response.status}`, extensions: { code: 'BAD_REQUEST' } }] };
  }
  const result: OperationResult<TData> = {
    data: body.data ?? null,
    errors: body.errors ?? [],
    meta: {
      categories: body.extensions?.dataCategories ?? [],
      consentVersion: body.extensions?.consentVersion ?? null,
      offline: body.extensions?.offline ?? null,
    },
  };
  if (result.errors.some((e) => e.extensions?.code === 'OFFLINE') && result.data == null) {
    throw new NetworkError('offline');
  }
  for (const l of listeners) l(result as OperationResult<unknown>, meta);
  return result;
}

/** The error that speaks for an answer: the first that is not a denied field, else the first. */
function leadingError(errors: readonly GraphQLError[]): GraphQLError | undefined {
  return errors.find((e) => e.extensions?.code !== 'FORBIDDEN') ?? errors[0];
}

/** The code of the leading error, or null without errors. */
export function errorCode(errors: readonly GraphQLError[]): ErrorCode | null {
  const first = leadingError(errors);
  return first ? knownCode(first.extensions?.code) : null;
}

/** The categories of denied fields (null + FORBIDDEN). */
export function forbiddenCategories(errors: readonly GraphQLError[]): string[] {
  const categories = errors.flatMap((e) => (e.extensions?.code === 'FORBIDDEN' && e.extensions.category ? [e.extensions.category] : []));
  return [...new Set(categories)];
}

/** Runs a mutation and throws a coded error for anything but success. */
export async function mutate<TData, TVariables>(doc: TypedDocumentNode<TData, TVariables>, variables?: TVariables): Promise<TData> {
  const result = await execute(doc, variables);
  const first = leadingError(result.errors);
  if (first) {
    const code = knownCode(first.extensions?.code);
    throw new OperationError(code, first.extensions?.code === code ? first.extensions : undefined);
  }
  if (result.data == null) throw new OperationError('INTERNAL_SERVER_ERROR');
  return result.data;
}
