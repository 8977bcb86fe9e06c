// Mounts the partner authorization server under /oauth as ordinary Fastify routes (no middie), so
// route plugins such as @fastify/rate-limit apply to it. Provider routes take the raw request:
// their scope has no body parsers, and each handler hijacks the reply, strips the prefix and hands
// the request to the provider. The interaction backend is a sibling scope with JSON bodies.
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { InteractionError, OAUTH_PREFIX, OAuthInteractions, type OAuthConsentPort, type OAuthServer } from '../../modules/partners/index.js';
import { AppError } from '../../lib/errors.js';
import type { HttpPart } from '../http-options.js';

export type OAuthRouteOptions = {
  oauth: OAuthServer;
  consent: OAuthConsentPort;
  /** The PWA's consent page; `/oauth/interaction/<uid>` sends the browser to `<path>/<uid>`. */
  consentPagePath?: string;
  /** Per-route rate limit for the provider's endpoints (@fastify/rate-limit `config.rateLimit`). */
  rateLimit?: Record<string, unknown>;
};

const UID = '^[A-Za-z0-9_-]{10,64}$';
/** RFC 8414 §3: metadata of an issuer with a path is at the path-inserted well-known URL. */
const RFC8414_PATH = `/.well-known/oauth-authorization-server${OAUTH_PREFIX}`;

type RawWithOriginal = IncomingMessage & { originalUrl?: string };

/** The product's mount: after the rate limit in http/server.ts's list, so the limit holds on /oauth/token too. */
export const oauthRoute: HttpPart = (app, { oauth }) => registerOAuthRoutes(app, { oauth: oauth.server, consent: oauth.consent });

export async function registerOAuthRoutes(app: FastifyInstance, options: OAuthRouteOptions): Promise<void> {
  const { oauth } = options;
  const callback = oauth.provider.callback();
  const routeOptions: RouteShorthandOptions = options.rateLimit ? { config: { rateLimit: options.rateLimit } } : {};

  /** Hands the raw request to the provider as if it were mounted at /oauth (its `urlFor` reads `originalUrl`). */
  const forward = (request: FastifyRequest, reply: FastifyReply, providerPath: string, originalUrl: string) => {
    reply.hijack();
    // Headers other plugins set (security headers, rate-limit counters) would be lost with the hijack.
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) reply.raw.setHeader(name, value as string | string[] | number);
    }
    const raw = request.raw as RawWithOriginal;
    // The provider trusts X-Forwarded-*; these are Fastify's view of them, which believes only the
    // proxies in SHEBAO_TRUST_PROXY, so a made-up header from anyone else changes nothing.
    raw.headers['x-forwarded-proto'] = request.protocol;
    raw.headers['x-forwarded-host'] = request.host;
    raw.headers['x-forwarded-for'] = request.ip;
    raw.originalUrl = originalUrl;
    raw.url = providerPath;
    void callback(raw, reply.raw);
  };

  await app.register(async (scope) => {
    // The provider parses its own bodies; Fastify must leave the stream unread.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const handler = (request: FastifyRequest, reply: FastifyReply) => {
      const url = request.raw.url ?? OAUTH_PREFIX;
      forward(request, reply, url.slice(OAUTH_PREFIX.length) || '/', url);
    };
    scope.all(OAUTH_PREFIX, routeOptions, handler);
    scope.all(`${OAUTH_PREFIX}/*`, routeOptions, handler);
    scope.get(RFC8414_PATH, routeOptions, (request, reply) =>
      forward(request, reply, '/.well-known/openid-configuration', `${OAUTH_PREFIX}/.well-known/openid-configuration`),
    );
  });

  await app.register(async (scope) => {
    const interactions = new OAuthInteractions(oauth, options.consent);
    const consentPage = (options.consentPagePath ?? '/authorize').replace(/\/+$/, '');
    const params = { type: 'object', properties: { uid: { type: 'string', pattern: UID } }, required: ['uid'] } as const;
    const base = `${OAUTH_PREFIX}/interaction/:uid`;

    scope.addHook('onSend', async (_request, reply) => {
      reply.header('Cache-Control', 'no-store');
    });
    scope.setErrorHandler((error, _request, reply) => {
      if (error instanceof InteractionError) return reply.code(error.status).send({ error: error.error, error_description: error.description });
      // The ledger refused the grant (a category the notice does not share with partners, a partner
      // just suspended): nothing was written, and the message may not be echoed.
      if (error instanceof AppError) return reply.code(400).send({ error: 'invalid_request', error_description: 'the consent cannot be recorded' });
      const status = (error as { statusCode?: number }).statusCode;
      if (status && status >= 400 && status < 500) return reply.code(status).send({ error: 'invalid_request' });
      scope.log.error({ err: { name: (error as Error).name } }, 'OAuth interaction failed');
      return reply.code(500).send({ error: 'server_error' });
    });

    // Where the provider sends the browser: on to the PWA's consent page.
    scope.get<{ Params: { uid: string } }>(base, { schema: { params } }, (request, reply) => reply.redirect(`${consentPage}/${request.params.uid}`, 303));

    scope.get<{ Params: { uid: string } }>(`${base}/details`, { schema: { params } }, (request, reply) =>
      interactions.details(request.params.uid, request, { req: request.raw, res: reply.raw }),
    );

    scope.post<{ Params: { uid: string } }>(`${base}/consent`, { schema: { params } }, async (request, reply) => {
      assertSameOrigin(request, oauth.publicUrl);
      if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
        throw new InteractionError(415, 'invalid_request', 'send application/json');
      }
      return interactions.consent(request.params.uid, request, { req: request.raw, res: reply.raw }, request.body);
    });

    scope.post<{ Params: { uid: string } }>(`${base}/refuse`, { schema: { params } }, async (request, reply) => {
      assertSameOrigin(request, oauth.publicUrl);
      return interactions.refuse(request.params.uid, { req: request.raw, res: reply.raw });
    });
  });
}

/** CSRF: a browser always sends Origin on a cross-site POST; only our own origin may answer for the person. */
function assertSameOrigin(request: FastifyRequest, publicUrl: string): void {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== new URL(publicUrl).origin) throw new InteractionError(403, 'invalid_request', 'cross-origin request refused');
}
