/** The read-models of the journal (SPEC E4, E5), and one call that builds them all. */
import { createBeliefsModel } from './beliefs';
import { createEpisodesModel } from './episodes';
import { createActionsModel, createIntentsModel, createObservationsModel, type StageModelOptions } from './stages';

export * from './beliefs';
export * from './episodes';
export * from './order';
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
