// What the worker knows about each persisted document, from codegen's metadata (`__meta__`:
// hash, operation name and type), not from the query text: it caches reads, never writes.
import * as documents from '../gql/graphql';
import { readOperationMeta, type OperationMeta } from '../sw-bridge/protocol';

const byId: ReadonlyMap<string, OperationMeta> = new Map(
  Object.values(documents).flatMap((value) => {
    const meta = readOperationMeta(value);
    return meta ? [[meta.hash, meta] as const] : [];
  }),
);

/** The operation a request names by id, or undefined for an id this build does not know. */
export function operationById(documentId: string | undefined): OperationMeta | undefined {
  return documentId ? byId.get(documentId) : undefined;
}
