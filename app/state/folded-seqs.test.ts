/** The folded-seq tracker behind read-model snapshots (SPEC §8): exact ranges near the top, bounded. */
import { describe, expect, it } from 'vitest';
import { checkRanges, createFoldedSeqs, MAX_FOLDED_RANGES } from './folded-seqs';

describe('folded seqs', () => {
  it('a scan marks its whole span; a late live delivery fills a hole; resume starts at the first hole', () => {
    const folded = createFoldedSeqs();
    expect(folded.resumeAfter()).toBe(0);
    folded.through(0, 100);
    folded.add(102);
    folded.add(103);
    expect(folded.top()).toBe(103);
    expect(folded.ranges()).toEqual([
      [1, 100],
      [102, 103],
    ]);
    expect(folded.has(101)).toBe(false);
    expect(folded.has(102)).toBe(true);
    expect(folded.resumeAfter()).toBe(100);
    folded.add(101);
    expect(folded.ranges()).toEqual([[1, 103]]);
    expect(folded.resumeAfter()).toBe(103);
  });

  it('keeps only the window below the top, and a bounded number of ranges', () => {
    const folded = createFoldedSeqs(undefined, 10);
    folded.through(0, 5);
    folded.add(8);
    folded.through(8, 20);
    expect(folded.ranges()).toEqual([[11, 20]]);
    expect(folded.has(9)).toBe(false); // below the window: not known, re-read never needed
    expect(folded.resumeAfter()).toBe(20);
    const many = createFoldedSeqs(undefined, 1_000_000);
    for (let seq = 2; seq < 2 * (MAX_FOLDED_RANGES + 50); seq += 2) many.add(seq);
    expect(many.ranges()).toHaveLength(MAX_FOLDED_RANGES);
    expect(many.ranges().at(-1)).toEqual([many.top(), many.top()]);
  });

  it('restores from stored ranges, and refuses ranges it cannot trust, in words', () => {
    const restored = createFoldedSeqs({
      top: 50,
      ranges: [
        [1, 40],
        [45, 50],
      ],
    });
    expect(restored.resumeAfter()).toBe(40);
    expect(restored.has(44)).toBe(false);
    // Seqs 1–9 not known folded: the resumed scan starts below them.
    expect(createFoldedSeqs({ top: 50, ranges: [[10, 50]] }).resumeAfter()).toBe(0);
    expect(
      checkRanges(
        [
          [10, 40],
          [45, 50],
        ],
        50,
      ),
    ).toBeUndefined();
    expect(checkRanges('x', 50)).toMatch(/list of \[first, last\]/);
    expect(checkRanges([[10, 60]], 50)).toMatch(/at most the position 50/);
    expect(
      checkRanges(
        [
          [10, 20],
          [15, 30],
        ],
        50,
      ),
    ).toMatch(/folded\[1\] is not ascending/);
    expect(checkRanges([[1.5, 2]], 50)).toMatch(/folded\[0\] must be two whole numbers/);
  });
});
