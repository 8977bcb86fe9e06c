// GraphiQL at /graphiql for developers, served from our own node_modules (no CDN) under a strict
// CSP: every script is a same-origin file, including our init script, so there is no inline code.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { HttpPart } from '../http-options.js';

const require = createRequire(import.meta.url);

/** The page runs no inline script; GraphiQL's components inject <style> tags, hence 'unsafe-inline' for styles only. */
export const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join('; ');

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const VENDOR_CACHE = 'public, max-age=86400';

type Asset = { file: string; type: string; cache: string };

/** React ships no `exports` entry for its UMD builds, so they are found from the package root. */
function packageFile(pkg: string, relative: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), relative);
}

async function packageVersion(pkg: string): Promise<string> {
  const manifest = JSON.parse(await readFile(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string };
  return manifest.version;
}

/** The allow-list: only these names are served, so a crafted path can never reach the file system. */
function assets(): Map<string, Asset> {
  return new Map<string, Asset>([
    ['react.production.min.js', { file: packageFile('react', 'umd/react.production.min.js'), type: JS, cache: VENDOR_CACHE }],
    ['react-dom.production.min.js', { file: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: JS, cache: VENDOR_CACHE }],
    ['graphiql.min.js', { file: require.resolve('graphiql/graphiql.min.js'), type: JS, cache: VENDOR_CACHE }],
    ['graphiql.min.css', { file: require.resolve('graphiql/graphiql.min.css'), type: CSS, cache: VENDOR_CACHE }],
    // Ours changes with each deploy, so it revalidates. The path works from src/http/routes and
    // dist/http/routes alike (tsc does not copy .js files into dist).
    ['graphiql-init.js', { file: path.resolve(import.meta.dirname, '../../../src/http/routes/graphiql/graphiql-init.js'), type: JS, cache: 'no-cache' }],
  ]);
}

function page(production: boolean, versions: { react: string; graphiql: string }): string {
  const asset = (name: string, version: string) => `/graphiql/assets/${name}?v=${encodeURIComponent(version)}`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Shebao GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${asset('graphiql.min.css', versions.graphiql)}">
<script src="${asset('react.production.min.js', versions.react)}" defer></script>
<script src="${asset('react-dom.production.min.js', versions.react)}" defer></script>
<script src="${asset('graphiql.min.js', versions.graphiql)}" defer></script>
<script src="/graphiql/assets/graphiql-init.js" defer></script>
</head>
<body data-production="${production ? 'true' : 'false'}" data-endpoint="/graphql">
<div id="graphiql">Loading GraphiQL…</div>
<noscript>GraphiQL needs JavaScript.</noscript>
</body>
</html>
`;
}

export const graphiql: HttpPart = (app, { config }) => registerGraphiql(app, { production: config.production });

export async function registerGraphiql(app: FastifyInstance, options: { production: boolean }): Promise<void> {
  const files = assets();
  for (const [name, asset] of files) {
    // A developer tool must not stop the gateway from starting; say loudly what is missing instead.
    await stat(asset.file).catch(() => app.log.warn({ asset: name }, 'GraphiQL asset missing; /graphiql will not work'));
  }
  const html = page(options.production, { react: await packageVersion('react'), graphiql: await packageVersion('graphiql') });

  app.get('/graphiql', async (_request, reply) =>
    reply
      // Replaces the app-wide helmet policy for this page only.
      .header('Content-Security-Policy', GRAPHIQL_CSP)
      .header('Cache-Control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(html),
  );
  app.get('/graphiql/', async (_request, reply) => reply.redirect('/graphiql', 301));

  app.get<{ Params: { file: string } }>('/graphiql/assets/:file', async (request, reply) => {
    const asset = files.get(request.params.file);
    if (!asset) return reply.code(404).send({ error: 'Not found' });
    const { size } = await stat(asset.file);
    return reply
      .header('Cache-Control', asset.cache)
      .header('Content-Length', size)
      .type(asset.type)
      .send(createReadStream(asset.file));
  });
}
