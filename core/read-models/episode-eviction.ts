/**
 * Bounds the episodes model: beyond `max` episodes, the one whose newest event is
 * oldest by (time, id) is dropped and its corr_id remembered, so a late event for it
 * is ignored instead of starting a partial summary. A lazy min-heap finds it in
 * O(log n); entries go stale when an episode's newest event moves on, and the heap is
 * rebuilt from the episodes when stale entries pile up, so it stays O(max) too.
 */
import { createMinHeap, type MinHeap } from './min-heap';
import { compareEvents, type Ordered } from './order';
import type { RecentIds } from './recent-ids';

/** An episode's newest event when it was pushed. */
export interface LastEntry extends Ordered {
  readonly corr: string;
}

/** The part of the episodes state eviction reads and writes. */
export interface EvictableState {
  readonly episodes: Map<string, { readonly id: string; readonly last: Ordered }>;
  readonly evicted: RecentIds;
  /** Derived index over `episodes` (built when needed; never in a snapshot). */
  byLast?: MinHeap<LastEntry>;
}

const entryOf = (episode: { readonly id: string; readonly last: Ordered }): LastEntry => ({
  time: episode.last.time,
  id: episode.last.id,
  corr: episode.id,
});

/** Tells the index that `corr`'s newest event is now `last` (new episode, or it moved on). */
export function noteLast(state: EvictableState, episode: { readonly id: string; readonly last: Ordered }): void {
  state.byLast?.push(entryOf(episode));
}

/** Drops episodes beyond `max`, the one whose newest event is oldest first. */
export function evictBeyond(state: EvictableState, max: number): void {
  if (state.episodes.size <= max) return;
  if (state.byLast === undefined || state.byLast.size > 2 * max + 1024) {
    state.byLast = createMinHeap(compareEvents, [...state.episodes.values()].map(entryOf));
  }
  while (state.episodes.size > max) {
    const entry = state.byLast.pop()!;
    if (state.episodes.get(entry.corr)?.last.id !== entry.id) continue; // stale
    state.episodes.delete(entry.corr);
    state.evicted.add(entry.corr);
  }
}

/** `maxEpisodes` checked: a whole number of at least 1. */
export function checkedMaxEpisodes(maxEpisodes: number): number {
  if (!Number.isInteger(maxEpisodes) || maxEpisodes < 1) {
    throw new RangeError(`maxEpisodes must be a whole number of at least 1, got ${String(maxEpisodes)}`);
  }
  return maxEpisodes;
}
