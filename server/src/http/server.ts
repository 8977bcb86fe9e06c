// The one HTTP process, as a list: each plugin and route is a file of its own, registered in this
// order (hooks and the rate limit apply to what comes after them).
import Fastify, { type FastifyInstance } from 'fastify';
import type { HttpOptions, HttpPart } from './http-options.js';
import { authentication } from './plugins/authentication.js';
import { cookies } from './plugins/cookies.js';
import { databaseGate } from './plugins/database-gate.js';
import { errorHandler } from './plugins/error-handler.js';
import { graphql } from './plugins/graphql.js';
import { rateLimit } from './plugins/rate-limit.js';
import { securityHeaders } from './plugins/security-headers.js';
import { trustedDocuments } from './plugins/trusted-documents.js';
import { clientApp } from './routes/client-app.route.js';
import { graphiql } from './routes/graphiql.route.js';
import { health } from './routes/health.route.js';
import { jwks } from './routes/jwks.route.js';
import { oauthRoute } from './routes/oauth.route.js';

// Authentication comes before the rate limit, which keys on who is asking. Every route after
// `rateLimit` is limited (health probes opt out), partner OAuth's `oauthRoute` included, so the
// limit holds on /oauth/token too.
const PARTS: readonly HttpPart[] = [
  errorHandler,
  databaseGate,
  cookies,
  securityHeaders,
  authentication,
  rateLimit,
  oauthRoute,
  trustedDocuments,
  graphql,
  health,
  jwks,
  graphiql,
  clientApp,
];

export async function createHttpServer(options: HttpOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    // Request logs carry method, route and status; never bodies, headers, query strings, addresses
    // or a path no route matched (it could be anything a client typed).
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            serializers: { req: (req) => ({ method: req.method, url: req.routeOptions?.url ?? '(no route)' }) },
            ...(options.logDestination && { stream: options.logDestination }),
          },
    genReqId: () => crypto.randomUUID(),
  });
  for (const part of PARTS) await part(app, options);
  return app;
}
