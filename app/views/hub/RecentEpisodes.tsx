/**
 * Hub's previous runs: the newest episodes by their first message and model, with how
 * long ago, how long they took and labelled counts; one opens it in Debug.
 */
import { For, Show } from 'solid-js';
import { ago } from '../../lib/format';
import { useApp } from '../../state/app-context';
import { episodeCounts, episodeLabel } from '../../state/episode-label';
import { formatMs } from '../../state/event-summary';

const SHOWN = 10;

export function RecentEpisodes() {
  const { stream, router } = useApp();
  const open = (corrId: string) => {
    stream.select(corrId);
    router.go('debug');
  };
  return (
    <section class="card" aria-labelledby="hub-recent">
      <h2 id="hub-recent">Recent episodes</h2>
      <Show
        when={stream.episodes().length > 0}
        fallback={<p class="empty">None yet. Each message you send in Chat becomes an episode.</p>}
      >
        <ul class="recent">
          <For each={stream.episodes().slice(0, SHOWN)}>
            {(episode) => (
              <li>
                <button
                  type="button"
                  class="recent-item"
                  onClick={() => open(episode.id)}
                  data-testid="hub-episode"
                  data-corr-id={episode.id}
                  title={`Open episode ${episode.id} in Debug`}
                >
                  <span class={`status status-${episode.status}`}>{episode.status}</span>
                  <span class="episode-label" data-testid="hub-episode-label">
                    {episodeLabel(episode)}
                  </span>
                  <span class="muted">{ago(episode.last, stream.now())}</span>
                  <span class="num">{formatMs(episode.duration_ms)}</span>
                  <span classList={{ muted: episode.errors === 0, 'tone-error': episode.errors > 0 }}>
                    {episodeCounts(episode)}
                  </span>
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
