/**
 * The server's read-models (SPEC E4, E5, §8): one global set and up to MAX_PROJECT_SETS
 * per-project sets (read-model-set.ts). Each starts from its stored snapshot, when one
 * fits, and catches up on the rows after it in slices (sliced-fold.ts), so neither the
 * start nor a first request for a project holds the event loop; requests wait for their
 * set, never fold. Live appends are folded once a set caught up (by position: exactly
 * once). An erasure (SPEC §7) drops every snapshot and set and rebuilds: a fold cannot
 * take events back out. Snapshots are written by snapshot-writer.ts.
 */
import { randomBytes } from 'node:crypto';
import type { Steps } from '../../core/lib/steps';
import { createRecentIds, type EpisodeSummary, type ReadModelOptions } from '../../core/read-models';
import { READ_MODEL_SNAPSHOT_VERSION } from '../../core/read-models/snapshot';
import type { EventFilter } from '../../core/sync/filters';
import type { ServerEvent } from '../../spec/sync-protocol';
import type { EventStore } from '../storage/event-store';
import { GLOBAL_SCOPE, type ReadModelSnapshots } from '../storage/read-model-snapshots';
import { createReadModelSet, type ReadModelId, type ReadModelSet, type ReadModelView } from './read-model-set';
import { createSnapshotWriter, type SnapshotPolicy } from './snapshot-writer';
import { createTurnScheduler, foldSteps } from './sliced-fold';
import { restoreFromText } from './snapshot-text';

export { READ_MODEL_IDS, type ReadModelId, type ReadModelView } from './read-model-set';

/** Per-project sets kept at once; the least recently read one is dropped beyond this. */
export const MAX_PROJECT_SETS = 64;

/** Erased-episode answers kept between erasures. */
const MAX_ERASED_ANSWERS = 50_000;

/** A view with the revision of the sets it came from (changes on an erasure or a restart). */
export interface ReadModelRead extends ReadModelView {
  revision: string;
}

/** What a set is doing, for /healthz and tests. */
export interface ReadModelSetStats {
  ready: boolean;
  position: number;
  /** Rows this set folded (catch-up and live), a restored snapshot's rows not counted. */
  folded: number;
  /** The position of the snapshot it started from, when one fitted. */
  restoredAt?: number;
}

export interface ReadModelStats {
  global: ReadModelSetStats;
  projects: Record<string, ReadModelSetStats>;
  /** Erasure rebuilds so far. */
  generation: number;
  snapshotsWritten: number;
  snapshotsRefused: number;
}

export interface ServerReadModels {
  /** The view of `id`, globally or for one project, once that set caught up; `now` drives the stage windows. */
  view(id: ReadModelId, projectId: string | undefined, now: () => number): Promise<ReadModelRead>;
  /** 'loading' until the global set caught up after the start (or an erasure), then 'ready'. */
  status(): 'loading' | 'ready';
  /** Resolves once the global set caught up. */
  ready(): Promise<void>;
  stats(): ReadModelStats;
  /** Stops following the store (writing the snapshots that are behind). */
  close(): void;
}

export interface ServerReadModelOptions extends ReadModelOptions, SnapshotPolicy {
  /** Told once per event a fold threw on (it is left out of the views). */
  onSkipped?: (event: ServerEvent, error: unknown) => void;
  /** Where snapshots live (default: none, every start folds the whole store). */
  snapshots?: ReadModelSnapshots;
  /** Told once when a stored snapshot does not fit (it is deleted and rebuilt). */
  onSnapshotRefused?: (scope: string, reason: string) => void;
  /** Told of a failed catch-up or snapshot write. */
  onError?: (error: unknown, what: string) => void;
}

/** A set on its way to (or at) the store's end. */
interface Entry {
  set: ReadModelSet;
  generation: number;
  ready: boolean;
  loaded: Promise<void>;
  failed?: unknown;
  restoredAt?: number;
}

