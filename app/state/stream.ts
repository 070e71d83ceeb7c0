/**
 * The app's ONE journal subscription (ARCHITECTURE: one stream). Starts the read-models
 * from the stored snapshot and the events after it, or a full scan (stream-load.ts, SPEC
 * §8), keeps a bounded ring of recent events, folds live batches in, publishes Solid
 * accessors at most every `batchMs` and writes snapshots in the background
 * (snapshot-writer.ts). Every view, panel and lane filters this stream, none its own feed.
 */
import { batch, createSignal, type Accessor } from 'solid-js';
import type { Journal, StoredEvent } from '../../core/journal/types';
import type { Clock } from '../../core/lib/clock';
import { type Belief, type EpisodeSummary, type ReadModels, type StageView } from '../../core/read-models';
import { createStreamErasure } from './stream-erasure';
import {
  emptyTarget,
  foldInto,
  loadStream,
  rebuildTarget,
  snapshotOf,
  type FoldTarget,
  type StreamStart,
} from './stream-load';
import type { SnapshotStore } from './snapshot-store';
import { createSnapshotWriter, type PageLifecycle } from './snapshot-writer';
import { appendBounded } from './event-order';
import { createTrackers } from './stream-trackers';
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
  /** Where read-model snapshots are kept (SPEC §8); without one, every start scans the journal. */
  snapshots?: SnapshotStore;
  /** Page hide / leave events that prompt a snapshot (default: the browser's). */
  page?: PageLifecycle;
  /** Runs background work when the main thread is idle (default: requestIdleCallback, else a timer). */
  idle?(task: () => void): void;
}

export type { StreamStart } from './stream-load';

export type StreamPhase = 'loading' | 'ready' | 'failed';

