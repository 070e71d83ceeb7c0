import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contextWindow, createCharVocab, fillContextWindow } from './char-vocab';

describe('context windows', () => {
  it('contextWindow keeps the last ids, left-padded to the size', () => {
    expect(contextWindow([1, 2, 3], 5, 0)).toEqual([0, 0, 1, 2, 3]);
    expect(contextWindow([1, 2, 3, 4, 5, 6], 4, 0)).toEqual([3, 4, 5, 6]);
    expect(contextWindow([], 2, 9)).toEqual([9, 9]);
  });

  it('fillContextWindow writes exactly contextWindow into a reused buffer, for any ids', () => {
    const vocab = createCharVocab([' ', ...'abcdefghij']);
    const big = vocab.chars.map((_, id) => BigInt(id));
    const buffer = new BigInt64Array(6);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: vocab.chars.length - 1 }), { maxLength: 20 }), (ids) => {
        fillContextWindow(buffer, ids, vocab.id(' '), big);
        expect(Array.from(buffer, Number)).toEqual(contextWindow(ids, 6, vocab.id(' ')));
      }),
    );
  });
});
