/**
 * One set of the five read-models (SPEC E4, E5) for one scope: the global journal or one
 * project. It folds stored rows in server_seq order and remembers the last one folded
 * (`position`), so a row is folded exactly once however catch-up and live appends
 * overlap: rows at or below `position` are skipped. It can start from a snapshot and
 * write one (core's codec); it does no IO of its own.
 */
import {
  applyToReadModels,
  clampToReceipt,
  createReadModels,
  initReadModelStates,
  type EpisodeSummary,
  type ReadModelOptions,
} from '../../core/read-models';
import type { Steps } from '../../core/lib/steps';
import { restoreReadModelsInSteps, snapshotReadModels, type ReadModelSnapshot } from '../../core/read-models/snapshot';
import type { ServerEvent } from '../../spec/sync-protocol';
import type { StoredRow } from '../storage/event-store';
import { createEpisodeView } from './episode-view';

export const READ_MODEL_IDS = ['episodes', 'observations', 'beliefs', 'intents', 'actions'] as const;
export type ReadModelId = (typeof READ_MODEL_IDS)[number];

/** A `/state/*` body before paging: `{ version, items }`, items as the fold's view gives them. */
export interface ReadModelView {
  version: number;
  items: unknown[];
}

export interface ReadModelSet {
  /** '' for the global set, else the project id. */
  readonly scope: string;
  /** The last server_seq folded (0: none). */
  readonly position: number;
  /** Rows folded by this set since it was made (a restored snapshot's rows not counted). */
  readonly folded: number;
  /** Rows folded since the last snapshot was taken (or since the start). */
  readonly sinceSnapshot: number;
  /** Folds the rows after `position`, ascending; earlier ones are skipped. */
  apply(rows: readonly StoredRow[]): void;
  view(id: ReadModelId, now: number): ReadModelView;
  /** Brings the episodes view up to date in steps, so that `view('episodes')` then costs little. */
  refreshEpisodes(): Steps<void>;
  /**
   * Starts from a stored snapshot's parsed JSON, in steps (core/lib/steps.ts); the reason
   * when it does not fit (the set stays as it was). The states are adopted at the last step.
   */
  restore(snapshot: unknown): Steps<string | undefined>;
  /** The states at `position`, for storing. */
  snapshot(taken: string): ReadModelSnapshot;
}

export interface ReadModelSetDeps {
  options: ReadModelOptions;
  /** Told of one event a fold threw on (it is left out of the views, H3). */
  skip(event: ServerEvent, error: unknown): void;
  /** True when the view must leave an episode out (an erased conversation's, SPEC §7). */
  erased(episode: EpisodeSummary): boolean;
  /** Changes whenever `erased` may answer differently (every erasure). */
  erasures(): number;
}

/** A fresh, empty set for `scope`. */
export function createReadModelSet(scope: string, deps: ReadModelSetDeps): ReadModelSet {
  const models = createReadModels(deps.options);
  let states = initReadModelStates(models);
  let position = 0;
  let folded = 0;
  let sinceSnapshot = 0;
  // The episodes view does not depend on `now`: kept, and summarised again only where folded into.
  const episodes = createEpisodeView({
    state: () => states.episodes,
    erased: deps.erased,
    erasures: deps.erasures,
    maxTouched: models.options.maxEpisodes,
  });
  return {
    scope,
    get position() {
      return position;
    },
    get folded() {
      return folded;
    },
    get sinceSnapshot() {
      return sinceSnapshot;
    },
    apply(rows) {
      for (const { event, received } of rows) {
        if (event.server_seq <= position) continue;
        position = event.server_seq;
        folded += 1;
        sinceSnapshot += 1;
        try {
          // H4: folded no later than the server received it.
          applyToReadModels(models, states, clampToReceipt(event, received));
          if (event.corr_id !== undefined) episodes.touched(event.corr_id);
        } catch (error) {
          deps.skip(event, error);
        }
      }
    },
    view(id, now) {
      if (id === 'episodes') return { version: states.episodes.version, items: episodes.items() };
      if (id === 'beliefs') return models.beliefs.view(states.beliefs, now);
      return models[id].view(states[id], now);
    },
    refreshEpisodes: () => episodes.refresh(),
    *restore(snapshot) {
      const restored = yield* restoreReadModelsInSteps(models, snapshot);
      if (!restored.ok) return restored.reason;
      states = restored.states;
      episodes.reset();
      position = restored.position;
      sinceSnapshot = 0;
      return undefined;
    },
    snapshot(taken) {
      sinceSnapshot = 0;
      return snapshotReadModels(models, states, position, taken);
    },
  };
}
