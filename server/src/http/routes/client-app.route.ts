// The built PWA, precompressed: hashed assets immutable, the shell, service worker and manifest
// revalidated, and any other HTML navigation outside the API answered with the shell
// (client-side routing).
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { HttpPart } from '../http-options.js';

/** Paths the gateway itself serves: never answered with the PWA's shell. */
const API_PREFIXES = ['/graphql', '/graphiql', '/healthz', '/readyz', '/.well-known'] as const;

export const clientApp: HttpPart = async (app, { config }) => {
  const clientDist = config.clientDist;
  const index = path.join(clientDist, 'index.html');
  const built = existsSync(index);
  // Ours, not Fastify's default, which logs the unmatched path and query string (they could be anything a client typed).
  app.setNotFoundHandler((request, reply) => {
    const isApi = API_PREFIXES.some((prefix) => request.url.startsWith(prefix));
    if (built && request.method === 'GET' && !isApi && (request.headers.accept ?? '').includes('text/html')) {
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
    }
    return reply.code(404).send({ error: 'Not found' });
  });
  if (!built) {
    app.get('/', async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send('Shebao API is running. The PWA is not built: run `pnpm build` (or `pnpm start`).'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: clientDist,
    wildcard: false,
    // The build leaves `.br` and `.gz` beside each text file (scripts/precompress.mjs): sent by
    // Accept-Encoding, with `Vary: Accept-Encoding`, never compressed per request.
    preCompressed: true,
    setHeaders: (reply, file) => {
      // The service worker and the shell must revalidate so updates are found; hashed assets are immutable.
      reply.header('Cache-Control', /\/assets\//.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
};
