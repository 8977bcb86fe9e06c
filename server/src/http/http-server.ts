// The one HTTP process: /graphql, health, the published key, and the built PWA.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { AppServices } from '../app-services.js';
import { authorizationPlugin } from '../authz/authorization.plugin.js';
import type { GraphQLContext } from '../graphql/context.js';
import { ERROR_CODES } from '../lib/errors.js';
import { SESSION_COOKIE } from '../modules/accounts/session.js';
import { registerGraphiql } from './graphiql.route.js';
import { introspectionPlugin } from './introspection.plugin.js';
import { loadPersistedDocuments, type PersistedDocuments } from './persisted-documents.js';
import { createRequestContext } from './request-context.js';

const BODY_LIMIT_BYTES = 100 * 1024;
const API_PREFIXES = ['/graphql', '/graphiql', '/healthz', '/readyz', '/.well-known', '/oauth'];

/** Codes a client may see as they are; anything else is masked (no stack traces, no internals). */
const CLIENT_ERROR_CODES = new Set<string>([
  ...ERROR_CODES,
  // Apollo's own codes for requests that never reached a resolver, and ours for the limits.
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'QUERY_TOO_COMPLEX', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE', 'PERSISTED_QUERY_NOT_SUPPORTED',
]);

export function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const message = formatted.message;
  // graphql-armor reports its limits as "Syntax Error: … limit of N exceeded": give them a code of their own.
  if (/limit of \d+ exceeded/i.test(message)) {
    return { message: message.replace(/^Syntax Error: /, ''), extensions: { code: 'QUERY_TOO_COMPLEX' } };
  }
  if (message.startsWith('Syntax Error:')) return { message, locations: formatted.locations, extensions: { code: 'GRAPHQL_PARSE_FAILED' } };
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) {
    // Variable coercion errors echo the value sent; values may be personal, so keep only the reason.
    const safe = message.replace(/got invalid value .*?; /s, 'got an invalid value; ').replace(/(cannot represent[^:]*): .*$/s, '$1');
    return { ...formatted, message: safe };
  }
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/**
 * Unexpected errors are masked for clients (formatError); operators still need to see them.
 * Logged without the message, which may carry input values: name, path and the throwing frame.
 */
function logUnexpectedErrors(app: FastifyInstance): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) continue;
            const original = error.originalError ?? error;
            app.log.error({ err: { name: original.name, path: error.path?.join('.'), at: original.stack?.split('\n')[1]?.trim() } }, 'unexpected GraphQL error');
          }
        },
      };
    },
  };
}

export type HttpServerOptions = {
  services: AppServices;
  schema: GraphQLSchema;
  persistedDocuments?: PersistedDocuments;
  extraPlugins?: ApolloServerPlugin<GraphQLContext>[];
  /** Database reachable and every migration applied. */
  isReady: () => Promise<boolean>;
};

export async function createHttpServer({ services, schema, persistedDocuments = loadPersistedDocuments(), extraPlugins = [], isReady }: HttpServerOptions): Promise<FastifyInstance> {
  const { config } = services;
  const production = config.env === 'production';
  const app = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: true,
    // Request logs carry method, path and status; never bodies, headers or query strings.
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, serializers: { req: (req) => ({ method: req.method, url: req.routeOptions?.url ?? req.url.split('?')[0] }) } },
    genReqId: () => crypto.randomUUID(),
  });

  // Errors Fastify raises before GraphQL runs (body too large, bad JSON) get the GraphQL error shape.
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const code = status === 413 ? 'REQUEST_TOO_LARGE' : status === 429 ? 'RATE_LIMITED' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
    if (status >= 500) app.log.error({ err: { type: error.name, code: error.code } }, 'request failed');
    const message = status < 500 ? error.message : 'Internal server error';
    return reply.code(status).send({ errors: [{ message, extensions: { code } }] });
  });
  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        styleSrcAttr: ["'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: production ? [] : null,
      },
    },
    strictTransportSecurity: production,
  });
  await app.register(fastifyRateLimit, {
    max: 600,
    timeWindow: '1 minute',
    // Per credential where there is one, so one person's devices share a budget; else per address.
    keyGenerator: (request) => {
      const credential = request.headers.authorization ?? request.cookies?.[SESSION_COOKIE];
      return credential ? createHash('sha256').update(credential).digest('base64url') : request.ip;
    },
    // Thrown, then shaped by the error handler above like every other pre-GraphQL error.
    errorResponseBuilder: (_request, context) => ({ statusCode: 429, message: `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s` }),
  });

  const armor = new ApolloArmor({
    maxDepth: { n: 12 },
    maxAliases: { n: 20 },
    maxTokens: { n: 3000 },
    maxDirectives: { n: 20 },
    costLimit: { maxCost: 20_000 },
    blockFieldSuggestion: { enabled: production },
  });
  const protection = armor.protect();
  const apollo = new ApolloServer<GraphQLContext>({
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
      ...(protection.plugins as unknown as ApolloServerPlugin<GraphQLContext>[]),
      fastifyApolloDrainPlugin(app),
      introspectionPlugin({ production, developerKey: config.developerKey }),
      logUnexpectedErrors(app), authorizationPlugin(services), ...extraPlugins],
  });
  await apollo.start();

  app.addHook('preValidation', async (request, reply) => {
    if (request.method !== 'POST' || request.routeOptions.url !== '/graphql') return;
    const body = request.body as { documentId?: unknown; query?: unknown } | undefined;
    if (!body || typeof body !== 'object' || body.documentId === undefined) return;
    const query = typeof body.documentId === 'string' ? persistedDocuments.get(body.documentId) : undefined;
    if (!query) {
      return reply.code(400).send({ errors: [{ message: 'Unknown documentId', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });
    }
    body.query = query;
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.routeOptions.url === '/graphql') reply.header('Cache-Control', 'no-store');
  });

  await app.register(fastifyApollo(apollo), { context: (request, reply) => createRequestContext(services, request, reply) });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ready = await isReady().catch(() => false);
    return ready ? { status: 'ready' } : reply.code(503).send({ status: 'not ready' });
  });
  app.get('/.well-known/jwks.json', async () => ({ keys: [services.secrets.publicJwk] }));
  await registerGraphiql(app, { production });

  await serveClient(app, config.clientDist);
  return app;
}

async function serveClient(app: FastifyInstance, clientDist: string): Promise<void> {
  const index = path.join(clientDist, 'index.html');
  if (!existsSync(index)) {
    app.get('/', async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send('Shebao API is running. The PWA is not built: run `pnpm build` (or `pnpm start`).'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: clientDist,
    wildcard: false,
    setHeaders: (reply, file) => {
      // The service worker and the shell must revalidate so updates are found; hashed assets are immutable.
      reply.header('Cache-Control', /\/assets\//.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.setNotFoundHandler((request, reply) => {
    const isApi = API_PREFIXES.some((prefix) => request.url.startsWith(prefix));
    if (request.method === 'GET' && !isApi && (request.headers.accept ?? '').includes('text/html')) {
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
    }
    return reply.code(404).send({ error: 'Not found' });
  });
}
