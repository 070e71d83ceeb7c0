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

const BUSY_KINDS = ['episode.started', 'obs.recorded', 'intents.proposed', 'actions.taken', 'tokens.out'];
const BUSY_START = Date.parse('2026-03-01T10:00:00.000Z');

/**
 * `count` events of a busy journal from 2026-03-01T10:00Z, one a millisecond, four to an
 * episode (`c<n>`) in project p1: 10,000 of them fill the default caps (2000 episodes).
 */
export function* busyJournal(count: number, from = 0): Generator<EventEnvelope> {
  for (let i = from; i < from + count; i++) {
    const kind = BUSY_KINDS[i % BUSY_KINDS.length]!;
    yield {
      id: `${String(BUSY_START + i).padStart(14, '0')}-${String(i).padStart(8, '0')}`,
      time: new Date(BUSY_START + i).toISOString(),
      kind,
      v: 1,
      actor: 'probe',
      project_id: 'p1',
      corr_id: `c${Math.floor(i / 4)}`,
      payload: kind === 'tokens.out' ? { seq: 0, count: 1, text: 'x' } : { note: `n${i % 7}` },
    };
  }
}
