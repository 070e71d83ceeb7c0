/** The five standard read-models as one set: building it, its states, folding one event into all. */
import type { EventEnvelope } from '../../spec';
import { createBeliefsModel } from './beliefs';
import { createEpisodesModel, DEFAULT_MAX_EPISODES } from './episodes';
import { createRecentIds, type RecentIds } from './recent-ids';
import {
  createActionsModel,
  createIntentsModel,
  createObservationsModel,
  DEFAULT_STAGE_CAP,
  DEFAULT_STAGE_TTL_MS,
  type StageModelOptions,
} from './stages';

export interface ReadModelOptions extends StageModelOptions {
  /** Episodes kept (default 2000); the one with the oldest newest event is evicted beyond it. */
  maxEpisodes?: number;
}

/** The options with defaults filled in: a snapshot only fits models built with the same. */
export interface ResolvedReadModelOptions {
  readonly cap: number;
  readonly ttlMs: number;
  readonly maxEpisodes: number;
}

/** A fresh set of the five standard read-models; `options` set the stage cap and TTL and the episodes cap. */
export function createReadModels(options: ReadModelOptions = {}) {
  const resolved: ResolvedReadModelOptions = Object.freeze({
    cap: options.cap ?? DEFAULT_STAGE_CAP,
    ttlMs: options.ttlMs ?? DEFAULT_STAGE_TTL_MS,
    maxEpisodes: options.maxEpisodes ?? DEFAULT_MAX_EPISODES,
  });
  const stage = { cap: resolved.cap, ttlMs: resolved.ttlMs };
  return {
    options: resolved,
    episodes: createEpisodesModel({ maxEpisodes: resolved.maxEpisodes }),
    observations: createObservationsModel(stage),
    beliefs: createBeliefsModel(),
    intents: createIntentsModel(stage),
    actions: createActionsModel(stage),
  };
}

export type ReadModels = ReturnType<typeof createReadModels>;

/** The ids of the five models, in the order they fold. */
export const READ_MODEL_KEYS = ['episodes', 'observations', 'beliefs', 'intents', 'actions'] as const;

/** The options `models` were built with (for comparing with a snapshot's). */
export function optionsOf(models: ReadModels): ResolvedReadModelOptions {
  return models.options;
}

/** The live state of each of the five models, and the window that de-duplicates for all of them. */
export interface ReadModelStates {
  /** Ids of the newest events folded: a delivery again inside this window is ignored. */
  recent: RecentIds;
  episodes: ReturnType<ReadModels['episodes']['init']>;
  observations: ReturnType<ReadModels['observations']['init']>;
  beliefs: ReturnType<ReadModels['beliefs']['init']>;
  intents: ReturnType<ReadModels['intents']['init']>;
  actions: ReturnType<ReadModels['actions']['init']>;
}

/** Fresh states for `models`. */
export function initReadModelStates(models: ReadModels): ReadModelStates {
  return {
    recent: createRecentIds(),
    episodes: models.episodes.init(),
    observations: models.observations.init(),
    beliefs: models.beliefs.init(),
    intents: models.intents.init(),
    actions: models.actions.init(),
  };
}

/**
 * Folds one event into every model's state (in place). Returns false, folding nothing,
 * when `event.id` is in the window of recent ids (a duplicate delivery).
 */
export function applyToReadModels(models: ReadModels, states: ReadModelStates, event: EventEnvelope): boolean {
  if (!states.recent.add(event.id)) return false;
  states.episodes = models.episodes.apply(states.episodes, event);
  states.observations = models.observations.apply(states.observations, event);
  states.beliefs = models.beliefs.apply(states.beliefs, event);
  states.intents = models.intents.apply(states.intents, event);
  states.actions = models.actions.apply(states.actions, event);
  return true;
}
