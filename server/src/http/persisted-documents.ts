// Trusted documents: the first-party PWA sends `documentId` (a SHA-256 from the codegen
// manifest) instead of a query text. Partners and GraphiQL send ordinary queries.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const defaultManifestPath = path.resolve(import.meta.dirname, '../../../client/src/gql/persisted-documents.json');

export type PersistedDocuments = ReadonlyMap<string, string>;

export function loadPersistedDocuments(file = defaultManifestPath): PersistedDocuments {
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    return new Map(Object.entries(manifest).map(([id, query]) => [id.startsWith('sha256:') ? id : `sha256:${id}`, query]));
  } catch {
    return new Map();
  }
}
