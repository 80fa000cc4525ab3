#!/usr/bin/env node
// Generates the app icon from one description of shapes, in every format packaging needs:
//   build/icon.svg             the source, for docs and any later re-drawing
//   build/icons/NxN.png        16…1024, for Linux (AppImage, deb) and the window icon
//   build/icon.ico             16…256, PNG-compressed entries (Windows Vista+), for nsis
//   build/icon.icns            16…1024 incl. @2x, PNG-compressed entries, for the dmg
// Plain Node (node:zlib for PNG's deflate): no native image library, nothing downloaded.
// The same shapes are drawn to SVG and rasterised here with 4×4 supersampling per pixel, so
// the PNGs are what the SVG shows. Run: node build/generate-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

// ── The design, in a unit square (0..1). An ERST store's slot map with one error record
//    under a magnifier: what the app shows you.
const BG_TOP = [0x1e, 0x3a, 0x5f];
const BG_BOTTOM = [0x0b, 0x12, 0x20];
const LIVE = [0x38, 0xbd, 0xf8];
const CLEARED = [0x47, 0x55, 0x69];
const ERROR = [0xf5, 0x9e, 0x0b];
const LENS = [0xf8, 0xfa, 0xfc];

const slots = [];
{
  const cols = 4,
    rows = 4,
    x0 = 0.2,
    y0 = 0.2,
    w = 0.6,
    gap = 0.035;
  const cw = (w - gap * (cols - 1)) / cols;
  const kinds = ['L', 'L', 'C', 'L', 'L', 'E', 'L', 'C', 'C', 'L', 'L', 'L', 'L', 'C', 'L', 'L'];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const k = kinds[r * cols + c];
      slots.push({
        x: x0 + c * (cw + gap),
        y: y0 + r * (cw + gap),
        w: cw,
        h: cw,
        r: 0.022,
        color: k === 'E' ? ERROR : k === 'C' ? CLEARED : LIVE,
      });
    }
}
const errorSlot = slots[5];
const lens = { cx: errorSlot.x + errorSlot.w / 2, cy: errorSlot.y + errorSlot.h / 2, r: 0.145, t: 0.04 };
const handle = { x1: lens.cx + (lens.r + 0.01) * Math.SQRT1_2, y1: lens.cy + (lens.r + 0.01) * Math.SQRT1_2, x2: 0.79, y2: 0.79, r: 0.036 };
const bg = { x: 0.04, y: 0.04, w: 0.92, h: 0.92, r: 0.2 };

// ── Signed distances (negative inside).
const sdRoundRect = (px, py, s) => {
  const cx = s.x + s.w / 2,
    cy = s.y + s.h / 2;
  const qx = Math.abs(px - cx) - (s.w / 2 - s.r),
    qy = Math.abs(py - cy) - (s.h / 2 - s.r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - s.r;
};
const sdRing = (px, py, l) => Math.abs(Math.hypot(px - l.cx, py - l.cy) - l.r) - l.t / 2;
const sdCapsule = (px, py, h) => {
  const dx = h.x2 - h.x1,
    dy = h.y2 - h.y1;
  const t = Math.max(0, Math.min(1, ((px - h.x1) * dx + (py - h.y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (h.x1 + t * dx), py - (h.y1 + t * dy)) - h.r;
};

/** Colour [r,g,b,a 0..1] at one point, painting back to front. */
function sample(px, py) {
  if (sdRoundRect(px, py, bg) > 0) return [0, 0, 0, 0];
  const t = (py - bg.y) / bg.h;
  let c = BG_TOP.map((v, i) => v + (BG_BOTTOM[i] - v) * t);
  for (const s of slots) if (sdRoundRect(px, py, s) <= 0) c = s.color;
  // Inside the lens the error slot is shown a little brighter, as if magnified.
  if (Math.hypot(px - lens.cx, py - lens.cy) < lens.r - lens.t / 2 && sdRoundRect(px, py, errorSlot) > 0)
    c = c.map((v) => v * 0.8 + 255 * 0.2);
  if (sdRing(px, py, lens) <= 0 || sdCapsule(px, py, handle) <= 0) c = LENS;
  return [c[0], c[1], c[2], 1];
}

function rasterise(size) {
  const N = 4; // N×N samples per pixel
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < N; sy++)
        for (let sx = 0; sx < N; sx++) {
          const s = sample((x + (sx + 0.5) / N) / size, (y + (sy + 0.5) / N) / size);
          r += s[0] * s[3];
          g += s[1] * s[3];
          b += s[2] * s[3];
          a += s[3];
        }
      const o = (y * size + x) * 4;
      rgba[o] = a ? Math.round(r / a) : 0;
      rgba[o + 1] = a ? Math.round(g / a) : 0;
      rgba[o + 2] = a ? Math.round(b / a) : 0;
      rgba[o + 3] = Math.round((a / (N * N)) * 255);
    }
  return rgba;
}

// ── PNG (RGBA, 8 bit, filter 0 on every row).
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
};
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit, RGBA, deflate, filter 0, no interlace
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ── ICO: ICONDIR + ICONDIRENTRYs + PNG images (a 256 px entry writes its size as 0).
function ico(images) {
  const dir = Buffer.alloc(6 + 16 * images.length);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2);
  dir.writeUInt16LE(images.length, 4);
  let offset = dir.length;
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    dir[e] = size >= 256 ? 0 : size;
    dir[e + 1] = size >= 256 ? 0 : size;
    dir.writeUInt16LE(1, e + 4); // planes
    dir.writeUInt16LE(32, e + 6); // bits per pixel
    dir.writeUInt32LE(data.length, e + 8);
    dir.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([dir, ...images.map((i) => i.data)]);
}

