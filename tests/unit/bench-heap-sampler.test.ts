/**
 * The scale bench's peak heap sampler (scripts/bench-scale/heap-sampler.ts): the fold
 * keeps first, peak, last and a count, skips missing readings; the loop reads until
 * stopped, once more at the stop, never two readings at once, forces a GC before every
 * n-th reading and the last (those are also folded as "live"), and survives a reading
 * that throws.
 */
import { describe, expect, test } from 'vitest';
import { foldHeapSample, sampleHeap, type HeapPeak, type HeapTarget } from '../../scripts/bench-scale/heap-sampler';

describe('foldHeapSample', () => {
  test('keeps the first, the highest and the last reading and counts them', () => {
    let state: HeapPeak | undefined;
    for (const used of [10, 30, 20, 25]) state = foldHeapSample(state, used);
    expect(state).toEqual({ samples: 4, first: 10, peak: 30, last: 25 });
  });

  test('a missing or non-finite reading changes nothing', () => {
    expect(foldHeapSample(undefined, undefined)).toBeUndefined();
    const state = foldHeapSample(undefined, 5);
    expect(foldHeapSample(state, undefined)).toBe(state);
    expect(foldHeapSample(state, Number.NaN)).toBe(state);
  });
});

/** A target whose readings come from `next`; counts readings and GCs, and notices overlapping readings. */
function fakeTarget(next: (call: number) => number | undefined, delayMs = 0) {
  const seen = { calls: 0, collects: 0, overlapped: false, collectedBefore: [] as number[] };
  let inFlight = 0;
  let collected = false;
  const target: HeapTarget = {
    async usage() {
      inFlight++;
      if (inFlight > 1) seen.overlapped = true;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      inFlight--;
      const call = seen.calls++;
      if (collected) seen.collectedBefore.push(call);
      collected = false;
      return next(call);
    },
    async collect() {
      seen.collects++;
      collected = true;
    },
  };
  return { target, seen };
}

const until = async (done: () => boolean) => {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 1));
};

describe('sampleHeap', () => {
  test('reads until stopped, then once more after a GC, one reading at a time', async () => {
    const values = [1, 7, 3];
    const { target, seen } = fakeTarget((call) => values[Math.min(call, values.length - 1)], 2);
    const sampler = sampleHeap(target, 5, 0);
    // Wait on the readings themselves, not on a sleep: three are enough to see a peak.
    await until(() => seen.calls >= 3);
    const before = seen.calls;
    const readings = await sampler.stop();
    expect(seen.calls).toBe(before + 1);
    expect(seen.overlapped).toBe(false);
    expect(readings.all).toMatchObject({ first: 1, peak: 7, last: 3, samples: seen.calls });
    // collectEvery 0: only the last reading comes after a GC.
    expect(seen.collectedBefore).toEqual([seen.calls - 1]);
    expect(readings.live).toEqual({ samples: 1, first: 3, peak: 3, last: 3 });
  });

  test('every collectEvery-th reading comes right after a GC and is also folded as live', async () => {
    const { target, seen } = fakeTarget((call) => 100 + call);
    const sampler = sampleHeap(target, 1, 3);
    await until(() => seen.calls >= 7);
    const readings = await sampler.stop();
    const last = seen.calls - 1;
    // Readings 3, 6, … (1-based) and the last one follow a GC.
    const expected = [...Array(seen.calls).keys()].filter((call) => (call + 1) % 3 === 0 && call !== last);
    expect(seen.collectedBefore).toEqual([...expected, last]);
    expect(readings.live).toMatchObject({ samples: expected.length + 1, first: 102, last: 100 + last });
    expect(readings.all?.samples).toBe(seen.calls);
  });

  test('a reading that throws or has nothing yet is skipped, not fatal', async () => {
    const { target, seen } = fakeTarget((call) => {
      if (call === 0) return undefined;
      if (call === 1) throw new Error('target gone');
      return 42;
    });
    const sampler = sampleHeap(target, 1, 0);
    await until(() => seen.calls >= 4);
    const readings = await sampler.stop();
    expect(readings.all).toMatchObject({ first: 42, peak: 42, last: 42, samples: seen.calls - 2 });
  });

  test('nothing to read at all gives no folds', async () => {
    const { target, seen } = fakeTarget(() => undefined);
    const sampler = sampleHeap(target, 1, 2);
    await until(() => seen.calls >= 3);
    expect(await sampler.stop()).toEqual({});
  });

  test('stops at once even with a long interval', async () => {
    const started = Date.now();
    const { target } = fakeTarget(() => 1);
    const sampler = sampleHeap(target, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await sampler.stop()).all).toMatchObject({ samples: 2 });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
