#!/usr/bin/env node
// Draws the app icons (a shield with a tick) and writes PNGs with Node built-ins only.
// Run: node scripts/generate-icons.mjs  (outputs are committed under public/icons/)
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '../public/icons');
const BG = [0x0d, 0x5c, 0x91];
const FG = [0xff, 0xff, 0xff];
const TICK = [0x0d, 0x5c, 0x91];

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Shapes in unit coordinates u, v in [-1, 1].
function inShield(u, v) {
  if (v < -0.8 || v > 0.95) return false;
  if (v <= 0.1) return Math.abs(u) <= 0.7 - (v < -0.65 ? (Math.abs(u) > 0.55 ? 0 : 0) : 0);
  const t = (v - 0.1) / 0.85;
  return Math.abs(u) <= 0.7 * Math.sqrt(Math.max(0, 1 - t * t));
}
function distToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
function inTick(u, v) {
  const w = 0.11;
  return distToSegment(u, v, -0.33, 0.05, -0.08, 0.32) <= w || distToSegment(u, v, -0.08, 0.32, 0.36, -0.24) <= w;
}
function inRoundedSquare(x, y, r) {
  // x, y in [0, 1]
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  return Math.hypot(x - cx, y - cy) <= r;
}

function draw(size, { fullBleed, glyphScale }) {
  const buf = Buffer.alloc(size * size * 4);
  const ss = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const fx = (x + (sx + 0.5) / ss) / size;
          const fy = (y + (sy + 0.5) / ss) / size;
          const bgIn = fullBleed || inRoundedSquare(fx, fy, 0.22);
          if (!bgIn) continue;
          const u = (fx - 0.5) * 2 / glyphScale;
          const v = (fy - 0.5) * 2 / glyphScale + 0.03;
          let c = BG;
          if (inShield(u, v)) c = inTick(u, v) ? TICK : FG;
          r += c[0]; g += c[1]; b += c[2]; a += 255;
        }
      }
      const n = ss * ss;
      const i = (y * size + x) * 4;
      const cov = a / n;
      // Un-premultiply colour over covered samples.
      const covered = a / 255 || 1;
      buf[i] = Math.round(r / covered);
      buf[i + 1] = Math.round(g / covered);
      buf[i + 2] = Math.round(b / covered);
      buf[i + 3] = Math.round(cov);
    }
  }
  return png(size, buf);
}

mkdirSync(out, { recursive: true });
const files = {
  'icon-192.png': draw(192, { fullBleed: false, glyphScale: 0.62 }),
  'icon-512.png': draw(512, { fullBleed: false, glyphScale: 0.62 }),
  // Maskable: full bleed, glyph inside the 80 % safe circle.
  'maskable-512.png': draw(512, { fullBleed: true, glyphScale: 0.5 }),
  'apple-touch-icon.png': draw(180, { fullBleed: true, glyphScale: 0.6 }),
};
for (const [name, data] of Object.entries(files)) {
  writeFileSync(join(out, name), data);
  console.log(`${name}: ${data.length} bytes`);
}
