/**
 * The `arw.http_get(url_ptr, url_len, out_ptr, out_cap) -> i32` ABI and the shared
 * buffer the worker waits on while the page decides and fetches. Pure: both sides use
 * these functions (core: no DOM; SharedArrayBuffer and Atomics are ES2017), and unit tests
 * run them in Node.
 *
 * Return value: >= 4 on success, the bytes written to out: a little-endian u32 HTTP status,
 * then the body's first (out_cap - 4) bytes. Negative: an HTTP_* code below.
 *
 * Reply buffer (SharedArrayBuffer): Int32 [0] state (0 waiting, 1 done), [1] the code or the
 * body length, [2] the HTTP status, [3] unused; body bytes from byte 16.
 */

export const HTTP_DENIED = -1;
export const HTTP_NETWORK_ERROR = -2;
export const HTTP_BAD_URL = -3;
export const HTTP_OUT_TOO_SMALL = -4;
export const HTTP_TIMEOUT = -5;

/** The largest body one call carries across, whatever out_cap says. */
export const HTTP_MAX_BODY = 1024 * 1024;
const HEADER = 16;

export const HTTP_CODE_WORDS: Readonly<Record<number, string>> = {
  [HTTP_DENIED]: 'the request was denied',
  [HTTP_NETWORK_ERROR]: 'the request failed on the network',
  [HTTP_BAD_URL]: 'the URL is not an http(s) URL',
  [HTTP_OUT_TOO_SMALL]: 'out_cap is below 4 bytes',
  [HTTP_TIMEOUT]: 'the page did not answer in time',
};

/** A reply buffer for a body of at most `cap` bytes. */
export function createReplyBuffer(cap: number): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER + Math.max(0, Math.min(cap, HTTP_MAX_BODY)));
}

/** Page side: writes a success (status, body cut to the buffer) or a negative code, then wakes the worker. */
export function writeReply(buffer: SharedArrayBuffer, reply: { status: number; body: Uint8Array } | { code: number }) {
  const ints = new Int32Array(buffer, 0, 4);
  if ('code' in reply) {
    Atomics.store(ints, 1, reply.code);
  } else {
    const room = buffer.byteLength - HEADER;
    const body = reply.body.subarray(0, room);
    new Uint8Array(buffer, HEADER, body.byteLength).set(body);
    Atomics.store(ints, 2, reply.status);
    Atomics.store(ints, 1, body.byteLength);
  }
  Atomics.store(ints, 0, 1);
  Atomics.notify(ints, 0);
}

export type HttpReply = { status: number; body: Uint8Array } | { code: number };

/** Worker side: blocks until the page has written the reply (or `timeoutMs` passed), then reads it. */
export function awaitReply(buffer: SharedArrayBuffer, timeoutMs: number): HttpReply {
  const ints = new Int32Array(buffer, 0, 4);
  if (Atomics.wait(ints, 0, 0, timeoutMs) === 'timed-out' && Atomics.load(ints, 0) === 0) return { code: HTTP_TIMEOUT };
  return readReply(buffer);
}

/** Reads a written reply (no waiting). */
export function readReply(buffer: SharedArrayBuffer): HttpReply {
  const ints = new Int32Array(buffer, 0, 4);
  const n = Atomics.load(ints, 1);
  if (n < 0) return { code: n };
  return { status: Atomics.load(ints, 2), body: new Uint8Array(buffer, HEADER, n).slice() };
}

/** Copies a reply into the plugin's memory at out_ptr (cap out_cap); returns the i32 the import returns. */
export function copyReplyOut(memory: Uint8Array, reply: HttpReply, outPtr: number, outCap: number): number {
  if ('code' in reply) return reply.code;
  if (outCap < 4) return HTTP_OUT_TOO_SMALL;
  if (outPtr < 0 || outPtr + outCap > memory.byteLength) return HTTP_OUT_TOO_SMALL;
  const body = reply.body.subarray(0, outCap - 4);
  new DataView(memory.buffer, memory.byteOffset).setUint32(outPtr, reply.status >>> 0, true);
  memory.set(body, outPtr + 4);
  return 4 + body.byteLength;
}
