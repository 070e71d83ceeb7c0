/**
 * The scale bench's peak heap sampler (scripts/bench-scale/heap-sampler.ts): the fold
 * keeps first, peak, last and a count, skips missing readings; the loop reads until
 * stopped, once more at the stop, never two readings at once, and survives a reading
 * that throws.
 */
import { describe, expect, test } from 'vitest';
import { foldHeapSample, sampleHeap, type HeapPeak } from '../../scripts/bench-scale/heap-sampler';

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

describe('sampleHeap', () => {
  test('reads until stopped, then once more, one reading at a time', async () => {
    const values = [1, 7, 3];
    let calls = 0;
    let inFlight = 0;
    let overlapped = false;
    const sampler = sampleHeap(async () => {
      inFlight++;
      if (inFlight > 1) overlapped = true;
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight--;
      return values[Math.min(calls++, values.length - 1)];
    }, 5);
    // Wait on the readings themselves, not on a sleep: three are enough to see a peak.
    while (calls < 3) await new Promise((resolve) => setTimeout(resolve, 1));
    const before = calls;
    const peak = await sampler.stop();
    expect(calls).toBe(before + 1);
    expect(overlapped).toBe(false);
    expect(peak).toMatchObject({ first: 1, peak: 7, last: 3, samples: calls });
  });

  test('a reading that throws or has nothing yet is skipped, not fatal', async () => {
    let calls = 0;
    const sampler = sampleHeap(async () => {
      calls++;
      if (calls === 1) return undefined;
      if (calls === 2) throw new Error('target gone');
      return 42;
    }, 1);
    while (calls < 4) await new Promise((resolve) => setTimeout(resolve, 1));
    const peak = await sampler.stop();
    expect(peak).toMatchObject({ first: 42, peak: 42, last: 42, samples: calls - 2 });
  });

  test('stops at once even with a long interval', async () => {
    const started = Date.now();
    const sampler = sampleHeap(async () => 1, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await sampler.stop()).toMatchObject({ samples: 2 });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
