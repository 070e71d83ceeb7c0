/**
 * The app's ONE journal subscription (ARCHITECTURE: one stream). Rebuilds the
 * read-models from a scan, keeps a bounded ring of recent events, folds live batches
 * in incrementally and publishes Solid accessors at most every `batchMs`. Every view,
 * panel and lane filters this stream; none opens its own feed.
 */
import { batch, createMemo, createRoot, createSignal, type Accessor } from 'solid-js';
import type { Journal, StoredEvent } from '../../core/journal/types';
import type { Clock } from '../../core/lib/clock';
import {
  applyToReadModels,
  initReadModelStates,
  type Belief,
  type EpisodeSummary,
  type ReadModels,
  type StageView,
} from '../../core/read-models';
import { createStreamErasure } from './stream-erasure';
import { appendBounded, mergeEvents } from './event-order';
import { createScheduler, type Timers } from './scheduler';

export interface StreamOptions {
  clock: Clock;
  /** Recent events kept in memory for the timeline and truth window (default 2000). */
  ringSize?: number;
  /** Events loaded into the ring at start (default 500). */
  tailSize?: number;
  /** Longest wait before a live batch reaches the UI (default 50 ms). */
  batchMs?: number;
  /** Period of the clock tick that moves time windows (default 1 s). */
  tickMs?: number;
  timers?: Timers;
}

export type StreamPhase = 'loading' | 'ready' | 'failed';

export interface Stream {
  phase: Accessor<StreamPhase>;
  /** Rebuild progress: events folded so far of the journal's count at start. */
  progress: Accessor<{ done: number; total: number }>;
  /** Why the rebuild failed (phase `failed`); already-shown data stays. */
  loadError: Accessor<unknown>;
  /** Clock time, moved by the 1 s tick (time-windowed views read it). */
  now: Accessor<number>;
  /** Events in the journal as seen by this tab (scan + live). */
  eventCount: Accessor<number>;
  /** The newest events, oldest → newest, at most `ringSize`. */
  recentEvents: Accessor<readonly StoredEvent[]>;
  episodes: Accessor<EpisodeSummary[]>;
  observations: Accessor<StageView>;
  beliefs: Accessor<StageView<Belief>>;
  intents: Accessor<StageView>;
  actions: Accessor<StageView>;
  /** One episode's events, chronological: the journal's (up to 1000) merged with live ones. */
  eventsFor(corrId: string): Accessor<readonly StoredEvent[]>;
  selectedCorrId: Accessor<string | undefined>;
  select(corrId: string | undefined): void;
  /** Resolves when the rebuild is done (or failed). */
  ready: Promise<void>;
  /** Publishes pending live events now instead of at the next batch boundary. */
  flush(): void;
  dispose(): void;
}

interface Tracker {
  push(events: readonly StoredEvent[]): void;
  /** Forgets erased events (SPEC §7). */
  drop(ids: ReadonlySet<string>): void;
  merged: Accessor<readonly StoredEvent[]>;
  dispose(): void;
}

const MAX_TRACKERS = 24;

