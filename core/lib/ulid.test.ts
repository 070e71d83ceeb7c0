/**
 * ULIDs (SPEC E1): the time prefix, fresh randomness in a new millisecond, and within one
 * millisecond a random part that counts up by exactly one, carrying, until it overflows.
 */
import { describe, expect, test } from 'vitest';
import { createUlidFactory, ulidTime } from './ulid';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** The 80-bit random part as a number. */
const randomOf = (id: string) => [...id.slice(10)].reduce((n, c) => n * 32n + BigInt(ALPHABET.indexOf(c)), 0n);

describe('ulid', () => {
  test('a new millisecond gets its time prefix and fresh randomness', () => {
    let now = 1_772_000_000_000;
    const bytes = [Array.from({ length: 16 }, (_, i) => i), Array.from({ length: 16 }, (_, i) => 255 - i)];
    let call = 0;
    const next = createUlidFactory(
      () => now,
      () => Uint8Array.from(bytes[call++]!),
    );
    const first = next();
    now += 1;
    const second = next();
    expect(first).toBe('01KJ9PWE000123456789ABCDEF');
    expect(ulidTime(first)).toBe(now - 1);
    expect(ulidTime(second)).toBe(now);
    expect(second.slice(10)).toBe('ZYXWVTSRQPNMKJHG');
  });

  test('within one millisecond (or a clock that went back) each id is the last plus one, carrying', () => {
    let now = 5_000;
    const next = createUlidFactory(
      () => now,
      (n) => Uint8Array.from({ length: n }, (_, i) => (i === n - 1 ? 29 : i === n - 2 ? 31 : 7)),
    );
    const ids = [next()];
    for (let i = 0; i < 100; i++) {
      if (i === 50) now -= 3;
      ids.push(next());
    }
    expect(ids[0]!.slice(-3)).toBe('7ZX');
    expect(ids.slice(1, 4).map((id) => id.slice(-3))).toEqual(['7ZY', '7ZZ', '800']);
    for (let i = 1; i < ids.length; i++) {
      expect(ids[i]!.slice(0, 10)).toBe(ids[0]!.slice(0, 10));
      expect(randomOf(ids[i]!) - randomOf(ids[i - 1]!)).toBe(1n);
    }
    expect([...ids].sort()).toEqual(ids);
  });

  test('the randomness overflowing within one millisecond throws', () => {
    const next = createUlidFactory(
      () => 1,
      (n) => new Uint8Array(n).fill(31),
    );
    expect(next().slice(10)).toBe('ZZZZZZZZZZZZZZZZ');
    expect(() => next()).toThrow('ulid randomness overflow within one millisecond');
  });
});
