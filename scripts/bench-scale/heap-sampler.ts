/**
 * Peak heap during a run: a pure fold over heap readings, and a loop that takes a reading
 * every `intervalMs` until stopped. Readings are used JS heap without a forced GC, so the
 * peak includes garbage not yet collected: that is what the page holds at its worst.
 */

export interface HeapPeak {
  /** Readings taken (missing ones, e.g. before a worker started, are not counted). */
  samples: number;
  first: number;
  peak: number;
  last: number;
}

/** Adds one reading (bytes); `undefined` means "no reading this time" and changes nothing. */
export function foldHeapSample(state: HeapPeak | undefined, used: number | undefined): HeapPeak | undefined {
  if (used === undefined || !Number.isFinite(used)) return state;
  if (!state) return { samples: 1, first: used, peak: used, last: used };
  return { samples: state.samples + 1, first: state.first, peak: Math.max(state.peak, used), last: used };
}

export interface HeapSampler {
  /** Stops sampling after one last reading; resolves with the fold of every reading. */
  stop(): Promise<HeapPeak | undefined>;
}

/**
 * Reads `read()` now and then every `intervalMs` (a slow reading delays the next one:
 * readings never overlap). A reading that throws counts as missing.
 */
export function sampleHeap(read: () => Promise<number | undefined>, intervalMs = 100): HeapSampler {
  let state: HeapPeak | undefined;
  let stopped = false;
  let wake: (() => void) | undefined;
  const take = async () => {
    state = foldHeapSample(state, await read().catch(() => undefined));
  };
  const loop = (async () => {
    while (!stopped) {
      await take();
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      await take();
      return state;
    },
  };
}