// ── ICNS: 'icns' + length, then (OSType, length incl. header, PNG) per entry.
function icns(entries) {
  const parts = entries.map(({ type, data }) => {
    const h = Buffer.alloc(8);
    h.write(type, 0, 'latin1');
    h.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([h, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

// ── SVG: the same shapes.
function svg() {
  const f = (v) => +(v * 512).toFixed(2);
  const hex = (c) => '#' + c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
  const rect = (s, fill) => `<rect x="${f(s.x)}" y="${f(s.y)}" width="${f(s.w)}" height="${f(s.h)}" rx="${f(s.r)}" fill="${fill}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">
  <title>ERST Viewer</title>
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hex(BG_TOP)}"/><stop offset="1" stop-color="${hex(BG_BOTTOM)}"/></linearGradient>
    <clipPath id="lens"><circle cx="${f(lens.cx)}" cy="${f(lens.cy)}" r="${f(lens.r - lens.t / 2)}"/></clipPath>
  </defs>
  ${rect(bg, 'url(#bg)')}
  ${slots.map((s) => rect(s, hex(s.color))).join('\n  ')}
  <g clip-path="url(#lens)"><rect x="0" y="0" width="512" height="512" fill="#fff" fill-opacity="0.2"/>${rect(errorSlot, hex(ERROR))}</g>
  <circle cx="${f(lens.cx)}" cy="${f(lens.cy)}" r="${f(lens.r)}" fill="none" stroke="${hex(LENS)}" stroke-width="${f(lens.t)}"/>
  <line x1="${f(handle.x1)}" y1="${f(handle.y1)}" x2="${f(handle.x2)}" y2="${f(handle.y2)}" stroke="${hex(LENS)}" stroke-width="${f(handle.r * 2)}" stroke-linecap="round"/>
</svg>
`;
}

const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const pngs = new Map(PNG_SIZES.map((s) => [s, png(s, rasterise(s))]));
mkdirSync(join(here, 'icons'), { recursive: true });
writeFileSync(join(here, 'icon.svg'), svg());
for (const [s, data] of pngs) writeFileSync(join(here, 'icons', `${s}x${s}.png`), data);
writeFileSync(join(here, 'icon.png'), pngs.get(512));
writeFileSync(join(here, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, data: pngs.get(size) }))));
writeFileSync(
  join(here, 'icon.icns'),
  icns(
    [
      ['icp4', 16],
      ['icp5', 32],
      ['icp6', 64],
      ['ic07', 128],
      ['ic08', 256],
      ['ic09', 512],
      ['ic10', 1024],
      ['ic11', 32],
      ['ic12', 64],
      ['ic13', 256],
      ['ic14', 512],
    ].map(([type, size]) => ({ type, data: pngs.get(size) })),
  ),
);
console.log(`wrote build/icon.svg, icon.png, icon.ico, icon.icns and icons/{${PNG_SIZES.join(',')}}px PNGs`);
