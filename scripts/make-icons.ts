/**
 * Draws the app icon (a ring with a dot on a dark square: the journal and its
 * newest event) and writes it as PNG at 192 and 512 px, plus the SVG. Run once
 * with `tsx scripts/make-icons.ts`; the outputs are checked in under public/icons.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BG = [0x14, 0x16, 0x1c];
const FG = [0x7c, 0xc4, 0xff];
const DOT = [0xff, 0xb8, 0x4d];

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(size: number): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x + 0.5 - c, y + 0.5 - c) / size;
      const dot = Math.hypot(x + 0.5 - size * 0.68, y + 0.5 - size * 0.32) / size;
      const color = dot < 0.07 ? DOT : d > 0.22 && d < 0.3 ? FG : BG;
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = color[0]!;
      raw[o + 1] = color[1]!;
      raw[o + 2] = color[2]!;
      raw[o + 3] = 255;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" fill="#14161c"/><circle cx="50" cy="50" r="26" fill="none" stroke="#7cc4ff" stroke-width="8"/><circle cx="68" cy="32" r="7" fill="#ffb84d"/></svg>\n`;

for (const size of [192, 512]) writeFileSync(`public/icons/icon-${size}.png`, png(size));
writeFileSync('public/icons/icon.svg', svg);
console.log('icons written to public/icons');