/** Builds the stream and starts loading at once; call `dispose()` to unsubscribe. */
export function createStream(journal: Journal, models: ReadModels, options: StreamOptions): Stream {
  const ringSize = options.ringSize ?? 2000;
  const scheduler = createScheduler(options.timers);
  let states = initReadModelStates(models);
  // Erased episodes keep their leases.* events (SPEC §7): the episodes view leaves them out.
  const erasure = createStreamErasure(journal);
  /** Live events folded while an erasure rebuilds the read-models: folded into the rebuilt states too. */
  let duringRebuild: StoredEvent[] | undefined;
  const now0 = options.clock.now();
  const [phase, setPhase] = createSignal<StreamPhase>('loading');
  const [progress, setProgress] = createSignal({ done: 0, total: 0 });
  const [loadError, setLoadError] = createSignal<unknown>();
  const [now, setNow] = createSignal(now0);
  const [eventCount, setEventCount] = createSignal(0);
  const [recentEvents, setRecent] = createSignal<readonly StoredEvent[]>([]);
  const [episodes, setEpisodes] = createSignal(models.episodes.view(states.episodes, now0));
  const [observations, setObservations] = createSignal(models.observations.view(states.observations, now0));
  const [beliefs, setBeliefs] = createSignal(models.beliefs.view(states.beliefs, now0));
  const [intents, setIntents] = createSignal(models.intents.view(states.intents, now0));
  const [actions, setActions] = createSignal(models.actions.view(states.actions, now0));
  const [selectedCorrId, setSelected] = createSignal<string>();

  const ringSeen = new Set<string>();
  /** Ids of the newest scanned events: live deliveries of these are not new. */
  let scannedTail = new Set<string>();
  const pending: StoredEvent[] = [];
  const trackers = new Map<string, Tracker>();
  let loaded = false;
  let disposed = false;

  const fold = (event: StoredEvent) => {
    // Read-models ignore duplicate ids, so folding an event twice is harmless.
    applyToReadModels(models, states, event);
    erasure.fold(event);
    duringRebuild?.push(event);
  };

  /** Recomputes the views whose inputs changed (`kinds` undefined = all of them). */
  const publishViews = (kinds?: readonly string[], withEpisodes = true) => {
    const at = options.clock.now();
    const touched = (prefix: string) => !kinds || kinds.some((kind) => kind.startsWith(prefix));
    if (withEpisodes) setEpisodes(erasure.visible(models.episodes.view(states.episodes, at)));
    if (touched('obs.')) setObservations(models.observations.view(states.observations, at));
    if (touched('beliefs.')) setBeliefs(models.beliefs.view(states.beliefs, at));
    if (touched('intents.')) setIntents(models.intents.view(states.intents, at));
    if (touched('actions.')) setActions(models.actions.view(states.actions, at));
  };

  const flush = () => {
    scheduler.cancel('batch');
    if (!loaded || pending.length === 0) return;
    const events = pending.splice(0);
    for (const event of events) fold(event);
    const seenNow = new Set<string>();
    const fresh = events.filter((event) => {
      if (ringSeen.has(event.id) || scannedTail.has(event.id) || seenNow.has(event.id)) return false;
      seenNow.add(event.id);
      return true;
    });
    batch(() => {
      setRecent((current) => appendBounded(current, fresh, ringSize, ringSeen));
      setEventCount((count) => count + fresh.length);
      publishViews(
        events.map((event) => event.kind),
        events.some((event) => event.corr_id !== undefined || erasure.hides(event)),
      );
      for (const [corrId, tracker] of trackers) {
        const mine = fresh.filter((event) => event.corr_id === corrId);
        if (mine.length > 0) tracker.push(mine);
      }
    });
  };

  const unsubscribe = journal.subscribe((events) => {
    pending.push(...events);
    // Before the rebuild is done, live events wait; `load` flushes them.
    if (loaded) scheduler.once('batch', options.batchMs ?? 50, flush);
  });

  const load = async () => {
    const tailSize = options.tailSize ?? 500;
    try {
      const [total] = await Promise.all([journal.count(), erasure.load()]);
      setProgress({ done: 0, total });
      let done = 0;
      let newestIds: string[] = [];
      await journal.scan((chunk) => {
        for (const event of chunk) fold(event);
        newestIds = newestIds.concat(chunk.map((event) => event.id)).slice(-2 * tailSize);
        done += chunk.length;
        setProgress({ done, total: Math.max(total, done) });
      });
      scannedTail = new Set(newestIds);
      // Events committed between the scan's end and this read are in the tail only.
      const tail = await journal.tail(tailSize);
      for (const event of tail) fold(event);
      const unscanned = tail.filter((event) => !scannedTail.has(event.id)).length;
      batch(() => {
        setRecent(appendBounded([], [...tail].reverse(), ringSize, ringSeen));
        setEventCount(done + unscanned);
        publishViews();
        setPhase('ready');
      });
    } catch (error) {
      batch(() => {
        setLoadError(error);
        publishViews();
        setPhase('failed');
      });
    } finally {
      loaded = true;
      if (!disposed) flush();
    }
  };

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

  const eventsFor = (corrId: string) => {
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
  };

  scheduler.every('tick', options.tickMs ?? 1000, () => {
    batch(() => {
      setNow(options.clock.now());
      // Stage views drop items by age: recompute them even without new events.
      publishViews(['obs.', 'beliefs.', 'intents.', 'actions.'], false);
    });
  });

  /**
   * An erasure (SPEC §7) removed events from the journal: they leave the ring and the
   * trackers at once, and the read-models are rebuilt from the journal, because a fold
   * cannot take an event back out. Erasures queue behind each other and behind the load.
   */
  let erasing: Promise<void> = Promise.resolve();
  const erase = (ids: ReadonlySet<string>) => {
    batch(() => {
      setRecent((current) => current.filter((event) => !ids.has(event.id)));
      for (const id of ids) ringSeen.delete(id);
      setEventCount((count) => Math.max(0, count - ids.size));
      for (const tracker of trackers.values()) tracker.drop(ids);
    });
    erasing = erasing
      .then(() => ready)
      .then(async () => {
        if (disposed) return;
        const fresh = initReadModelStates(models);
        duringRebuild = [];
        try {
          // The journal's record names every erased episode, also those whose leases.* stay.
          await erasure.load();
          await journal.scan((chunk) => chunk.forEach((event) => applyToReadModels(models, fresh, event)));
          for (const event of duringRebuild) applyToReadModels(models, fresh, event);
          states = fresh;
        } finally {
          duringRebuild = undefined;
        }
        if (!disposed) publishViews();
      })
      .catch(() => undefined); // the journal banner reports a failed read; the old views stay
  };
  const stopErased = journal.onErased((note) => erase(new Set(note.ids)));

  const ready = load();

  return {
    phase,
    progress,
    loadError,
    now,
    eventCount,
    recentEvents,
    episodes,
    observations,
    beliefs,
    intents,
    actions,
    eventsFor,
    selectedCorrId,
    select: (corrId) => setSelected(corrId || undefined),
    ready,
    flush,
    dispose() {
      disposed = true;
      unsubscribe();
      stopErased();
      scheduler.cancelAll();
      for (const tracker of trackers.values()) tracker.dispose();
      trackers.clear();
    },
  };
}
