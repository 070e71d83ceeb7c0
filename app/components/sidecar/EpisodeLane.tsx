/** The episode lane: status, duration, stage counts, TTFT and tokens/s of the selected episode, and its deep link. */
import { createMemo, Show } from 'solid-js';
import { episodeCounts, episodeLabel } from '../../state/episode-label';
import { formatMs } from '../../state/event-summary';
import { EpisodeLink } from '../common/EpisodeLink';
import { useApp } from '../../state/app-context';

export function EpisodeLane() {
  const { stream } = useApp();
  const episode = createMemo(() => {
    const corrId = stream.selectedCorrId();
    return corrId ? stream.episodes().find((candidate) => candidate.id === corrId) : undefined;
  });
  return (
    <Show when={stream.selectedCorrId()}>
      <section class="lane" aria-labelledby="lane-episode" data-testid="episode-lane">
        <header class="lane-head">
          <h2 id="lane-episode">Episode</h2>
        </header>
        <Show when={episode()} fallback={<p class="empty">Waiting for the episode's first event…</p>}>
          {(ep) => (
            <dl class="facts">
              <dt>Asked</dt>
              <dd class="episode-label" data-testid="episode-lane-label">
                {episodeLabel(ep())}
              </dd>
              <dt>Status</dt>
              <dd>
                <span class={`status status-${ep().status}`} data-testid="episode-status">
                  {ep().status}
                </span>
              </dd>
              <dt>Duration</dt>
              <dd>{formatMs(ep().duration_ms)}</dd>
              <dt>Stages</dt>
              <dd class="mono" title="observations · beliefs · intents · actions">
                obs {ep().stages.obs} · bel {ep().stages.beliefs} · int {ep().stages.intents} · act{' '}
                {ep().stages.actions}
              </dd>
              <dt>Events</dt>
              <dd>{episodeCounts(ep())}</dd>
              <dt>TTFT</dt>
              <dd>{formatMs(ep().ttft_ms)}</dd>
              <dt>Tokens</dt>
              <dd>
                {ep().tokens_out}
                <Show when={ep().tokens_per_s !== undefined}> · {ep().tokens_per_s!.toFixed(1)} tok/s</Show>
              </dd>
              <Show when={ep().last_error}>
                {(error) => (
                  <>
                    <dt>Error</dt>
                    <dd class="tone-error">{error().message}</dd>
                  </>
                )}
              </Show>
            </dl>
          )}
        </Show>
        <EpisodeLink corrId={stream.selectedCorrId()!} label="Open in Debug" />
      </section>
    </Show>
  );
}
