/**
 * Peak heap during a run: a pure fold over heap readings, and a loop that takes a reading
 * every `intervalMs` until stopped, forcing a full GC before every `collectEvery`-th one.
 * Without those GCs the peak measured how long V8 waits to collect, not what the run
 * holds (at 100k events the export's peak was 2.6× the 10k one while the heap after GC
 * stayed flat); with them, both readings still grow if the run keeps what it reads.
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

/** One heap to watch: its used size now, and a full GC. */
export interface HeapTarget {
  /** Used JS heap in bytes; undefined while there is nothing to read (a worker not started yet). */
  usage(): Promise<number | undefined>;
  collect(): Promise<void>;
}

export interface HeapReadings {
  /** Every reading: the peak includes garbage collected at most `collectEvery` readings later. */
  all?: HeapPeak;
  /** The readings right after a forced GC: what is really held. */
  live?: HeapPeak;
}

export interface HeapSampler {
  /** Stops sampling after one last reading (after a GC); resolves with the folds. */
  stop(): Promise<HeapReadings>;
}

/**
 * Reads `target` now and then every `intervalMs` (a slow reading delays the next one:
 * readings never overlap); every `collectEvery`-th reading and the last one come right
 * after a forced GC (0: never, but the last). A reading that throws counts as missing.
 */
export function sampleHeap(target: HeapTarget, intervalMs = 100, collectEvery = 20): HeapSampler {
  const readings: HeapReadings = {};
  let stopped = false;
  let count = 0;
  let wake: (() => void) | undefined;
  const take = async (collect: boolean) => {
    try {
      if (collect) await target.collect();
      const used = await target.usage();
      readings.all = foldHeapSample(readings.all, used);
      if (collect) readings.live = foldHeapSample(readings.live, used);
    } catch {
      // A target that went away between two readings: this one is missing.
    }
  };
  const loop = (async () => {
    while (!stopped) {
      count += 1;
      await take(collectEvery > 0 && count % collectEvery === 0);
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
      await take(true);
      return readings;
    },
  };
}
