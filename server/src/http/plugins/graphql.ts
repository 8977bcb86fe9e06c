// /graphql: Apollo Server (apollo/apollo-server.ts: limits, error shaping, introspection closed in
// production) with the authorization layer's response plugin, and no caching.
import { fastifyApolloHandler } from '@as-integrations/fastify';
import { authorizationPlugin } from '../../authz/authorization.plugin.js';
import { isDatabaseTransient } from '../../db/availability.js';
import { unavailableError } from '../../lib/errors.js';
import { startApolloServer } from '../apollo/apollo-server.js';
import { databaseUnavailablePlugin } from '../apollo/database-unavailable.plugin.js';
import type { HttpPart } from '../http-options.js';
import { createRequestContext } from '../request-context.js';

export const graphql: HttpPart = async (app, { config, schema, gateway, accessLog, availability }) => {
  const apollo = await startApolloServer(app, config, schema, [databaseUnavailablePlugin(availability), authorizationPlugin({ db: gateway.db, accessLog })]);

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
