/**
 * The server's read-models (SPEC E4, E5): the same core folds the browser uses,
 * rebuilt from the store at start and kept incrementally from `onAppended`. One
 * global set; a per-project set is built on first request for that project.
 */
import { applyToReadModels, createReadModels, initReadModelStates, type StageModelOptions } from '../../core/read-models';
import type { ServerEvent } from '../../spec/sync-protocol';
import type { EventStore } from '../storage/event-store';

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

/** One live instance of every model with its state. */
function createSet(options: StageModelOptions) {
  const models = createReadModels(options);
  const states = initReadModelStates(models);
  return {
    apply(events: readonly ServerEvent[]) {
      for (const event of events) {
        applyToReadModels(models, states, event);
      }
    },
    view(id: ReadModelId, now: number): ReadModelView {
      if (id === 'episodes') return { version: states.episodes.seen.size, items: models.episodes.view(states.episodes, now) };
      if (id === 'beliefs') return models.beliefs.view(states.beliefs, now);
      return models[id].view(states[id], now);
    },
  };
}

/** Rebuilds every model from `store` and follows it until `close()`. */
export function createServerReadModels(store: EventStore, options: StageModelOptions = {}): ServerReadModels {
  const global = createSet(options);
  store.replay((events) => global.apply(events));
  const perProject = new Map<string, ReturnType<typeof createSet>>();

  const unsubscribe = store.onAppended((events) => {
    global.apply(events);
    for (const [projectId, set] of perProject) set.apply(events.filter((event) => event.project_id === projectId));
  });

  const projectSet = (projectId: string) => {
    let set = perProject.get(projectId);
    if (set !== undefined) {
      // Re-insert: Map order is then least → most recently read.
      perProject.delete(projectId);
      perProject.set(projectId, set);
    } else {
      if (perProject.size >= MAX_PROJECT_SETS) perProject.delete(perProject.keys().next().value!);
      set = createSet(options);
      // Synchronous: no append can interleave between this rebuild and registering it.
      for (let cursor = 0; ; ) {
        const rows = store.after(cursor, { projectId });
        if (rows.length === 0) break;
        set.apply(rows);
        cursor = rows[rows.length - 1]!.server_seq;
      }
      perProject.set(projectId, set);
    }
    return set;
  };

  return {
    view: (id, projectId, now) => (projectId === undefined ? global : projectSet(projectId)).view(id, now),
    close: unsubscribe,
  };
}
