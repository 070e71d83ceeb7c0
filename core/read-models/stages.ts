/**
 * Stage read-models (SPEC E5): observations, intents and actions. Each keeps the
 * newest `cap` matching events by (time, id) and hides those older than `ttlMs` at
 * view time; the view is `{ version, items }`, items oldest → newest. Keeping the
 * top `cap` of a set is independent of arrival order, so incremental == rebuilt. The
 * state is at most `cap` items and a counter: memory does not grow with the journal.
 * De-duplication is the caller's (`applyToReadModels`); a repeat of a kept item is
 * skipped here as well, and a repeat of an evicted one is older than every kept item,
 * so it cannot come back.
 */
import type { EventEnvelope } from '../../spec';
import { compareEvents, timeMs } from './order';
import type { ReadModel, StageItem, StageView } from './types';

export const DEFAULT_STAGE_CAP = 256;
export const DEFAULT_STAGE_TTL_MS = 600_000;

export interface StageModelOptions {
  /** Newest items kept (default 256). */
  cap?: number;
  /** Items older than `now − ttlMs` are left out of the view (default 10 minutes). */
  ttlMs?: number;
}

export interface StageState {
  /** Matching events folded, evicted ones included (the view's `version`). */
  version: number;
  /** Sorted by (time, id), at most `cap` long. */
  readonly items: StageItem[];
}

function toItem(event: EventEnvelope): StageItem {
  const item: StageItem = { id: event.id, time: event.time, kind: event.kind, payload: event.payload };
  if (event.corr_id !== undefined) item.corr_id = event.corr_id;
  if (event.project_id !== undefined) item.project_id = event.project_id;
  return item;
}

/** Index at which `item` keeps `items` sorted (binary search; arrival is mostly in order). */
function insertionIndex(items: readonly StageItem[], item: StageItem): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareEvents(items[mid]!, item) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** A stage read-model over the kinds starting with `prefix`. */
export function createStageModel(
  options: { id: string; prefix: string } & StageModelOptions,
): ReadModel<StageState, StageView> {
  const cap = options.cap ?? DEFAULT_STAGE_CAP;
  const ttlMs = options.ttlMs ?? DEFAULT_STAGE_TTL_MS;
  return {
    id: options.id,
    init: () => ({ version: 0, items: [] }),
    apply(state, event) {
      if (!event.kind.startsWith(options.prefix)) return state;
      const item = toItem(event);
      const at = insertionIndex(state.items, item);
      if (state.items[at]?.id === item.id) return state; // kept already: a repeat
      state.version += 1;
      // Full and older than everything kept: it would be evicted at once.
      if (at === 0 && state.items.length >= cap) return state;
      state.items.splice(at, 0, item);
      if (state.items.length > cap) state.items.splice(0, state.items.length - cap);
      return state;
    },
    view(state, now) {
      const cutoff = now - ttlMs;
      const items = state.items.filter((item) => timeMs(item.time) >= cutoff).map((item) => ({ ...item }));
      return { version: state.version, items };
    },
  };
}

/** `observations`: `obs.*` events. */
export function createObservationsModel(options: StageModelOptions = {}): ReadModel<StageState, StageView> {
  return createStageModel({ ...options, id: 'observations', prefix: 'obs.' });
}

/** `intents`: `intents.*` events. */
export function createIntentsModel(options: StageModelOptions = {}): ReadModel<StageState, StageView> {
  return createStageModel({ ...options, id: 'intents', prefix: 'intents.' });
}

/** `actions`: `actions.*` events. */
export function createActionsModel(options: StageModelOptions = {}): ReadModel<StageState, StageView> {
  return createStageModel({ ...options, id: 'actions', prefix: 'actions.' });
}
