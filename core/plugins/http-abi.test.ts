import { describe, expect, test } from 'vitest';
import {
  HTTP_DENIED,
  HTTP_OUT_TOO_SMALL,
  HTTP_TIMEOUT,
  awaitReply,
  copyReplyOut,
  createReplyBuffer,
  readReply,
  writeReply,
} from './http-abi';

// core has no DOM types (no TextEncoder): ASCII is enough here.
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);

describe('arw.http_get ABI', () => {
  test('a reply written by the page reads back in the worker: status and body', () => {
    const buffer = createReplyBuffer(16);
    writeReply(buffer, { status: 201, body: ascii('hello') });
    const reply = awaitReply(buffer, 10);
    expect(reply).toMatchObject({ status: 201 });
    expect(text((reply as { body: Uint8Array }).body)).toBe('hello');
  });

  test('a body longer than the buffer is cut to it', () => {
    const buffer = createReplyBuffer(3);
    writeReply(buffer, { status: 200, body: ascii('abcdef') });
    expect(text((readReply(buffer) as { body: Uint8Array }).body)).toBe('abc');
  });

  test('a refusal is a negative code; no answer in time is HTTP_TIMEOUT', () => {
    const denied = createReplyBuffer(8);
    writeReply(denied, { code: HTTP_DENIED });
    expect(readReply(denied)).toEqual({ code: HTTP_DENIED });
    expect(awaitReply(createReplyBuffer(8), 1)).toEqual({ code: HTTP_TIMEOUT });
  });

  test('copied into the plugin: u32 status little-endian, then the body up to out_cap - 4; returns the bytes written', () => {
    const memory = new Uint8Array(64);
    const n = copyReplyOut(memory, { status: 404, body: ascii('missing') }, 8, 9);
    expect(n).toBe(9);
    expect(new DataView(memory.buffer).getUint32(8, true)).toBe(404);
    expect(text(memory.subarray(12, 17))).toBe('missi');
    expect(copyReplyOut(memory, { status: 200, body: new Uint8Array(0) }, 0, 3)).toBe(HTTP_OUT_TOO_SMALL);
    expect(copyReplyOut(memory, { status: 200, body: new Uint8Array(0) }, 62, 8)).toBe(HTTP_OUT_TOO_SMALL);
    expect(copyReplyOut(memory, { code: HTTP_DENIED }, 0, 8)).toBe(HTTP_DENIED);
  });
});
