// GraphiQL at /graphiql for developers, served from our own node_modules (no CDN) under a strict
// CSP: every script is a same-origin file, including our init script, so there is no inline code.
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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
/** Vendor files are addressed with their package version (`?v=`): a new version is a new URL. */
const VENDOR_CACHE = 'public, max-age=31536000, immutable';

type Asset = { file: string; type: string; cache: string };

/**
 * Brotli and gzip copies made at build (`scripts/graphiql-assets.mjs` → dist/graphiql-assets, next
 * to the compiled server) for GraphiQL's 3.5 MB bundle and its peers. Found from src/ and dist/ alike.
 */
const PRECOMPRESSED_DIR = path.resolve(import.meta.dirname, '../../../dist/graphiql-assets');

/** React ships no `exports` entry for its UMD builds, so they are found from the package root. */
function packageFile(pkg: string, relative: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), relative);
}

async function packageVersion(pkg: string): Promise<string> {
  const manifest = JSON.parse(await readFile(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string };
  return manifest.version;
}

/** The allow-list: only these names are served, so a crafted path can never reach the file system. */
export function graphiqlAssets(): Map<string, Asset> {
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

type Encoded = { identity: Buffer; br?: Buffer; gzip?: Buffer };

/**
 * An asset's bytes in each encoding, read once at start: the build's precompressed copies when
 * present, else compressed here once (quick settings), so the bundle never goes out uncompressed.
 */
async function encodedAsset(name: string, asset: Asset): Promise<Encoded> {
  const identity = await readFile(asset.file);
  const built = async (extension: string) => readFile(path.join(PRECOMPRESSED_DIR, `${name}.${extension}`)).catch(() => undefined);
  const [br, gz] = await Promise.all([built('br'), built('gz')]);
  if (br && gz) return { identity, br, gzip: gz };
  const [quickBr, quickGz] = await Promise.all([
    promisify(brotliCompress)(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
    promisify(gzip)(identity, { level: 6 }),
  ]);
  return { identity, br: quickBr, gzip: quickGz };
}

/** The best encoding the client accepts (brotli, then gzip), by its Accept-Encoding. */
export function negotiateEncoding(request: FastifyRequest, available: Encoded): 'br' | 'gzip' | 'identity' {
  const accepted = new Map(
    String(request.headers['accept-encoding'] ?? '')
      .split(',')
      .map((part) => {
        const [token, ...params] = part.trim().toLowerCase().split(';');
        const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
        return [token, q === undefined ? 1 : Number(q)] as const;
      }),
  );
  const ok = (token: string) => (accepted.get(token) ?? accepted.get('*') ?? 0) > 0;
  if (available.br && ok('br')) return 'br';
  if (available.gzip && ok('gzip')) return 'gzip';
  return 'identity';
}

export async function registerGraphiql(app: FastifyInstance, options: { production: boolean }): Promise<void> {
  const files = graphiqlAssets();
  const encoded = new Map<string, Encoded>();
  for (const [name, asset] of files) {
    // A developer tool must not stop the gateway from starting; say loudly what is missing instead.
    const exists = await stat(asset.file).then(
      () => true,
      () => false,
    );
    if (!exists) app.log.warn({ asset: name }, 'GraphiQL asset missing; /graphiql will not work');
    // Ours changes with each deploy and is small: read per request, as it is.
    else if (asset.cache !== 'no-cache') encoded.set(name, await encodedAsset(name, asset));
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
    const bytes = encoded.get(request.params.file) ?? { identity: await readFile(asset.file) };
    const encoding = negotiateEncoding(request, bytes);
    reply.header('Cache-Control', asset.cache).header('Vary', 'Accept-Encoding').type(asset.type);
    if (encoding !== 'identity') reply.header('Content-Encoding', encoding);
    return reply.send(bytes[encoding]);
  });
}
