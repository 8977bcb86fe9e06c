// /operator/graphql: the operator console's own Apollo Server over its own schema (the operators'
// resolvers only; nothing of /graphql is reachable here and nothing of this there). Same limits,
// error shaping and logging as the gateway; the operator session cookie is the only credential;
// in production an operator runs only the console's own documents (trusted documents); every
// operation an operator runs is written to the operator audit log.
import type { ApolloServerPlugin } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import { Kind } from 'graphql';
import type { AppContext } from '../../schema/modules.js';
import { startApolloServer } from '../apollo/apollo-server.js';
import { DEVELOPER_KEY_HEADER, isDeveloper } from '../developer-key.js';
import { errorBody } from '../error-body.js';
import type { HttpPart } from '../http-options.js';
import { authenticateOperator } from '../operator-context.js';
import { callerOf, contextFor } from '../request-context.js';

export const OPERATOR_GRAPHQL_PATH = '/operator/graphql';

/** Each operation an operator runs becomes an `operation` entry (name, type, root fields, outcome); mutations also write their own. */
function operatorAuditPlugin(): ApolloServerPlugin<AppContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, operationName, errors }) {
          const principal = contextValue.principal;
          if (principal.kind !== 'operator' || !operation) return;
          const rootFields = operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
          const codes = [...new Set((errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
          await contextValue.services.operatorAudit.record({
            operatorId: principal.operatorId,
            action: 'operation',
            target: null,
            detail: { operationName: operationName ?? null, type: operation.operation, rootFields, errors: codes },
          });
        },
      };
    },
  };
}

export const operatorGraphql: HttpPart = async (app, { config, gateway, operator }) => {
  const apollo = await startApolloServer(app, config, operator.schema, [operatorAuditPlugin()]);

  app.addHook('onSend', async (request, reply) => {
    if (request.routeOptions.url === OPERATOR_GRAPHQL_PATH) reply.header('Cache-Control', 'no-store');
  });
  // Trusted documents: the console sends `documentId`s from its own manifest; in production an
  // operator session runs nothing else (a stolen cookie cannot run queries of its own).
  app.addHook('preValidation', async (request, reply) => {
    if (request.routeOptions.url !== OPERATOR_GRAPHQL_PATH || request.method === 'OPTIONS') return;
    const body = request.method === 'POST' ? (request.body as { documentId?: unknown; query?: unknown } | undefined) : undefined;
    if (body && typeof body === 'object' && body.documentId !== undefined) {
      const query = typeof body.documentId === 'string' ? operator.persistedDocuments.get(body.documentId) : undefined;
      if (!query) return reply.code(400).send(errorBody('PERSISTED_QUERY_NOT_FOUND', 'Unknown documentId'));
      body.query = query;
      return;
    }
    if (config.production && !isDeveloper(config.developerKey, request.headers[DEVELOPER_KEY_HEADER])) {
      return reply.code(400).send(errorBody('PERSISTED_QUERY_REQUIRED', 'The operator endpoint runs the console’s own documents only: send a documentId'));
    }
  });
  app.route({
    method: ['GET', 'POST', 'OPTIONS'],
    url: OPERATOR_GRAPHQL_PATH,
    config: { authenticate: 'operator' },
    handler: fastifyApolloHandler(apollo, {
      context: async (request, reply) => {
        const authentication = request.authentication ?? (await authenticateOperator(gateway, request));
        if (authentication.refusal) throw authentication.refusal;
        return contextFor(gateway, authentication.principal, request.id, callerOf(request), reply);
      },
    }),
  });
};
