/**
 * Background work that never holds the event loop for long (issue 13 item 6). Catch-up
 * folds, snapshot restores, episode-view refreshes and snapshot writes are written as
 * steps (core/lib/steps.ts) and run by one TurnScheduler per server: per turn of the
 * loop it runs their steps round-robin for at most SLICE_MS in all, then yields with a
 * `setImmediate`, so /sync, /yjs and /healthz keep answering. One budget for all of
 * them matters: a global and a project set restoring at once, each in its own 10 ms
 * slices, still held the loop for 20 ms and more per turn.
 */
import type { Steps } from '../../core/lib/steps';
import type { StoredRow } from '../storage/event-store';

/** Longest time (ms) the background jobs of one server may run in one turn, together. */
export const SLICE_MS = 15;
/** Rows read and folded per step: small enough that one page never dominates a slice. */
const PAGE_ROWS = 500;

export interface SlicedFold {
  /** One page of rows after `cursor`, ascending (empty = the end). */
  read(cursor: number, limit: number): readonly StoredRow[];
  /** Folds one page. */
  apply(rows: readonly StoredRow[]): void;
  /** Runs in the step of the empty read, with the last position read. */
  onCaughtUp(position: number): void;
}

/**
 * Folds every row after `from`, a page per step; returns the rows folded. The end is
 * reached within one step on an empty read, and `onCaughtUp` runs in that same step: no
 * append can slip in between "nothing more to read" and the caller switching to live folding.
 */
export function* foldSteps(from: number, fold: SlicedFold): Steps<number> {
  let cursor = from;
  let total = 0;
  for (;;) {
    const rows = fold.read(cursor, PAGE_ROWS);
    if (rows.length === 0) {
      fold.onCaughtUp(cursor);
      return total;
    }
    fold.apply(rows);
    cursor = rows[rows.length - 1]!.event.server_seq;
    total += rows.length;
    yield;
  }
}

export interface TurnScheduler {
  /**
   * Runs `steps` on later turns, sharing each turn's budget with the other jobs; resolves
   * with its result, or `undefined` when `cancelled()` (asked before every step) said so.
   */
  run<T>(steps: Steps<T>, cancelled?: () => boolean): Promise<T | undefined>;
}

interface Job {
  steps: Steps<unknown>;
  cancelled: () => boolean;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export function createTurnScheduler(maxMs = SLICE_MS, now: () => number = () => performance.now()): TurnScheduler {
  const jobs: Job[] = [];
  let scheduled = false;
  const turn = () => {
    scheduled = false;
    const started = now();
    while (jobs.length > 0 && now() - started < maxMs) {
      const job = jobs.shift()!;
      if (job.cancelled()) {
        job.resolve(undefined);
        continue;
      }
      try {
        const next = job.steps.next();
        if (next.done) job.resolve(next.value);
        else jobs.push(job);
      } catch (error) {
        job.reject(error);
      }
    }
    if (jobs.length > 0) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(turn);
  };
  return {
    run<T>(steps: Steps<T>, cancelled: () => boolean = () => false) {
      return new Promise<T | undefined>((resolve, reject) => {
        jobs.push({ steps, cancelled, resolve: resolve as (value: unknown) => void, reject });
        schedule();
      });
    },
  };
}
