#!/usr/bin/env node
// Draws the app icon (resources/icon.png, 512×512 RGBA): a white key on a blue rounded square.
// Written as code so the icon needs no download and no image tool: `node resources/generate-icon.mjs`.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const size = 512;

/** Signed distances (negative inside) of the shapes, in pixels. */
const roundedSquare = (x, y) => {
  const r = 96;
  const qx = Math.abs(x - 256) - (256 - 24 - r);
  const qy = Math.abs(y - 256) - (256 - 24 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const box = (x, y, cx, cy, hw, hh) => {
  const qx = Math.abs(x - cx) - hw;
  const qy = Math.abs(y - cy) - hh;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0);
};
const key = (x, y) => {
  const ring = Math.abs(Math.hypot(x - 176, y - 256) - 62) - 26;
  const shaft = box(x, y, 318, 256, 100, 22);
  const tooth1 = box(x, y, 372, 296, 16, 30);
  const tooth2 = box(x, y, 400, 290, 18, 24);
  return Math.min(ring, shaft, tooth1, tooth2);
};
const coverage = (distance) => Math.min(1, Math.max(0, 0.5 - distance));

const raw = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y += 1) {
  raw[y * (size * 4 + 1)] = 0; // filter type: none
  for (let x = 0; x < size; x += 1) {
    const px = x + 0.5;
    const py = y + 0.5;
    const bg = coverage(roundedSquare(px, py));
    const fg = coverage(key(px, py)) * bg;
    const blue = [0x1d, 0x4e, 0x89];
    const o = y * (size * 4 + 1) + 1 + x * 4;
    raw[o] = Math.round(blue[0] * (1 - fg) + 255 * fg);
    raw[o + 1] = Math.round(blue[1] * (1 - fg) + 255 * fg);
    raw[o + 2] = Math.round(blue[2] * (1 - fg) + 255 * fg);
    raw[o + 3] = Math.round(255 * bg);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buffer) => {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
