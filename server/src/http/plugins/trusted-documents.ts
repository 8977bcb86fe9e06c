// Trusted documents: the first-party PWA sends `documentId` (a SHA-256 from the codegen
// manifest) instead of a query text. In production a request a person's session authenticates
// runs only those documents: a stolen cookie cannot run queries of its own. Raw documents are for
// partner tokens, the developer key (GraphiQL), and anonymous requests (which see nothing personal).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEVELOPER_KEY_HEADER, isDeveloper } from '../developer-key.js';
import { errorBody } from '../error-body.js';
import type { HttpPart } from '../http-options.js';

const defaultManifestPath = path.resolve(import.meta.dirname, '../../../../client/src/gql/persisted-documents.json');
/** The operator console's documents (client/src/operator/gql/), for /operator/graphql only. */
export const OPERATOR_MANIFEST_PATH = path.resolve(import.meta.dirname, '../../../../client/src/operator/gql/persisted-documents.json');

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
export const trustedDocuments: HttpPart = async (app, { persistedDocuments, config }) => {
  app.addHook('preValidation', async (request, reply) => {
    if (request.routeOptions.url !== '/graphql' || request.method === 'OPTIONS') return;
    const body = request.method === 'POST' ? (request.body as { documentId?: unknown; query?: unknown } | undefined) : undefined;
    if (body && typeof body === 'object' && body.documentId !== undefined) {
      const query = typeof body.documentId === 'string' ? persistedDocuments.get(body.documentId) : undefined;
      if (!query) return reply.code(400).send(errorBody('PERSISTED_QUERY_NOT_FOUND', 'Unknown documentId'));
      body.query = query;
      return;
    }
    if (config.production && request.authentication?.bySession && !isDeveloper(config.developerKey, request.headers[DEVELOPER_KEY_HEADER])) {
      return reply.code(400).send(errorBody('PERSISTED_QUERY_REQUIRED', 'A signed-in session runs the app’s own documents only: send a documentId'));
    }
  });
};
