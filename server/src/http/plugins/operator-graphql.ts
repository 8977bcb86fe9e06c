// /operator/graphql: the operator console's own Apollo Server over its own schema (the operators'
// resolvers only; nothing of /graphql is reachable here and nothing of this there). Same limits,
// error shaping and logging as the gateway; the operator session cookie is the only credential;
// in production an operator runs only the console's own documents (trusted documents); every
// operation an operator runs is written to the operator audit log.
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { Kind } from 'graphql';
import type { AppContext } from '../../schema/modules.js';
import { apolloLogger } from '../apollo/apollo-logger.js';
import { createFormatError } from '../apollo/format-error.js';
import { inputErrorsPlugin } from '../apollo/input-errors.plugin.js';
import { introspectionPlugin } from '../apollo/introspection.plugin.js';
import { unexpectedErrorsPlugin } from '../apollo/unexpected-errors.plugin.js';
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
  const limits = config.graphqlLimits;
  const schema = operator.schema;
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    costLimit: { maxCost: limits.maxCost },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  const protection = armor.protect();
  const apollo = new ApolloServer<AppContext>({
    schema,
    logger: apolloLogger(app.log),
    introspection: true,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    persistedQueries: false,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: config.production,
    parseOptions: { maxTokens: limits.maxTokens },
    formatError: createFormatError({ production: config.production }),
    validationRules: protection.validationRules,
    plugins: [
      ...(protection.plugins as unknown as ApolloServerPlugin<AppContext>[]),
      fastifyApolloDrainPlugin(app),
      inputErrorsPlugin(schema),
      introspectionPlugin({ production: config.production, developerKey: config.developerKey, schema }),
      unexpectedErrorsPlugin(app.log),
      operatorAuditPlugin(),
    ],
  });
  await apollo.start();

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
