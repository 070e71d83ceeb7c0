/**
 * The stream's per-episode event lists (`eventsFor`): each one merges the journal's
 * events of the episode (up to 1000) with the live ones the stream hands it. At most
 * `MAX_TRACKERS` are kept, least recently asked for first out.
 */
import { createMemo, createRoot, createSignal, type Accessor } from 'solid-js';
import type { Journal, StoredEvent } from '../../core/journal/types';
import { mergeEvents } from './event-order';

interface Tracker {
  push(events: readonly StoredEvent[]): void;
  /** Forgets erased events (SPEC §7). */
  drop(ids: ReadonlySet<string>): void;
  merged: Accessor<readonly StoredEvent[]>;
  dispose(): void;
}

const MAX_TRACKERS = 24;

export interface Trackers {
  eventsFor(corrId: string): Accessor<readonly StoredEvent[]>;
  /** New live events (each tracker takes those of its episode). */
  push(events: readonly StoredEvent[]): void;
  drop(ids: ReadonlySet<string>): void;
  dispose(): void;
}

export function createTrackers(journal: Journal, recentEvents: Accessor<readonly StoredEvent[]>): Trackers {
  const trackers = new Map<string, Tracker>();

  // Detached roots (owner null): a tracker outlives the component that first asked.
  const makeTracker = (corrId: string): Tracker =>
    createRoot((dispose) => {
      const [fetched, setFetched] = createSignal<readonly StoredEvent[]>([]);
      const [live, setLive] = createSignal<StoredEvent[]>(recentEvents().filter((event) => event.corr_id === corrId));
      const merged = createMemo(() => mergeEvents(fetched(), live()));
      journal.query({ corrId, limit: 1000 }).then(
        (page) => setFetched(page.events),
        () => undefined, // the live part still shows; the journal banner reports the failure
      );
      return {
        push: (events) => setLive((current) => current.concat(events)),
        drop(ids) {
          setFetched((current) => current.filter((event) => !ids.has(event.id)));
          setLive((current) => current.filter((event) => !ids.has(event.id)));
        },
        merged,
        dispose,
      };
    }, null);

  return {
    eventsFor(corrId) {
      let tracker = trackers.get(corrId);
      if (tracker) trackers.delete(corrId);
      else tracker = makeTracker(corrId);
      trackers.set(corrId, tracker); // re-insert: Map order is the LRU order
      if (trackers.size > MAX_TRACKERS) {
        const [oldestId, oldest] = trackers.entries().next().value as [string, Tracker];
        trackers.delete(oldestId);
        oldest.dispose();
      }
      return tracker.merged;
    },
    push(events) {
      for (const [corrId, tracker] of trackers) {
        const mine = events.filter((event) => event.corr_id === corrId);
        if (mine.length > 0) tracker.push(mine);
      }
    },
    drop(ids) {
      for (const tracker of trackers.values()) tracker.drop(ids);
    },
    dispose() {
      for (const tracker of trackers.values()) tracker.dispose();
      trackers.clear();
    },
  };
}