/** Builds the sets over `store` (catching up in the background) and follows it until `close()`. */
export function createServerReadModels(store: EventStore, options: ServerReadModelOptions = {}): ServerReadModels {
  const { onSkipped, snapshots, onSnapshotRefused, onError, ...rest } = options;
  const modelOptions: ReadModelOptions = {
    ...(rest.cap === undefined ? {} : { cap: rest.cap }),
    ...(rest.ttlMs === undefined ? {} : { ttlMs: rest.ttlMs }),
    ...(rest.maxEpisodes === undefined ? {} : { maxEpisodes: rest.maxEpisodes }),
  };
  const report = onError ?? ((error, what) => console.error(`[arw] read-models: ${what} failed:`, error));
  // Global and per-project sets fold the same event: report it once (a bounded window).
  const skippedIds = createRecentIds();
  const skip = (event: ServerEvent, error: unknown) => {
    if (!skippedIds.add(event.id)) return;
    (
      onSkipped ??
      ((e, why) => console.warn(`[arw] read-models skipped event ${e.server_seq} (${e.kind}): ${String(why)}`))
    )(event, error);
  };
  // An erased episode's leases.* rows stay (SPEC §7): the view leaves the episode out. The
  // answers only change with an erasure, so they are kept until the next one (bounded).
  const erasedAnswers = new Map<string, boolean>();
  let erasures = 0;
  const erased = (episode: EpisodeSummary) => {
    const key = `${episode.projects.join(',')} ${episode.id}`;
    let answer = erasedAnswers.get(key);
    if (answer === undefined) {
      answer = (episode.projects.length === 0 ? [undefined] : episode.projects).some((project) =>
        store.isErasedEpisode(project, episode.id),
      );
      if (erasedAnswers.size >= MAX_ERASED_ANSWERS) erasedAnswers.clear();
      erasedAnswers.set(key, answer);
    }
    return answer;
  };
  const refused = (scope: string, reason: string) =>
    (
      onSnapshotRefused ??
      ((s, why) =>
        console.warn(`[arw] read-model snapshot of ${s === '' ? 'the journal' : `project ${s}`} ignored: ${why}`))
    )(scope, reason);
  // ETags from a revision and the models' versions: the boot id keeps a restart from reusing one.
  const boot = randomBytes(4).toString('hex');
  let generation = 0;
  let closed = false;
  let snapshotsRefused = 0;
  // One budget per turn for every background job of these read-models (sliced-fold.ts).
  const turns = createTurnScheduler();
  const writer = createSnapshotWriter(snapshots, rest, report, turns);
  const current = (entry: Entry) => !closed && entry.generation === generation;

  /**
   * Restores `scope`'s snapshot when it fits; otherwise deletes it (so it is rebuilt, and
   * told once). In steps: reading the row is one, parsing and checking take many more.
   */
  function* restore(entry: Entry): Steps<void> {
    const stored = snapshots?.load(entry.set.scope);
    if (stored === undefined) return;
    let reason: string | undefined;
    if (stored.version !== READ_MODEL_SNAPSHOT_VERSION)
      reason = `it has format version ${stored.version}, this server reads ${READ_MODEL_SNAPSHOT_VERSION}`;
    else if (stored.position > store.lastSeq())
      reason = `it was taken at position ${stored.position}, past the journal's end (${store.lastSeq()})`;
    else {
      yield;
      reason = yield* restoreFromText(entry.set, stored.body);
    }
    if (reason === undefined) {
      entry.restoredAt = entry.set.position;
      return;
    }
    snapshotsRefused += 1;
    refused(entry.set.scope, reason);
    snapshots?.remove(entry.set.scope);
  }

  /** A new set for `scope`, catching up in the background on the rows matching `filter`. */
  const start = (scope: string, filter: EventFilter): Entry => {
    const entry: Entry = {
      set: createReadModelSet(scope, { options: modelOptions, skip, erased, erasures: () => erasures }),
      generation,
      ready: false,
      loaded: Promise.resolve(),
    };
    const catchUp = async () => {
      // On later turns: the server is listening before the snapshot is read.
      await turns.run(restore(entry), () => !current(entry));
      if (!current(entry)) return;
      const fold = foldSteps(entry.set.position, {
        read: (cursor, limit) => store.rowsAfter(cursor, filter, limit),
        apply: (page) => {
          entry.set.apply(page);
          // A long catch-up keeps its progress: a start cut short resumes from there.
          writer.appended(entry.set, () => current(entry));
        },
        onCaughtUp: () => void (entry.ready = true),
      });
      // A project set dropped from the LRU meanwhile stops; a request waiting on it starts another.
      const rows = await turns.run(
        fold,
        () => !current(entry) || (scope !== GLOBAL_SCOPE && perProject.get(scope) !== entry),
      );
      if (rows !== undefined && rows > 0) writer.caughtUp(entry.set, () => current(entry));
    };
    entry.loaded = catchUp().catch((error: unknown) => {
      entry.failed = error;
      report(error, `catching up ${scope === GLOBAL_SCOPE ? 'the journal' : `project ${scope}`}`);
    });
    return entry;
  };

  let global = start(GLOBAL_SCOPE, {});
  const perProject = new Map<string, Entry>();

  const unsubscribe = store.onAppended((events, { received }) => {
    const rows = events.map((event) => ({ event, received }));
    // A set still catching up reads these rows from the store itself.
    if (global.ready) {
      global.set.apply(rows);
      writer.appended(global.set, () => current(global));
    }
    for (const [projectId, entry] of perProject) {
      if (!entry.ready) continue;
      const mine = rows.filter((row) => row.event.project_id === projectId);
      if (mine.length === 0) continue;
      entry.set.apply(mine);
      writer.appended(entry.set, () => current(entry) && perProject.get(projectId) === entry);
    }
  });
  const stopErased = store.onErased(({ ids }) => {
    // Even an erasure that removed no row names episodes (their leases.* stay): ask again.
    erasedAnswers.clear();
    erasures += 1;
    if (ids.length === 0) return;
    generation += 1;
    writer.cancel();
    try {
      snapshots?.clear();
    } catch (error) {
      report(error, 'clearing the snapshots after an erasure');
    }
    perProject.clear();
    global = start(GLOBAL_SCOPE, {});
  });

  const projectEntry = (projectId: string): Entry => {
    let entry = perProject.get(projectId);
    if (entry !== undefined && entry.failed === undefined) {
      // Re-insert: Map order is then least → most recently read.
      perProject.delete(projectId);
      perProject.set(projectId, entry);
      return entry;
    }
    perProject.delete(projectId);
    if (perProject.size >= MAX_PROJECT_SETS) perProject.delete(perProject.keys().next().value!);
    entry = start(projectId, { projectId });
    perProject.set(projectId, entry);
    return entry;
  };

  const statsOf = (entry: Entry): ReadModelSetStats => ({
    ready: entry.ready,
    position: entry.set.position,
    folded: entry.set.folded,
    ...(entry.restoredAt === undefined ? {} : { restoredAt: entry.restoredAt }),
  });

  return {
    async view(id, projectId, now) {
      for (;;) {
        if (closed) throw new Error('the read-models are closed');
        const entry = projectId === undefined ? global : projectEntry(projectId);
        if (!entry.ready) await entry.loaded;
        // An erasure started over meanwhile: wait for the new set.
        if (entry.generation !== generation) continue;
        if (entry.failed !== undefined) throw entry.failed;
        if (!entry.ready) continue;
        // Summarising thousands of episodes anew is spread over turns; the view then costs
        // little. Its first step runs here: an up-to-date view does not wait for a turn.
        if (id === 'episodes') {
          const refresh = entry.set.refreshEpisodes();
          if (!refresh.next().done) {
            const stale = () => !current(entry) || !entry.ready;
            await turns.run(refresh, stale);
            if (stale()) continue;
          }
        }
        return { ...entry.set.view(id, now()), revision: `${boot}.${generation}` };
      }
    },
    status: () => (global.ready ? 'ready' : 'loading'),
    async ready() {
      while (!closed && !global.ready && global.failed === undefined) await global.loaded;
    },
    stats: () => ({
      global: statsOf(global),
      projects: Object.fromEntries([...perProject].map(([id, entry]) => [id, statsOf(entry)])),
      generation,
      snapshotsWritten: writer.written(),
      snapshotsRefused,
    }),
    close: () => {
      unsubscribe();
      stopErased();
      // What was folded since the last snapshot is kept for the next start; a set still
      // catching up is consistent at its position too, so a cut-short start is not lost.
      for (const entry of [global, ...perProject.values()])
        if (entry.failed === undefined && entry.generation === generation) writer.flush(entry.set);
      writer.cancel();
      closed = true;
    },
  };
}
