import { describe, expect, test } from 'vitest';
import { decodeUtf8, utf8Fits, utf8Length, utf8LengthByLoop } from './utf8';

const samples = ['plain ascii', 'café crème', '日本語のテキスト', 'emoji 😀👍🏽 mixed', 'lone \ud800 surrogate', ''];

describe('utf8', () => {
  test('utf8Length counts the bytes Node encodes', () => {
    for (const text of samples) expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
  });

  test("long texts (counted by the host's encoder) and the loop agree with Node", () => {
    for (const text of [...samples, ...samples.map((sample) => sample.repeat(100)), 'a\ud800'.repeat(300)]) {
      expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
      expect(utf8LengthByLoop(text)).toBe(Buffer.byteLength(text, 'utf8'));
    }
  });

  test('utf8Fits is true exactly up to the byte count', () => {
    for (const text of ['x'.repeat(700), 'é'.repeat(400), '日本'.repeat(300), '😀'.repeat(200), 'ab']) {
      const bytes = Buffer.byteLength(text, 'utf8');
      expect([utf8Fits(text, bytes - 1), utf8Fits(text, bytes), utf8Fits(text, bytes * 3)]).toEqual([
        false,
        true,
        true,
      ]);
    }
  });

  test('decodeUtf8 agrees with TextDecoder on valid and invalid input', () => {
    const decoder = new TextDecoder();
    const invalid = [
      Uint8Array.from([0xff, 0x41, 0xc0, 0x80, 0x42]),
      Uint8Array.from([0xe2, 0x28, 0xa1]),
      Uint8Array.from([0xed, 0xa0, 0x80]),
      Uint8Array.from([0xf4, 0x90, 0x80, 0x80]),
      Uint8Array.from([0xe6, 0x97]),
    ];
    for (const bytes of [...samples.map((text) => new TextEncoder().encode(text)), ...invalid]) {
      expect(decodeUtf8(bytes)).toBe(decoder.decode(bytes));
    }
  });

  test('a sequence cut by a byte limit is dropped, not replaced', () => {
    const bytes = new TextEncoder().encode('ab日本');
    expect(decodeUtf8(bytes.subarray(0, 4), true)).toBe('ab');
    expect(decodeUtf8(bytes.subarray(0, 4), false)).toBe('ab\ufffd');
  });
});