export interface Stream {
  phase: Accessor<StreamPhase>;
  /** Rebuild progress: events folded so far of the journal's count at start. */
  progress: Accessor<{ done: number; total: number }>;
  /** Why the rebuild failed (phase `failed`); already-shown data stays. */
  loadError: Accessor<unknown>;
  /** How the read-models started (from the snapshot or the journal), once ready. */
  start: Accessor<StreamStart | undefined>;
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

/** Builds the stream and starts loading at once; call `dispose()` to unsubscribe. */
export function createStream(journal: Journal, models: ReadModels, options: StreamOptions): Stream {
  const ringSize = options.ringSize ?? 2000;
  const scheduler = createScheduler(options.timers);
  /** The read-model states and the seqs they hold; replaced whole by a load or an erasure rebuild. */
  let target: FoldTarget = emptyTarget(models);
  // Erased episodes keep their leases.* events (SPEC §7): the episodes view leaves them out.
  const erasure = createStreamErasure(journal);
  /** Live events folded while an erasure rebuilds the read-models: folded into the rebuilt states too. */
  let duringRebuild: StoredEvent[] | undefined;
  const now0 = options.clock.now();
  const [phase, setPhase] = createSignal<StreamPhase>('loading');
  const [progress, setProgress] = createSignal({ done: 0, total: 0 });
  const [loadError, setLoadError] = createSignal<unknown>();
  const [start, setStart] = createSignal<StreamStart>();
  const [now, setNow] = createSignal(now0);
  const [eventCount, setEventCount] = createSignal(0);
  const [recentEvents, setRecent] = createSignal<readonly StoredEvent[]>([]);
  const [episodes, setEpisodes] = createSignal(models.episodes.view(target.states.episodes, now0));
  const [observations, setObservations] = createSignal(models.observations.view(target.states.observations, now0));
  const [beliefs, setBeliefs] = createSignal(models.beliefs.view(target.states.beliefs, now0));
  const [intents, setIntents] = createSignal(models.intents.view(target.states.intents, now0));
  const [actions, setActions] = createSignal(models.actions.view(target.states.actions, now0));
  const [selectedCorrId, setSelected] = createSignal<string>();

  const ringSeen = new Set<string>();
  /** Ids of the newest scanned events: live deliveries of these are not new. */
  let scannedTail = new Set<string>();
  /** Erasures whose rebuild has not finished: no snapshot may be written meanwhile. */
  let erasuresPending = 0;
  const pending: StoredEvent[] = [];
  const trackers = createTrackers(journal, recentEvents);
  let loaded = false;
  let disposed = false;

  const writer =
    options.snapshots &&
    createSnapshotWriter({
      store: options.snapshots,
      now: () => options.clock.now(),
      timers: options.timers,
      idle: options.idle,
      page: options.page,
      take: () =>
        phase() !== 'ready' || duringRebuild || erasuresPending > 0
          ? undefined
          : snapshotOf(models, target, { erased: erasure.recordSize(), count: eventCount() }, options.clock.now()),
    });

  /** Folds one live event; true when its seq was new (then it is counted). */
  const fold = (event: StoredEvent): boolean => {
    erasure.fold(event);
    duringRebuild?.push(event);
    // A seq already held, or an id inside the recent window, is not folded twice.
    if (!foldInto(models, target, event)) return false;
    writer?.folded(1);
    return true;
  };

  /** Recomputes the views whose inputs changed (`kinds` undefined = all of them). */
  const publishViews = (kinds?: readonly string[], withEpisodes = true) => {
    const at = options.clock.now();
    const touched = (prefix: string) => !kinds || kinds.some((kind) => kind.startsWith(prefix));
    if (withEpisodes) setEpisodes(erasure.visible(models.episodes.view(target.states.episodes, at)));
    if (touched('obs.')) setObservations(models.observations.view(target.states.observations, at));
    if (touched('beliefs.')) setBeliefs(models.beliefs.view(target.states.beliefs, at));
    if (touched('intents.')) setIntents(models.intents.view(target.states.intents, at));
    if (touched('actions.')) setActions(models.actions.view(target.states.actions, at));
  };

  const flush = () => {
    scheduler.cancel('batch');
    if (!loaded || pending.length === 0) return;
    const events = pending.splice(0);
    let added = 0;
    for (const event of events) if (fold(event)) added++;
    const seenNow = new Set<string>();
    const fresh = events.filter((event) => {
      if (ringSeen.has(event.id) || scannedTail.has(event.id) || seenNow.has(event.id)) return false;
      seenNow.add(event.id);
      return true;
    });
    batch(() => {
      setRecent((current) => appendBounded(current, fresh, ringSize, ringSeen));
      setEventCount((count) => count + added);
      publishViews(
        events.map((event) => event.kind),
        events.some((event) => event.corr_id !== undefined || erasure.hides(event)),
      );
      trackers.push(fresh);
    });
  };

  const unsubscribe = journal.subscribe((events) => {
    pending.push(...events);
    // Before the rebuild is done, live events wait; `load` flushes them.
    if (loaded) scheduler.once('batch', options.batchMs ?? 50, flush);
  });

  const load = async () => {
    try {
      const loaded = await loadStream({
        journal,
        models,
        snapshots: options.snapshots,
        erasure,
        tailSize: options.tailSize ?? 500,
        onProgress: (done, total) => setProgress({ done, total }),
        use: (states) => void (target = states),
      });
      scannedTail = loaded.scannedTail;
      batch(() => {
        setRecent(appendBounded([], [...loaded.tail].reverse(), ringSize, ringSeen));
        setEventCount(loaded.eventCount);
        publishViews();
        setStart(loaded.start);
        setPhase('ready');
      });
      // A full scan leaves a fresh snapshot behind; a start from one counts what it folded.
      if (loaded.start.from === 'journal') writer?.resume();
      // No journal.count() to confirm it: IndexedDB counts by walking every key, seconds at
      // 1M events, and appends would queue behind it. The snapshot's count plus what was
      // folded is the count (erasures adjust it, a full rebuild recounts).
      else writer?.folded(loaded.start.folded);
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
      trackers.drop(ids);
    });
    // SPEC §8: the stored snapshot may hold the erased events; it goes before the rebuild.
    erasuresPending++;
    void writer?.invalidate();
    let rebuilt: number | undefined;
    erasing = erasing
      .then(() => ready)
      .then(async () => {
        if (disposed) return;
        try {
          // Live events still pending that the scan takes are counted here, not in flush.
          ({ target, count: rebuilt } = await rebuildTarget(journal, models, erasure, (duringRebuild = [])));
          setEventCount(rebuilt);
        } finally {
          duringRebuild = undefined;
        }
        if (!disposed) publishViews();
      })
      .catch(() => undefined) // the journal banner reports a failed read; the old views stay
      .finally(() => {
        erasuresPending--;
        // A failed rebuild keeps states that may hold erased events: no snapshot of those.
        if (rebuilt !== undefined && erasuresPending === 0 && !disposed) writer?.resume();
      });
  };
  const stopErased = journal.onErased((note) => erase(new Set(note.ids)));

  const ready = load();

  return {
    phase,
    progress,
    loadError,
    start,
    now,
    eventCount,
    recentEvents,
    episodes,
    observations,
    beliefs,
    intents,
    actions,
    eventsFor: trackers.eventsFor,
    selectedCorrId,
    select: (corrId) => setSelected(corrId || undefined),
    ready,
    flush,
    dispose() {
      disposed = true;
      writer?.dispose();
      unsubscribe();
      stopErased();
      scheduler.cancelAll();
      trackers.dispose();
    },
  };
}
