// Trusted documents: the first-party PWA sends `documentId` (a SHA-256 from the codegen
// manifest) instead of a query text. Partners and GraphiQL send ordinary queries.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { errorBody } from '../error-body.js';
import type { HttpPart } from '../http-options.js';

const defaultManifestPath = path.resolve(import.meta.dirname, '../../../../client/src/gql/persisted-documents.json');

export type PersistedDocuments = ReadonlyMap<string, string>;

export function loadPersistedDocuments(file = defaultManifestPath): PersistedDocuments {
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    return new Map(Object.entries(manifest).map(([id, query]) => [id.startsWith('sha256:') ? id : `sha256:${id}`, query]));
  } catch {
    return new Map();
  }
}

/** Replaces a known `documentId` with its query before GraphQL sees the body; an unknown one is refused. */
export const trustedDocuments: HttpPart = async (app, { persistedDocuments }) => {
  app.addHook('preValidation', async (request, reply) => {
    if (request.method !== 'POST' || request.routeOptions.url !== '/graphql') return;
    const body = request.body as { documentId?: unknown; query?: unknown } | undefined;
    if (!body || typeof body !== 'object' || body.documentId === undefined) return;
    const query = typeof body.documentId === 'string' ? persistedDocuments.get(body.documentId) : undefined;
    if (!query) {
      return reply.code(400).send(errorBody('PERSISTED_QUERY_NOT_FOUND', 'Unknown documentId'));
    }
    body.query = query;
  });
};
