/**
 * The beliefs read-model (SPEC E3, E5): `beliefs.updated` replaces the whole set, so
 * the view is the payload of the newest such event by (time, id), whatever order the
 * events arrived in. `version` counts the distinct updates applied.
 */
import type { EventEnvelope, PayloadOf } from '../../spec';
import { compareEvents } from './order';
import type { ReadModel, StageView } from './types';

/** One claim of the current belief set. */
export type Belief = PayloadOf<'beliefs.updated'>['beliefs'][number];

export interface BeliefsState {
  readonly seen: Set<string>;
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
    init: () => ({ seen: new Set() }),
    apply(state, event) {
      if (event.kind !== 'beliefs.updated' || state.seen.has(event.id)) return state;
      state.seen.add(event.id);
      if (state.newest === undefined || compareEvents(event, state.newest) > 0) {
        state.newest = { time: event.time, id: event.id, beliefs: beliefsOf(event) };
      }
      return state;
    },
    view: (state) => ({
      version: state.seen.size,
      items: (state.newest?.beliefs ?? []).map((belief) => ({ ...belief })),
    }),
  };
}
