// The first screen's JavaScript, measured from the build: the entry chunk and everything it
// imports statically (import() is lazy and does not count), gzipped at level 9.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The first screen's JavaScript budget, gzipped (issue #11). */
export const FIRST_SCREEN_JS_BUDGET_KB = 45;

/** @returns {{ kb: number, files: string[] }} */
export function firstScreenJs(dist) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
  const seen = new Set();
  const queue = [...entries];
  while (queue.length) {
    const url = queue.shift();
    if (seen.has(url)) continue;
    seen.add(url);
    const code = readFileSync(join(dist, url), 'utf8');
    const base = url.slice(0, url.lastIndexOf('/') + 1);
    for (const m of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+\.js)["']/g)) {
      queue.push(new URL(m[1], `http://x${base}`).pathname);
    }
  }
  let gz = 0;
  for (const url of seen) gz += gzipSync(readFileSync(join(dist, url)), { level: 9 }).length;
  return { kb: gz / 1024, files: [...seen] };
}
