// The console's one way to the server: /operator/graphql, persisted documents only (their ids
// from the codegen manifest), the operator cookie sent by the browser (Path=/operator). No web
// storage, no IndexedDB, no service worker: nothing of the console outlives its tab.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

export const OPERATOR_ENDPOINT = '/operator/graphql';

/** An error the server answered with: its code from the shared list (and the field, for bad input). */
export class ConsoleError extends Error {
  constructor(
    readonly code: string,
    readonly field?: string,
  ) {
    super(code);
  }
}

export async function run<TData, TVariables>(doc: TypedDocumentNode<TData, TVariables>, variables?: TVariables): Promise<TData> {
  const meta = (doc as unknown as { __meta__?: { hash: string; operationName: string | null } }).__meta__;
  if (!meta) throw new ConsoleError('DOCUMENT_NOT_PERSISTED');
  let response: Response;
  try {
    response = await fetch(OPERATOR_ENDPOINT, {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ documentId: meta.hash, operationName: meta.operationName, variables: variables ?? {} }),
    });
  } catch {
    throw new ConsoleError('NETWORK');
  }
  const body = (await response.json().catch(() => ({}))) as { data?: TData; errors?: { extensions?: { code?: string; field?: string } }[] };
  const first = body.errors?.[0]?.extensions;
  if (first || !body.data) throw new ConsoleError(first?.code ?? 'INTERNAL_SERVER_ERROR', first?.field);
  return body.data;
}
