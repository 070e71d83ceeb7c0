/**
 * The Episodes card (reference A.18/A.19): the episodes read-model filtered client-side,
 * a summary line announced politely, an empty-state hint, and expandable rows.
 */
import { createMemo, For, Show } from 'solid-js';
import { useDeviceNames } from '../../collab/device-names';
import { useApp } from '../../state/app-context';
import { shortId } from '../../lib/format';
import { activeFilters, createEpisodeFilters, filterEpisodes, summaryLine } from '../../state/episode-filters';
import { followEpisodeLink } from './episode-deep-link';
import { EpisodeFilterBar } from './EpisodeFilterBar';
import { EpisodeRow } from './EpisodeRow';

const SHOWN_MAX = 200;

export function EpisodesCard() {
  const { stream, localStore, router } = useApp();
  const state = createEpisodeFilters(localStore);
  const names = useDeviceNames();
  const shown = createMemo(() => filterEpisodes(stream.episodes(), state.filters()));
  const activate = (id: string) => {
    const wasSelected = stream.selectedCorrId() === id;
    stream.select(id);
    if (!state.isExpanded(id)) state.expand(id);
    else if (wasSelected) state.toggle(id);
  };
  const linkProblem = followEpisodeLink({
    linked: router.episode,
    listed: shown,
    known: stream.episodes,
    loaded: () => stream.phase() !== 'loading',
    select: stream.select,
    expand: state.expand,
    scrollTo: (id) =>
      requestAnimationFrame(() =>
        document.querySelector(`[data-testid="episode-row"][data-corr-id="${CSS.escape(id)}"]`)?.scrollIntoView({
          block: 'nearest',
        }),
      ),
  });
  return (
    <section class="card" aria-labelledby="episodes-title">
      <header class="card-head">
        <h2 id="episodes-title">Episodes</h2>
      </header>
      <EpisodeFilterBar state={state} />
      <p class="summary" aria-live="polite" data-testid="episodes-summary">
        {summaryLine(shown(), stream.episodes().length, state.filters())}
      </p>
      <Show when={linkProblem()}>
        {(problem) => (
          <p class="muted" role="status" data-testid="episode-link-problem">
            {problem().reason === 'filtered'
              ? `The linked episode ${shortId(problem().corrId, 8)} is hidden by the filters; press Reset to show it.`
              : `The linked episode ${shortId(problem().corrId, 8)} is not in this browser's journal.`}
          </p>
        )}
      </Show>
      <Show
        when={shown().length > 0}
        fallback={
          <p class="empty" data-testid="episodes-empty">
            {stream.episodes().length === 0
              ? 'No episodes yet. Send a message in Chat: each reply is one episode.'
              : `No episode matches ${activeFilters(state.filters()).join(', ')}. Loosen a filter or press Reset.`}
          </p>
        }
      >
        <ul class="episode-list">
          <For each={shown().slice(0, SHOWN_MAX)}>
            {(episode) => (
              <EpisodeRow
                episode={episode}
                expanded={state.isExpanded(episode.id)}
                onActivate={() => activate(episode.id)}
                deviceLabel={names.labelOf}
              />
            )}
          </For>
        </ul>
        <Show when={shown().length > SHOWN_MAX}>
          <p class="muted">Showing the newest {SHOWN_MAX}; narrow the filters to see older ones.</p>
        </Show>
      </Show>
    </section>
  );
}
