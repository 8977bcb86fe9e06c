// /graphql: Apollo Server behind graphql-armor's limits (and graphql-js's own token limit while
// parsing), with the authorization layer's response plugin, introspection closed in production,
// client errors that repeat nothing they were sent, unexpected errors logged, and no caching.
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { authorizationPlugin } from '../../authz/authorization.plugin.js';
import { isDatabaseTransient } from '../../db/availability.js';
import { unavailableError } from '../../lib/errors.js';
import type { AppContext } from '../../schema/modules.js';
import { apolloLogger } from '../apollo/apollo-logger.js';
import { databaseUnavailablePlugin } from '../apollo/database-unavailable.plugin.js';
import { createFormatError } from '../apollo/format-error.js';
import { inputErrorsPlugin } from '../apollo/input-errors.plugin.js';
import { introspectionPlugin } from '../apollo/introspection.plugin.js';
import { unexpectedErrorsPlugin } from '../apollo/unexpected-errors.plugin.js';
import type { HttpPart } from '../http-options.js';
import { createRequestContext } from '../request-context.js';

export const graphql: HttpPart = async (app, { config, schema, gateway, accessLog, availability }) => {
  const limits = config.graphqlLimits;
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    costLimit: { maxCost: limits.maxCost },
    // Armor's token limit re-parses the document in a hook and throws from it (an HTTP 500);
    // graphql-js counts tokens itself while parsing (parseOptions below), which is a 400.
    maxTokens: { enabled: false },
    // Its mask misses enum-value suggestions; format-error.ts removes every kind in production.
    blockFieldSuggestion: { enabled: false },
  });
  const protection = armor.protect();
  const apollo = new ApolloServer<AppContext>({
    schema,
    logger: apolloLogger(app.log),
    // Introspection is decided per request (developer credential in production): see introspectionPlugin.
    introspection: true,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Automatic persisted queries would let anyone store documents; trusted documents are ours only.
    persistedQueries: false,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: config.production,
    parseOptions: { maxTokens: limits.maxTokens },
    formatError: createFormatError({ production: config.production }),
    validationRules: protection.validationRules,
    plugins: [
      // graphql-armor is typed against Apollo's CommonJS build; the plugins are the same objects.
      ...(protection.plugins as unknown as ApolloServerPlugin<AppContext>[]),
      fastifyApolloDrainPlugin(app),
      inputErrorsPlugin(schema),
      introspectionPlugin({ production: config.production, developerKey: config.developerKey, schema }),
      unexpectedErrorsPlugin(app.log),
      databaseUnavailablePlugin(availability),
      authorizationPlugin({ db: gateway.db, accessLog }),
    ],
  });
  await apollo.start();

  app.addHook('onSend', async (request, reply) => {
    if (request.routeOptions.url === '/graphql') reply.header('Cache-Control', 'no-store');
  });
  app.route({
    method: ['GET', 'POST', 'OPTIONS'],
    url: '/graphql',
    // Credentials are resolved before the rate limit, which keys on who is asking.
    config: { authenticate: true },
    handler: fastifyApolloHandler(apollo, {
      // Apollo answers a failed context with 500 unless the error names its status.
      context: (request, reply) => createRequestContext(gateway, request, reply).catch((error: unknown) => {
        if (isDatabaseTransient(error)) {
          availability.observe(error);
          throw unavailableError();
        }
        throw error;
      }),
    }),
  });
};
