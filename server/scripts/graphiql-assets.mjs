// Build step after tsc: brotli and gzip copies of GraphiQL's vendor files (its 3.5 MB bundle, React)
// in dist/graphiql-assets, made once here so the server never compresses them per request.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compressBoth } from '../../scripts/precompress.mjs';
import { graphiqlAssets } from '../dist/http/routes/graphiql.route.js';

const out = path.resolve(import.meta.dirname, '../dist/graphiql-assets');
await mkdir(out, { recursive: true });
let before = 0;
let after = 0;
for (const [name, asset] of graphiqlAssets()) {
  if (asset.cache === 'no-cache') continue; // ours, small, changes with each deploy
  const data = await readFile(asset.file);
  const { br, gzip } = await compressBoth(data);
  if (br) await writeFile(path.join(out, `${name}.br`), br);
  if (gzip) await writeFile(path.join(out, `${name}.gz`), gzip);
  before += data.length;
  after += (br ?? data).length;
}
console.log(`GraphiQL assets precompressed: ${(before / 1024).toFixed(0)} KiB → ${(after / 1024).toFixed(0)} KiB brotli`);
