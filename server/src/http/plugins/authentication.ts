// Who is asking, decided once per request before anything else looks at it: the rate limit keys
// on it, trusted documents depend on it, and the GraphQL context reuses it. Only routes that take
// credentials (`config: { authenticate: true }`) read them; the rest are keyed by address.
import type { HttpPart } from '../http-options.js';
import { authenticate, type Authentication } from '../request-context.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Null on routes that take no credentials. */
    authentication: Authentication | null;
  }
  interface FastifyContextConfig {
    /** The route takes credentials: resolve them before the rate limit. */
    authenticate?: boolean;
  }
}

export const authentication: HttpPart = async (app, { gateway }) => {
  app.decorateRequest('authentication', null);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.authenticate) request.authentication = await authenticate(gateway, request);
  });
};
