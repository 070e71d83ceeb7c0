/** Hub: the current project (notes, attached agents), journal facts and the recent episodes. */
import { For, Show } from 'solid-js';
import { PersistHint } from '../../components/common/PersistHint';
import { ago, shortId } from '../../lib/format';
import { useApp } from '../../state/app-context';
import { formatMs } from '../../state/event-summary';
import { ProjectsCard } from './ProjectsCard';
import { ProjectSection } from './ProjectSection';

export function HubView() {
  const { stream, storage, router } = useApp();
  const open = (corrId: string) => {
    stream.select(corrId);
    router.go('debug');
  };
  const persistedText = () =>
    storage.persisted() === undefined
      ? 'unknown'
      : storage.persisted()
        ? 'persistent'
        : 'may be cleared by the browser';
  return (
    <div class="view hub-view">
      <h1 class="view-title">Hub</h1>
      <PersistHint />
      <ProjectsCard />
      <ProjectSection />
      <section class="card" aria-labelledby="hub-journal">
        <h2 id="hub-journal">Journal</h2>
        <dl class="stats">
          <div>
            <dt>Events</dt>
            <dd data-testid="stat-events">{stream.eventCount()}</dd>
          </div>
          <div>
            <dt>Episodes</dt>
            <dd data-testid="stat-episodes">{stream.episodes().length}</dd>
          </div>
          <div>
            <dt>Running</dt>
            <dd>{stream.episodes().filter((e) => e.status === 'running').length}</dd>
          </div>
          <div>
            <dt>Storage</dt>
            <dd data-testid="stat-storage">{persistedText()}</dd>
          </div>
        </dl>
        <Show when={stream.phase() === 'loading'}>
          <p class="muted">
            Reading the journal… {stream.progress().done} of {stream.progress().total} events
          </p>
        </Show>
      </section>
      <section class="card" aria-labelledby="hub-recent">
        <h2 id="hub-recent">Recent episodes</h2>
        <Show
          when={stream.episodes().length > 0}
          fallback={<p class="empty">None yet. Each message you send in Chat becomes an episode.</p>}
        >
          <ul class="recent">
            <For each={stream.episodes().slice(0, 10)}>
              {(episode) => (
                <li>
                  <button type="button" class="recent-item" onClick={() => open(episode.id)} data-testid="hub-episode">
                    <span class={`status status-${episode.status}`}>{episode.status}</span>
                    <span class="mono">{shortId(episode.id, 8)}</span>
                    <span class="muted">{ago(episode.last, stream.now())}</span>
                    <span class="num">{formatMs(episode.duration_ms)}</span>
                    <span class="muted">{episode.count} events</span>
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
    </div>
  );
}
