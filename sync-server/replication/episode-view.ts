/**
 * The server's `/state/episodes` view, kept between requests (issue 13 item 6). Core's
 * view summarises and sorts every kept episode (2000 at the cap) and the server then
 * asks the store whether each was erased: 20-30 ms per new version, on every request
 * after an append. Here a summary is made again only for the episodes folded into
 * since the last view (`touched`), in steps of a hundred, so a request never holds the
 * event loop for long; only the sort of the kept summaries runs in one piece (~1 ms).
 */
import {
  compareEpisodeSummaries,
  summarizeEpisode,
  type EpisodeSummary,
  type EpisodesState,
} from '../../core/read-models';
import { runSteps, type Steps } from '../../core/lib/steps';

/** Episodes summarised between two yields. */
export const SUMMARIES_PER_STEP = 100;

export interface EpisodeViewDeps {
  /** The set's current episodes state (a restore replaces it). */
  state(): EpisodesState;
  /** True when the view leaves an episode out (an erased conversation's, SPEC §7). */
  erased(episode: EpisodeSummary): boolean;
  /** Changes whenever `erased` may answer differently. */
  erasures(): number;
  /** How many touched ids are worth tracking; beyond it every episode is summarised again. */
  maxTouched: number;
}

export interface EpisodeView {
  /** An event with this corr_id was folded. */
  touched(corrId: string): void;
  /** The state was replaced (a restored snapshot): summarise everything again. */
  reset(): void;
  /** Brings the summaries up to date, in steps; nothing to do when they are. */
  refresh(): Steps<void>;
  /** The view, newest activity first (refreshing at once what `refresh` did not); callers do not change it. */
  items(): EpisodeSummary[];
}

export function createEpisodeView(deps: EpisodeViewDeps): EpisodeView {
  /** Kept episodes' summaries (erased ones left out), by id. */
  let summaries = new Map<string, EpisodeSummary>();
  /** Ids folded into since their summary was made. */
  let dirty = new Set<string>();
  let everything = true;
  let erasures = deps.erasures();
  let sorted: { version: number; state: EpisodesState; items: EpisodeSummary[] } | undefined;

  const startOver = () => {
    summaries = new Map();
    dirty = new Set(deps.state().episodes.keys());
    everything = false;
    sorted = undefined;
  };

  function* refresh(): Steps<void> {
    if (erasures !== deps.erasures()) {
      erasures = deps.erasures();
      everything = true;
    }
    if (everything) startOver();
    if (dirty.size > 0) sorted = undefined;
    let done = 0;
    // A Set visits ids added while it is walked: appends between steps are picked up too.
    for (const id of dirty) {
      const acc = deps.state().episodes.get(id);
      const summary = acc === undefined ? undefined : summarizeEpisode(acc);
      if (summary === undefined || deps.erased(summary)) summaries.delete(id);
      else summaries.set(id, summary);
      dirty.delete(id);
      if (++done % SUMMARIES_PER_STEP === 0) yield;
      // An erasure or a restore meanwhile: the walk starts over.
      if (everything || erasures !== deps.erasures()) return yield* refresh();
    }
  }

  return {
    touched(corrId) {
      if (everything) return;
      dirty.add(corrId);
      if (dirty.size > deps.maxTouched) everything = true;
    },
    reset() {
      everything = true;
    },
    refresh,
    items() {
      runSteps(refresh());
      const state = deps.state();
      if (sorted?.version === state.version && sorted.state === state) return sorted.items;
      // Evicted episodes were never touched: they leave here.
      for (const id of summaries.keys()) if (!state.episodes.has(id)) summaries.delete(id);
      sorted = { version: state.version, state, items: [...summaries.values()].sort(compareEpisodeSummaries) };
      return sorted.items;
    },
  };
}
