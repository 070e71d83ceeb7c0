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
const PAGE_ROWS = 200;

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
  /** Runs `job` for up to `share` ms of this turn (at least one step); true when it is to go on. */
  const advance = (job: Job, share: number, turnStarted: number): boolean => {
    const started = now();
    do {
      if (job.cancelled()) {
        job.resolve(undefined);
        return false;
      }
      try {
        const next = job.steps.next();
        if (next.done) {
          job.resolve(next.value);
          return false;
        }
      } catch (error) {
        job.reject(error);
        return false;
      }
    } while (now() - started < share && now() - turnStarted < maxMs);
    return true;
  };
  // Each job gets an equal share of the turn, by time (a fold's page costs more than a
  // restore's hundred records): one long catch-up does not starve the set a request waits on.
  // Jobs the budget did not reach go first next turn.
  const turn = () => {
    scheduled = false;
    const started = now();
    const round = jobs.splice(0);
    const share = maxMs / round.length;
    const ran: Job[] = [];
    const skipped: Job[] = [];
    for (const job of round) {
      if (now() - started >= maxMs) skipped.push(job);
      else if (advance(job, share, started)) ran.push(job);
    }
    jobs.unshift(...skipped, ...ran);
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
