// Who is asking, decided once per request before anything else looks at it: the rate limit keys
// on it, trusted documents depend on it, and the GraphQL context reuses it. Only routes that take
// credentials (`config: { authenticate: true }`) read them; the rest are keyed by address.
import type { HttpPart } from '../http-options.js';
import { authenticateOperator } from '../operator-context.js';
import { authenticate, type Authentication } from '../request-context.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Null on routes that take no credentials. */
    authentication: Authentication | null;
  }
  interface FastifyContextConfig {
    /** The route takes credentials: resolve them before the rate limit. `operator`: the operator session cookie only. */
    authenticate?: boolean | 'operator';
  }
}

export const authentication: HttpPart = async (app, { gateway }) => {
  app.decorateRequest('authentication', null);
  app.addHook('onRequest', async (request) => {
    const takes = request.routeOptions.config.authenticate;
    if (takes === 'operator') request.authentication = await authenticateOperator(gateway, request);
    else if (takes) request.authentication = await authenticate(gateway, request);
  });
};
