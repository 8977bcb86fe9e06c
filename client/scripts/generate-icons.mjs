#!/usr/bin/env node
// Draws the app icon (the characters 社保 as strokes on the brand blue, so it needs no font),
// writes public/favicon.svg and the manifest's PNGs, rendered by Chromium from the same SVG.
// Run: pnpm --filter @shebao/client icons   (outputs are committed under public/)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const pub = join(dirname(fileURLToPath(import.meta.url)), '../public');
const BRAND = '#0d5c91';

// 社 and 保 on a 100 × 100 grid, one polyline per stroke.
const she = (x) => [
  [[x + 10, 19], [x + 14, 25]],
  [[x + 3, 32], [x + 18, 32], [x + 5, 50]],
  [[x + 12, 42], [x + 12, 79]],
  [[x + 16, 48], [x + 20, 54]],
  [[x + 23, 42], [x + 43, 42]],
  [[x + 33, 22], [x + 33, 76]],
  [[x + 21, 76], [x + 45, 76]],
];
const bao = (x) => [
  [[x + 12, 19], [x + 3, 42]],
  [[x + 8, 33], [x + 8, 80]],
  [[x + 18, 22], [x + 40, 22], [x + 40, 38], [x + 18, 38], [x + 18, 22]],
  [[x + 15, 51], [x + 44, 51]],
  [[x + 29.5, 38], [x + 29.5, 80]],
  [[x + 29, 53], [x + 15, 71]],
  [[x + 30, 53], [x + 44, 71]],
];
const strokes = [...she(5), ...bao(51)];
const path = strokes.map((s) => `M${s.map(([px, py]) => `${px} ${py}`).join('L')}`).join('');

/** `inset`: the glyphs' share of the square (maskable icons keep them inside the safe circle). */
function svg({ rounded, inset }) {
  const s = inset;
  const o = (100 - 100 * s) / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" role="img" aria-label="社保">
<rect width="100" height="100" rx="${rounded ? 22 : 0}" fill="${BRAND}"/>
<path transform="translate(${o} ${o}) scale(${s})" d="${path}" fill="none" stroke="#fff" stroke-width="7" stroke-linecap="round" stroke-linejoin="round"/>
</svg>
`;
}

const icons = [
  ['favicon.svg', null, { rounded: true, inset: 0.84 }],
  ['icons/icon-192.png', 192, { rounded: true, inset: 0.84 }],
  ['icons/icon-512.png', 512, { rounded: true, inset: 0.84 }],
  // Maskable: full bleed, the glyphs inside the 80 % safe circle.
  ['icons/maskable-512.png', 512, { rounded: false, inset: 0.62 }],
  ['icons/apple-touch-icon.png', 180, { rounded: false, inset: 0.78 }],
];

mkdirSync(join(pub, 'icons'), { recursive: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  for (const [file, size, options] of icons) {
    const source = svg(options);
    if (size == null) {
      writeFileSync(join(pub, file), source);
      continue;
    }
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0;background:transparent">${source.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
    await page.screenshot({ path: join(pub, file), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  }
} finally {
  await browser.close();
}
console.log(`wrote ${icons.map(([f]) => f).join(', ')}`);
