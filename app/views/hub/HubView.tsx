/** Hub: the current project (notes, attached agents), journal facts and the recent episodes. */
import { Show } from 'solid-js';
import { PersistHint } from '../../components/common/PersistHint';
import { useApp } from '../../state/app-context';
import { ProjectsCard } from './ProjectsCard';
import { ProjectSection } from './ProjectSection';
import { RecentEpisodes } from './RecentEpisodes';

export function HubView() {
  const { stream, storage } = useApp();
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
      <RecentEpisodes />
    </div>
  );
}
