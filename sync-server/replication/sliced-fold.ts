/**
 * Catch-up folds that never hold the event loop for long (issue 13 item 6): rows are
 * read page by page and folded in slices of at most SLICE_ROWS rows or SLICE_MS, with a
 * `setImmediate` between slices, so /sync, /yjs and /healthz keep answering while a
 * large store is folded. The end is reached synchronously on an empty read, and
 * `onCaughtUp` runs in that same tick: no append can slip in between "nothing more to
 * read" and the caller switching to live folding.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { StoredRow } from '../storage/event-store';

/** Most rows folded between two yields. */
export const SLICE_ROWS = 2000;
/** Longest time (ms) one slice may run before it yields. */
export const SLICE_MS = 20;
/** Rows read per page: small enough that one page never dominates a slice. */
const PAGE_ROWS = 500;

export interface SlicedFold {
  /** One page of rows after `cursor`, ascending (empty = the end). */
  read(cursor: number, limit: number): readonly StoredRow[];
  /** Folds one page. */
  apply(rows: readonly StoredRow[]): void;
  /** Runs in the tick of the empty read, with the last position read. */
  onCaughtUp(position: number): void;
  /** Checked before every page: true abandons the fold (an erasure started another). */
  cancelled?(): boolean;
  now?: () => number;
  maxRows?: number;
  maxMs?: number;
}

/**
 * Folds every row after `from` in slices. Resolves with the rows folded, or `undefined`
 * when `cancelled()` ended it first (then `onCaughtUp` never ran).
 */
export async function foldInSlices(from: number, fold: SlicedFold): Promise<number | undefined> {
  const now = fold.now ?? (() => performance.now());
  const maxRows = fold.maxRows ?? SLICE_ROWS;
  const maxMs = fold.maxMs ?? SLICE_MS;
  let cursor = from;
  let total = 0;
  for (;;) {
    const started = now();
    let inSlice = 0;
    while (inSlice < maxRows && now() - started < maxMs) {
      if (fold.cancelled?.()) return undefined;
      const rows = fold.read(cursor, Math.min(PAGE_ROWS, maxRows - inSlice));
      if (rows.length === 0) {
        fold.onCaughtUp(cursor);
        return total;
      }
      fold.apply(rows);
      cursor = rows[rows.length - 1]!.event.server_seq;
      inSlice += rows.length;
      total += rows.length;
    }
    await nextTurn();
  }
}
