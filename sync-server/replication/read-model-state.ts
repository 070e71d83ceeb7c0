/**
 * The server's read-models (SPEC E4, E5): the same core folds the browser uses,
 * rebuilt from the store at start and kept incrementally from `onAppended`. One
 * global set; a per-project set is built on first request for that project. Events are
 * folded with their time clamped to when the server received them (H4), and one event
 * a fold throws on is skipped and reported, never fatal to the views (H3). An erasure
 * (SPEC §7) rebuilds the global set and drops the per-project ones: a fold cannot
 * take events back out.
 */
import {
  applyToReadModels,
  clampToReceipt,
  createReadModels,
  initReadModelStates,
  type EpisodeSummary,
  type StageModelOptions,
} from '../../core/read-models';
import type { ServerEvent } from '../../spec/sync-protocol';
import type { EventStore, StoredRow } from '../storage/event-store';

/** Per-project sets kept at once; the least recently read one is dropped beyond this. */
export const MAX_PROJECT_SETS = 64;

export const READ_MODEL_IDS = ['episodes', 'observations', 'beliefs', 'intents', 'actions'] as const;
export type ReadModelId = (typeof READ_MODEL_IDS)[number];

/** A `/state/*` body: `{ version, items }`, items as the fold's view gives them. */
export interface ReadModelView {
  version: number;
  items: unknown[];
}

export interface ServerReadModels {
  /** The view of `id`, globally or for one project; `now` drives the stage windows. */
  view(id: ReadModelId, projectId: string | undefined, now: number): ReadModelView;
  /** Stops following the store. */
  close(): void;
}

export interface ServerReadModelOptions extends StageModelOptions {
  /** Told once per event a fold threw on (it is left out of the views). */
  onSkipped?: (event: ServerEvent, error: unknown) => void;
}

/** One live instance of every model with its state. */
function createSet(
  options: StageModelOptions,
  skip: (event: ServerEvent, error: unknown) => void,
  erased: (episode: EpisodeSummary) => boolean,
) {
  const models = createReadModels(options);
  const states = initReadModelStates(models);
  return {
    apply(rows: readonly StoredRow[]) {
      for (const { event, received } of rows) {
        try {
          applyToReadModels(models, states, clampToReceipt(event, received));
        } catch (error) {
          skip(event, error);
        }
      }
    },
    view(id: ReadModelId, now: number): ReadModelView {
      if (id === 'episodes')
        return {
          version: states.episodes.seen.size,
          items: models.episodes.view(states.episodes, now).filter((episode) => !erased(episode)),
        };
      if (id === 'beliefs') return models.beliefs.view(states.beliefs, now);
      return models[id].view(states[id], now);
    },
  };
}

/** Rebuilds every model from `store` and follows it until `close()`. */
export function createServerReadModels(store: EventStore, options: ServerReadModelOptions = {}): ServerReadModels {
  const { onSkipped, ...stageOptions } = options;
  // Global and per-project sets fold the same event: report it once.
  const skippedIds = new Set<string>();
  const skip = (event: ServerEvent, error: unknown) => {
    if (skippedIds.has(event.id)) return;
    skippedIds.add(event.id);
    (
      onSkipped ??
      ((e, why) => console.warn(`[arw] read-models skipped event ${e.server_seq} (${e.kind}): ${String(why)}`))
    )(event, error);
  };
  // An erased episode's leases.* rows stay (SPEC §7): the view leaves the episode out.
  const erased = (episode: EpisodeSummary) =>
    (episode.projects.length === 0 ? [undefined] : episode.projects).some((project) =>
      store.isErasedEpisode(project, episode.id),
    );
  let global = createSet(stageOptions, skip, erased);
  store.scan((rows) => global.apply(rows));
  const perProject = new Map<string, ReturnType<typeof createSet>>();

  const unsubscribe = store.onAppended((events, { received }) => {
    const rows = events.map((event) => ({ event, received }));
    global.apply(rows);
    for (const [projectId, set] of perProject) set.apply(rows.filter((row) => row.event.project_id === projectId));
  });
  // Synchronous, like the start: no append interleaves between the erasure's commit and this rebuild.
  const stopErased = store.onErased(({ ids }) => {
    if (ids.length === 0) return;
    const fresh = createSet(stageOptions, skip, erased);
    store.scan((rows) => fresh.apply(rows));
    global = fresh;
    perProject.clear();
  });

  const projectSet = (projectId: string) => {
    let set = perProject.get(projectId);
    if (set !== undefined) {
      // Re-insert: Map order is then least → most recently read.
      perProject.delete(projectId);
      perProject.set(projectId, set);
    } else {
      if (perProject.size >= MAX_PROJECT_SETS) perProject.delete(perProject.keys().next().value!);
      const fresh = createSet(stageOptions, skip, erased);
      // Synchronous: no append can interleave between this rebuild and registering it.
      store.scan((rows) => fresh.apply(rows), { projectId });
      set = fresh;
      perProject.set(projectId, set);
    }
    return set;
  };

  return {
    view: (id, projectId, now) => (projectId === undefined ? global : projectSet(projectId)).view(id, now),
    close: () => {
      unsubscribe();
      stopErased();
    },
  };
}
