/**
 * Bounds the episodes model: beyond `max` episodes, the one whose newest event is
 * oldest by (time, id) is dropped and its corr_id remembered, so a late event for it
 * is ignored instead of starting a partial summary. A min-heap holds one entry per
 * episode, keyed by its newest event when the entry was pushed; an episode's newest
 * event only moves later, so each key is ≤ the true one. The top entry is then the
 * episode to evict when its key is still current; when it is stale it goes back with
 * the current key. So an event costs nothing here unless its episode is new, and the
 * heap never holds more than max + 1 entries.
 */
import { createMinHeap, type MinHeap } from './min-heap';
import { compareEvents, type Ordered } from './order';
import type { RecentIds } from './recent-ids';

/** An episode's newest event when it was pushed (a lower bound of its newest event now). */
export interface LastEntry extends Ordered {
  readonly corr: string;
}

/** The part of the episodes state eviction reads and writes. */
export interface EvictableState {
  readonly episodes: Map<string, { readonly id: string; readonly last: Ordered }>;
  readonly evicted: RecentIds;
  /** Derived index over `episodes`, one entry each (built when needed; never in a snapshot). */
  byLast?: MinHeap<LastEntry>;
}

const entryOf = (episode: { readonly id: string; readonly last: Ordered }): LastEntry => ({
  time: episode.last.time,
  id: episode.last.id,
  corr: episode.id,
});

/** Tells the index about a new episode (not needed when its newest event moves on). */
export function noteNew(state: EvictableState, episode: { readonly id: string; readonly last: Ordered }): void {
  state.byLast?.push(entryOf(episode));
}

/** Drops episodes beyond `max`, the one whose newest event is oldest first. */
export function evictBeyond(state: EvictableState, max: number): void {
  if (state.episodes.size <= max) return;
  state.byLast ??= createMinHeap(compareEvents, [...state.episodes.values()].map(entryOf));
  while (state.episodes.size > max) {
    const entry = state.byLast.pop()!;
    const episode = state.episodes.get(entry.corr)!;
    if (episode.last.id !== entry.id) {
      state.byLast.push(entryOf(episode)); // stale: back in with its newest event
      continue;
    }
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
