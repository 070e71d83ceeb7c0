/** Test helpers: fold events into all five read-models and take every view at once. */
import type { EventEnvelope } from '../../../spec';
import { applyToReadModels, initReadModelStates, type ReadModels, type ReadModelStates } from '../index';

/** Fresh states with `events` folded in, in the order given. */
export function foldAll(models: ReadModels, events: Iterable<EventEnvelope>): ReadModelStates {
  const states = initReadModelStates(models);
  for (const event of events) applyToReadModels(models, states, event);
  return states;
}

/** Every model's view at `now`. */
export function viewsOf(models: ReadModels, states: ReadModelStates, now: number) {
  return {
    episodes: models.episodes.view(states.episodes, now),
    observations: models.observations.view(states.observations, now),
    beliefs: models.beliefs.view(states.beliefs, now),
    intents: models.intents.view(states.intents, now),
    actions: models.actions.view(states.actions, now),
  };
}
