/**
 * The shape every read-model has: a pure fold over events, with state bounded by its
 * options (not by the journal) so a start can restore a snapshot (snapshot.ts) and fold
 * only the tail. `apply` may update the state in place for speed. What holds now:
 * - Each event is applied once: de-duplication is the caller's. `applyToReadModels`
 *   drops a repeat whose id is in its window of recent ids (recent-ids.ts); a repeat
 *   older than the window is folded again, so callers that can deliver that late
 *   de-duplicate by journal position.
 * - Folding the same events in journal order gives the same state however it is cut:
 *   incremental == rebuilt == snapshot + tail (property-tested).
 * - Stage models and beliefs are also independent of arrival order (top `cap` by
 *   (time, id); newest by (time, id)). Episodes are too while at most `maxEpisodes`
 *   corr_ids occur; beyond that, which episode is evicted depends on what came first.
 * The other folds here (reply texts, recipes, projects) state their own rules.
 */
import type { EventEnvelope } from '../../spec';

export interface ReadModel<State, View> {
  /** Stable id, also used for `state.read.model.patch` and `/state/<id>`. */
  readonly id: string;
  init(): State;
  apply(state: State, event: EventEnvelope): State;
  /** A fresh, plain-data view; `now` (ms) drives time-based windows. */
  view(state: State, now: number): View;
}

/** Folds `events` into a fresh state (the "rebuilt from the journal" path); no de-duplication. */
export function rebuild<State, View>(model: ReadModel<State, View>, events: Iterable<EventEnvelope>): State {
  let state = model.init();
  for (const event of events) state = model.apply(state, event);
  return state;
}

export type EpisodeStatus = 'running' | 'completed' | 'canceled' | 'error';

export interface StageCounts {
  obs: number;
  beliefs: number;
  intents: number;
  actions: number;
}

/** One episode (SPEC E4): every event sharing a `corr_id`. */
export interface EpisodeSummary {
  /** The `corr_id`. */
  id: string;
  status: EpisodeStatus;
  /** Time of the earliest event. */
  start: string;
  /** Time of the terminal event (completed/canceled/error), absent while running. */
  end?: string;
  /** Time of the newest event. */
  last: string;
  /** (end ?? last) − start, in ms. */
  duration_ms: number;
  /** Distinct events. */
  count: number;
  stages: StageCounts;
  tokens_out: number;
  /** Time to first token and generation speed, as the episode's `episode.completed` reported them. */
  ttft_ms?: number;
  tokens_per_s?: number;
  tool_calls: number;
  errors: number;
  first_kind: string;
  last_kind: string;
  projects: string[];
  actors: string[];
  /** Distinct kinds seen in the episode, sorted. */
  kinds: string[];
  last_error?: { kind: string; message: string; time: string };
  /** The recipe and conversation the episode ran for, as its (earliest) `episode.started` said. */
  recipe_id?: string;
  conversation_id?: string;
  /** The start of the message that began the episode (one line, clipped), its model and agent, as `episode.started` said. */
  input?: string;
  model?: string;
  agent?: string;
}

/** One item of a stage read-model (observations, intents, actions). */
export interface StageItem {
  id: string;
  time: string;
  kind: string;
  corr_id?: string;
  project_id?: string;
  payload: Record<string, unknown>;
}

/** SPEC E5: `{ version, items }`, items oldest → newest. */
export interface StageView<Item = StageItem> {
  version: number;
  items: Item[];
}
