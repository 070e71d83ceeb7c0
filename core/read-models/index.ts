/** The read-models of the journal (SPEC E4, E5), and one call that builds them all. */
import type { EventEnvelope } from '../../spec';
import { createBeliefsModel } from './beliefs';
import { createEpisodesModel } from './episodes';
import { createActionsModel, createIntentsModel, createObservationsModel, type StageModelOptions } from './stages';

export * from './beliefs';
export * from './chat-turns';
export * from './episodes';
export * from './order';
export * from './reply-text';
export * from './stages';
export * from './types';

/** A fresh set of the five standard read-models; `options` set the stage cap and TTL. */
export function createReadModels(options: StageModelOptions = {}) {
  return {
    episodes: createEpisodesModel(),
    observations: createObservationsModel(options),
    beliefs: createBeliefsModel(),
    intents: createIntentsModel(options),
    actions: createActionsModel(options),
  };
}

export type ReadModels = ReturnType<typeof createReadModels>;

/** The live state of each of the five models. */
export interface ReadModelStates {
  episodes: ReturnType<ReadModels['episodes']['init']>;
  observations: ReturnType<ReadModels['observations']['init']>;
  beliefs: ReturnType<ReadModels['beliefs']['init']>;
  intents: ReturnType<ReadModels['intents']['init']>;
  actions: ReturnType<ReadModels['actions']['init']>;
}

/** Fresh states for `models`. */
export function initReadModelStates(models: ReadModels): ReadModelStates {
  return {
    episodes: models.episodes.init(),
    observations: models.observations.init(),
    beliefs: models.beliefs.init(),
    intents: models.intents.init(),
    actions: models.actions.init(),
  };
}

/** Folds one event into every model's state (in place). */
export function applyToReadModels(models: ReadModels, states: ReadModelStates, event: EventEnvelope): void {
  states.episodes = models.episodes.apply(states.episodes, event);
  states.observations = models.observations.apply(states.observations, event);
  states.beliefs = models.beliefs.apply(states.beliefs, event);
  states.intents = models.intents.apply(states.intents, event);
  states.actions = models.actions.apply(states.actions, event);
}
