// /graphql: Apollo Server behind graphql-armor's limits, with the authorization layer's response
// plugin, introspection closed in production, unexpected errors logged, and no caching.
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { authorizationPlugin } from '../../authz/authorization.plugin.js';
import type { AppContext } from '../../schema/modules.js';
import { formatError } from '../apollo/format-error.js';
import { introspectionPlugin } from '../apollo/introspection.plugin.js';
import { unexpectedErrorsPlugin } from '../apollo/unexpected-errors.plugin.js';
import type { HttpPart } from '../http-options.js';
import { createRequestContext } from '../request-context.js';

export const graphql: HttpPart = async (app, { config, schema, gateway, accessLog }) => {
  const limits = config.graphqlLimits;
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    maxTokens: { n: limits.maxTokens },
    maxDirectives: { n: limits.maxDirectives },
    costLimit: { maxCost: limits.maxCost },
    blockFieldSuggestion: { enabled: config.production },
  });
  const protection = armor.protect();
  const apollo = new ApolloServer<AppContext>({
    schema,
    logger: app.log,
    // Introspection is decided per request (developer credential in production): see introspectionPlugin.
    introspection: true,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    formatError,
    validationRules: protection.validationRules,
    plugins: [
      // graphql-armor is typed against Apollo's CommonJS build; the plugins are the same objects.
      ...(protection.plugins as unknown as ApolloServerPlugin<AppContext>[]),
      fastifyApolloDrainPlugin(app),
      introspectionPlugin({ production: config.production, developerKey: config.developerKey, schema }),
      unexpectedErrorsPlugin(app.log),
      authorizationPlugin({ db: gateway.db, accessLog }),
    ],
  });
  await apollo.start();

  app.addHook('onSend', async (request, reply) => {
    if (request.routeOptions.url === '/graphql') reply.header('Cache-Control', 'no-store');
  });
  await app.register(fastifyApollo(apollo), { context: (request, reply) => createRequestContext(gateway, request, reply) });
};
