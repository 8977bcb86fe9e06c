// Brotli and gzip copies of static files, made once at build: `file.js` gets `file.js.br` and
// `file.js.gz` beside it, which the server sends to clients that accept them (Accept-Encoding),
// so nothing is compressed per request. Usage: node scripts/precompress.mjs <dir> [<dir> …]
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Text-like files worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt|xml|wasm|ico)$/;
/** Below this, the headers cost more than compression saves. */
const MIN_BYTES = 1024;

/** Compresses one file's bytes both ways; null for an encoding that would not make it smaller. */
export async function compressBoth(data) {
  const [br, gzipped] = await Promise.all([
    brotli(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
    gz(data, { level: 9 }),
  ]);
  return { br: br.length < data.length ? br : null, gzip: gzipped.length < data.length ? gzipped : null };
}

async function* filesUnder(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (COMPRESSIBLE.test(entry.name)) yield full;
  }
}

export async function precompressDirectory(dir) {
  let files = 0;
  let before = 0;
  let after = 0;
  for await (const file of filesUnder(dir)) {
    if ((await stat(file)).size < MIN_BYTES) continue;
    const data = await readFile(file);
    const { br, gzip: gzipped } = await compressBoth(data);
    if (br) await writeFile(`${file}.br`, br);
    if (gzipped) await writeFile(`${file}.gz`, gzipped);
    files += 1;
    before += data.length;
    after += (br ?? data).length;
  }
  return { files, before, after };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const dir of process.argv.slice(2)) {
    const { files, before, after } = await precompressDirectory(path.resolve(dir));
    console.log(`precompressed ${files} files in ${dir}: ${(before / 1024).toFixed(0)} KiB → ${(after / 1024).toFixed(0)} KiB brotli`);
  }
}
