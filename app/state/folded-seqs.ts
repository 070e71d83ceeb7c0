/**
 * Which journal positions (seq) near the top the stream has folded, so a read-model
 * snapshot (SPEC §8) says exactly what it holds and a start resumes from the right place.
 *
 * Why not just "everything up to the snapshot's position": events reach the stream out
 * of seq order. Another tab's commit arrives as a BroadcastChannel note and a read,
 * after this tab may already have folded its own, higher seqs. A snapshot taken in
 * between holds seq 101 but not 100; resuming after 101 would lose 100 for good. So the
 * tracker keeps the folded ranges in a window below the top, and a start re-reads the
 * window's holes: events there that the snapshot holds are skipped by seq, the others
 * (the late deliveries it had not folded) are folded.
 *
 * A scan or tail read sees every event in the seq span it covers (IndexedDB commits
 * writers one after another and seq only grows), so it marks the whole span, gaps of
 * erased or never-committed seqs included; a live delivery marks its own seqs. Holes
 * below the window (`window` seqs under the top) are taken as permanent gaps: that
 * assumes no delivery is later than `window` positions, far beyond any one commit. The
 * ranges kept are bounded too, so the state is small whatever the journal's length.
 */

/** Seqs below the top whose holes are still re-read at start (bounds that re-read). */
export const FOLDED_WINDOW = 8192;
/** Most ranges kept; beyond it the lowest go (as if below the window). */
export const MAX_FOLDED_RANGES = 256;

/** Inclusive `[first, last]` seqs, all folded. */
export type SeqRange = [first: number, last: number];

export interface FoldedSeqs {
  /** The highest seq folded (0: none). */
  top(): number;
  /** Marks every seq in `(after, last]` folded: a read saw every event of that span. */
  through(after: number, last: number): void;
  /** Marks one seq folded (a live delivery). */
  add(seq: number): void;
  /** True when `seq` is known to be folded (inside the window). */
  has(seq: number): boolean;
  /** The folded ranges inside the window, ascending (a copy). */
  ranges(): SeqRange[];
  /** Where a resumed scan starts: above it, only the seqs in `ranges()` are known folded. */
  resumeAfter(): number;
}

/** Why `ranges` cannot describe a window below `top`, or undefined when they can. */
export function checkRanges(ranges: unknown, top: number): string | undefined {
  if (!Array.isArray(ranges)) return 'folded must be a list of [first, last] seq ranges';
  if (ranges.length > MAX_FOLDED_RANGES) return `folded holds ${ranges.length} ranges, more than ${MAX_FOLDED_RANGES}`;
  let previous = 0;
  for (const [index, range] of ranges.entries()) {
    const [first, last] = Array.isArray(range) && range.length === 2 ? (range as unknown[]) : [];
    if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last))
      return `folded[${index}] must be two whole numbers [first, last]`;
    if ((first as number) <= previous || (last as number) < (first as number) || (last as number) > top)
      return `folded[${index}] is not ascending, above the previous range and at most the position ${top}`;
    previous = (last as number) + 1;
  }
  return undefined;
}

/** A tracker starting at `top` with `ranges` folded (checked with `checkRanges`), or an empty one. */
export function createFoldedSeqs(
  initial: { top: number; ranges: readonly SeqRange[] } = { top: 0, ranges: [] },
  window = FOLDED_WINDOW,
): FoldedSeqs {
  const ranges: SeqRange[] = initial.ranges.map(([first, last]) => [first, last]);
  let top = initial.top;
  const floor = () => Math.max(0, top - window);

  const trim = () => {
    const low = floor();
    while (ranges.length > 0 && (ranges[0]![1] <= low || ranges.length > MAX_FOLDED_RANGES)) ranges.shift();
    if (ranges.length > 0 && ranges[0]![0] <= low) ranges[0]![0] = low + 1;
  };

  /** Inserts `[first, last]`, merging with overlapping or adjacent ranges (searched from the top: that is where folds land). */
  const mark = (first: number, last: number) => {
    if (last <= floor() || last < first) return;
    const newest = ranges[ranges.length - 1];
    if (newest !== undefined && first >= newest[0] && first <= newest[1] + 1) {
      // The common case (a scan, the next live commit): the newest range grows in place.
      if (last > newest[1]) newest[1] = last;
      if (last > top) top = last;
      trim();
      return;
    }
    let i = ranges.length;
    while (i > 0 && ranges[i - 1]![0] > last + 1) i--;
    // ranges[i - 1] starts at or below last + 1: merge every range touching [first, last].
    let lo = first;
    let hi = last;
    let j = i;
    while (j > 0 && ranges[j - 1]![1] >= lo - 1) {
      j--;
      lo = Math.min(lo, ranges[j]![0]);
      hi = Math.max(hi, ranges[j]![1]);
    }
    ranges.splice(j, i - j, [lo, hi]);
    if (hi > top) top = hi;
    trim();
  };

  return {
    top: () => top,
    through: (after, last) => mark(Math.max(after + 1, floor() + 1), last),
    add: (seq) => mark(seq, seq),
    has(seq) {
      if (seq <= floor() || seq > top) return false;
      for (let i = ranges.length - 1; i >= 0; i--) {
        const [first, last] = ranges[i]!;
        if (seq > last) return false;
        if (seq >= first) return true;
      }
      return false;
    },
    ranges: () => ranges.map(([first, last]): SeqRange => [first, last]),
    resumeAfter() {
      const low = floor();
      const first = ranges[0];
      if (first === undefined || first[0] > low + 1) return low;
      return first[1];
    },
  };
}
