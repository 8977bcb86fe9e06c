// /graphql: Apollo Server (apollo/apollo-server.ts: limits, error shaping, introspection closed in
// production) with the authorization layer's response plugin, and no caching.
import { fastifyApolloHandler } from '@as-integrations/fastify';
import { authorizationPlugin } from '../../authz/authorization.plugin.js';
import { startApolloServer } from '../apollo/apollo-server.js';
import type { HttpPart } from '../http-options.js';
import { createRequestContext } from '../request-context.js';

export const graphql: HttpPart = async (app, { config, schema, gateway, accessLog }) => {
  const apollo = await startApolloServer(app, config, schema, [authorizationPlugin({ db: gateway.db, accessLog })]);

  app.addHook('onSend', async (request, reply) => {
    if (request.routeOptions.url === '/graphql') reply.header('Cache-Control', 'no-store');
  });
  app.route({
    method: ['GET', 'POST', 'OPTIONS'],
    url: '/graphql',
    // Credentials are resolved before the rate limit, which keys on who is asking.
    config: { authenticate: true },
    handler: fastifyApolloHandler(apollo, { context: (request, reply) => createRequestContext(gateway, request, reply) }),
  });
};
