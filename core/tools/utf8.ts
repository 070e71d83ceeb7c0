/**
 * UTF-8 byte counting and decoding for tool results (core's lib is ES2022 only: the host's
 * TextEncoder, when there is one, is reached through globalThis and only counts; the
 * decoding is ours). The decoder follows the WHATWG replacement rules closely enough for
 * bodies cut at a byte limit: a sequence cut off at the end is dropped, not replaced.
 */

interface HostEncoder {
  encode(text: string): { readonly length: number };
}
// The host's TextEncoder (browser, worker, Node) counts a 64 KiB result ~10x faster than the loop below.
const Encoder = (globalThis as unknown as { TextEncoder?: new () => HostEncoder }).TextEncoder;
const encoder = Encoder === undefined ? undefined : new Encoder();
/** Below this many code units the loop is as fast as encoding, and allocates nothing. */
const ENCODER_FROM = 512;

/** Bytes `text` takes as UTF-8 (a lone surrogate counts as the 3 bytes of U+FFFD, as TextEncoder writes it). */
export function utf8Length(text: string): number {
  if (encoder !== undefined && text.length >= ENCODER_FROM) return encoder.encode(text).length;
  return utf8LengthByLoop(text);
}

/** Whether `text` fits in `maxBytes` of UTF-8; counts only when its length leaves it open (1 to 3 bytes per code unit). */
export function utf8Fits(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return false;
  if (text.length * 3 <= maxBytes) return true;
  return utf8Length(text) <= maxBytes;
}

/** utf8Length without the host's encoder (exported for the test that holds the two to the same counts). */
export function utf8LengthByLoop(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

const REPLACEMENT = 0xfffd;

/** The length of the sequence a lead byte starts, and the bounds of its first continuation. */
function leadOf(byte: number): { length: number; low: number; high: number } | undefined {
  if (byte >= 0xc2 && byte <= 0xdf) return { length: 2, low: 0x80, high: 0xbf };
  if (byte === 0xe0) return { length: 3, low: 0xa0, high: 0xbf };
  if (byte === 0xed) return { length: 3, low: 0x80, high: 0x9f };
  if (byte >= 0xe1 && byte <= 0xef) return { length: 3, low: 0x80, high: 0xbf };
  if (byte === 0xf0) return { length: 4, low: 0x90, high: 0xbf };
  if (byte === 0xf4) return { length: 4, low: 0x80, high: 0x8f };
  if (byte >= 0xf1 && byte <= 0xf3) return { length: 4, low: 0x80, high: 0xbf };
  return undefined;
}

/**
 * Decodes `bytes`; invalid sequences become U+FFFD. With `cut` (the bytes end where a
 * limit stopped reading) an incomplete sequence at the very end is dropped.
 */
export function decodeUtf8(bytes: Uint8Array, cut = false): string {
  const points: number[] = [];
  let out = '';
  const flush = () => {
    out += String.fromCodePoint(...points);
    points.length = 0;
  };
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    if (byte < 0x80) {
      points.push(byte);
      i++;
    } else {
      const lead = leadOf(byte);
      if (lead === undefined) {
        points.push(REPLACEMENT);
        i++;
      } else {
        let point = byte & (0xff >> (lead.length + 1));
        let j = 1;
        for (; j < lead.length && i + j < bytes.length; j++) {
          const next = bytes[i + j]!;
          const [low, high] = j === 1 ? [lead.low, lead.high] : [0x80, 0xbf];
          if (next < low || next > high) break;
          point = (point << 6) | (next & 0x3f);
        }
        if (j === lead.length) points.push(point);
        else if (!(cut && i + j === bytes.length)) points.push(REPLACEMENT);
        i += j;
      }
    }
    if (points.length >= 4096) flush();
  }
  flush();
  return out;
}
