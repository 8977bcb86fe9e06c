// One Apollo Server setup for both endpoints (/graphql and /operator/graphql): graphql-armor's
// limits (and graphql-js's own token limit while parsing), CSRF prevention, no batching, no
// automatic persisted queries, errors that repeat nothing they were sent, unexpected errors logged,
// introspection decided per request. Each endpoint adds its own plugins.
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import { liftRedundantChecks } from '../../authz/field-authorization.js';
import type { Config } from '../../config/config.js';
import type { AppContext } from '../../schema/modules.js';
import { apolloLogger } from './apollo-logger.js';
import { createFormatError } from './format-error.js';
import { compiledExecution } from './compiled-execution.js';
import { inputErrorsPlugin } from './input-errors.plugin.js';
import { introspectionPlugin } from './introspection.plugin.js';
import { unexpectedErrorsPlugin } from './unexpected-errors.plugin.js';

export async function startApolloServer(app: FastifyInstance, config: Config, schema: GraphQLSchema, plugins: ApolloServerPlugin<AppContext>[]): Promise<ApolloServer<AppContext>> {
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
    // The schema, executed as compiled code (graphql-jit); Apollo takes it through its gateway hook.
    // Each operation is compiled without the field checks its own shape makes redundant.
    gateway: compiledExecution(schema, liftRedundantChecks),
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
      // Every answer is `no-store`: cache hints would serve nothing, and the cache-control plugin
      // wraps every field's resolver to collect them (measured: ~2 % of a partner read's CPU).
      ApolloServerPluginCacheControlDisabled(),
      // GraphiQL has its own route; Apollo's landing page is never served.
      ApolloServerPluginLandingPageDisabled(),
      fastifyApolloDrainPlugin(app),
      inputErrorsPlugin(schema),
      introspectionPlugin({ production: config.production, developerKey: config.developerKey, schema }),
      unexpectedErrorsPlugin(app.log),
      ...plugins,
    ],
  });
  await apollo.start();
  return apollo;
}
