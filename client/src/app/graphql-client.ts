// Sends operations by their persisted id only. The session is an HttpOnly cookie; page code
// never sees a token. Reads may be answered from the offline store by the service worker, which
// marks such answers with extensions.offline.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

export interface OperationMeta {
  readonly hash: string;
  readonly operationName: string | null;
  readonly operationType: string;
}

export interface GraphQLErrorShape {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string; readonly category?: string; readonly reason?: string };
}

export interface ResultMeta {
  readonly categories: readonly string[];
  readonly consentVersion: number | null;
  /** Set when the service worker answered from the offline store. */
  readonly offline: { readonly cachedAt: string } | null;
}

export interface OperationResult<TData> {
  readonly data: TData | null;
  readonly errors: readonly GraphQLErrorShape[];
  readonly meta: ResultMeta;
}

/** The request never reached the server (offline, DNS, server down without a cached answer). */
export class NetworkError extends Error {
  readonly code = 'NETWORK';
}

export function operationMeta(doc: TypedDocumentNode<unknown, never> | object): OperationMeta {
  const meta = (doc as { __meta__?: OperationMeta }).__meta__;
  if (!meta?.hash) throw new Error('DOCUMENT_NOT_PERSISTED');
  return meta;
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
  const meta = operationMeta(doc as object);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  };
  if (options.networkOnly) headers['x-shebao-cache'] = 'network-only';
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers,
      body: JSON.stringify({ documentId: meta.hash, operationName: meta.operationName, variables: variables ?? {} }),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new NetworkError('network');
  }
  let body: {
    data?: TData | null;
    errors?: GraphQLErrorShape[];
    extensions?: { dataCategories?: string[]; consentVersion?: number | null; offline?: { cachedAt: string } };
  };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    if (response.status >= 500) throw new NetworkError(`http ${response.status}`);
    body = { errors: [{ message: `HTTP ${response.status}`, extensions: { code: `HTTP_${response.status}` } }] };
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

export function errorCode(errors: readonly GraphQLErrorShape[]): string | null {
  const first = errors.find((e) => e.extensions?.code !== 'FORBIDDEN') ?? errors[0];
  return first?.extensions?.code ?? (first ? 'generic' : null);
}

/** Errors for denied fields (null + FORBIDDEN), keyed by category. */
export function forbiddenCategories(errors: readonly GraphQLErrorShape[]): string[] {
  return [...new Set(errors.filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.extensions?.category ?? ''))].filter(Boolean);
}

/** Runs a mutation and throws a coded error for anything but success. */
export class OperationError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export async function mutate<TData, TVariables>(
  doc: TypedDocumentNode<TData, TVariables>,
  variables?: TVariables,
): Promise<TData> {
  const result = await execute(doc, variables);
  const code = errorCode(result.errors);
  if (code || result.data == null) throw new OperationError(code ?? 'generic');
  return result.data;
}
