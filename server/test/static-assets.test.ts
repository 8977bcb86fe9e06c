// Static files go out precompressed (brotli or gzip, made once at build), chosen by the client's
// Accept-Encoding and marked `Vary: Accept-Encoding`; content-hashed files are immutable for a
// year, while the shell, the service worker and the manifest revalidate. Asked over real HTTP,
// reading the bytes on the wire (fetch would decompress them).
import { request as httpRequest } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import type { HttpOptions } from '../src/http/http-options.js';
import { clientApp } from '../src/http/routes/client-app.route.js';
import { graphiqlAssets, registerGraphiql } from '../src/http/routes/graphiql.route.js';
// @ts-expect-error: a plain ES module script without types
import { precompressDirectory } from '../../scripts/precompress.mjs';

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

function get(base: string, pathname: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(pathname, base), { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const decode = (raw: Raw) =>
  raw.headers['content-encoding'] === 'br' ? brotliDecompressSync(raw.body) : raw.headers['content-encoding'] === 'gzip' ? gunzipSync(raw.body) : raw.body;

let dist: string;
let app: FastifyInstance;
let base: string;
const bundle = `export const app = ${JSON.stringify('社保 '.repeat(4000))};\n`;

beforeAll(async () => {
  // A built PWA as vite + the build's precompress step leave it.
  dist = await mkdtemp(path.join(tmpdir(), 'shebao-dist-'));
  await mkdir(path.join(dist, 'assets'));
  await writeFile(path.join(dist, 'index.html'), `<!doctype html><title>社保通</title>${'<p>shell</p>'.repeat(200)}`);
  await writeFile(path.join(dist, 'sw.js'), `self.addEventListener('fetch', () => {});${' '.repeat(2000)}`);
  await writeFile(path.join(dist, 'manifest.webmanifest'), JSON.stringify({ name: '社保通', pad: 'x'.repeat(2000) }));
  await writeFile(path.join(dist, 'assets', 'index-Bx3k9QzA.js'), bundle);
  await precompressDirectory(dist);

  app = Fastify();
  const config = loadConfig({ SHEBAO_CLIENT_DIST: dist });
  await registerGraphiql(app, { production: false });
  await clientApp(app, { config } as HttpOptions);
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await app?.close();
  await rm(dist, { recursive: true, force: true });
});

describe('the PWA build', () => {
  it('sends a hashed asset in the best encoding the client accepts, immutable, varying by Accept-Encoding', async () => {
    for (const [accept, encoding] of [
      ['br, gzip', 'br'],
      ['gzip, deflate', 'gzip'],
      ['gzip;q=1, br;q=0', 'gzip'],
      ['identity', undefined],
    ] as const) {
      const raw = await get(base, '/assets/index-Bx3k9QzA.js', { 'accept-encoding': accept });
      expect(raw.status).toBe(200);
      expect(raw.headers['content-encoding'], accept).toBe(encoding);
      expect(raw.headers.vary).toMatch(/accept-encoding/i);
      expect(raw.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(raw.headers['content-type']).toMatch(/javascript/);
      expect(decode(raw).toString('utf8')).toBe(bundle);
      if (encoding) expect(raw.body.length).toBeLessThan(Buffer.byteLength(bundle) / 5);
    }
  });

  it('revalidates the shell, the service worker and the manifest, compressed too', async () => {
    for (const pathname of ['/index.html', '/sw.js', '/manifest.webmanifest']) {
      const raw = await get(base, pathname, { 'accept-encoding': 'br, gzip' });
      expect(raw.status, pathname).toBe(200);
      expect(raw.headers['cache-control'], pathname).toBe('no-cache');
      expect(raw.headers['content-encoding'], pathname).toBe('br');
      expect(raw.headers.vary).toMatch(/accept-encoding/i);
    }
    // A client-side route gets the shell.
    const navigation = await get(base, '/consent', { accept: 'text/html', 'accept-encoding': 'gzip' });
    expect(navigation.status).toBe(200);
    expect(navigation.headers['cache-control']).toBe('no-cache');
    expect(decode(navigation).toString('utf8')).toMatch(/<title>社保通<\/title>/);
  });
});

describe('GraphiQL', () => {
  it('sends its 3.5 MB bundle compressed, immutable under its versioned URL', async () => {
    const original = await readFile(graphiqlAssets().get('graphiql.min.js')!.file);
    for (const [accept, encoding] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const raw = await get(base, '/graphiql/assets/graphiql.min.js?v=3.8.3', { 'accept-encoding': accept });
      expect(raw.status).toBe(200);
      expect(raw.headers['content-encoding']).toBe(encoding);
      expect(raw.headers.vary).toMatch(/accept-encoding/i);
      expect(raw.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(raw.body.length).toBeLessThan(original.length / 3);
      expect(decode(raw).equals(original)).toBe(true);
    }
    const plain = await get(base, '/graphiql/assets/graphiql.min.js?v=3.8.3');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
    // Our own init script revalidates (it changes with each deploy).
    expect((await get(base, '/graphiql/assets/graphiql-init.js')).headers['cache-control']).toBe('no-cache');
  });
});
