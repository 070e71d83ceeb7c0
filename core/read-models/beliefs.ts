/**
 * The beliefs read-model (SPEC E3, E5): `beliefs.updated` replaces the whole set, so
 * the view is the payload of the newest such event by (time, id), whatever order the
 * events arrived in. `version` counts the updates folded; de-duplication is the
 * caller's (`applyToReadModels`), so the state is one belief set and a counter.
 */
import type { EventEnvelope, PayloadOf } from '../../spec';
import { compareEvents } from './order';
import type { ReadModel, StageView } from './types';

/** One claim of the current belief set. */
export type Belief = PayloadOf<'beliefs.updated'>['beliefs'][number];

export interface BeliefsState {
  /** `beliefs.updated` events folded (the view's `version`). */
  version: number;
  newest?: { readonly time: string; readonly id: string; readonly beliefs: readonly Belief[] };
}

function beliefsOf(event: EventEnvelope): Belief[] {
  const beliefs = event.payload['beliefs'];
  return Array.isArray(beliefs) ? (beliefs as Belief[]) : [];
}

/** The `beliefs` read-model: `{ version, items }` with the newest belief set as items. */
export function createBeliefsModel(): ReadModel<BeliefsState, StageView<Belief>> {
  return {
    id: 'beliefs',
    init: () => ({ version: 0 }),
    apply(state, event) {
      if (event.kind !== 'beliefs.updated' || state.newest?.id === event.id) return state;
      state.version += 1;
      if (state.newest === undefined || compareEvents(event, state.newest) > 0) {
        state.newest = { time: event.time, id: event.id, beliefs: beliefsOf(event) };
      }
      return state;
    },
    view: (state) => ({
      version: state.version,
      items: (state.newest?.beliefs ?? []).map((belief) => ({ ...belief })),
    }),
  };
}
