/**
 * One episode in the Debug list: a header button (select + expand, `aria-expanded`)
 * and, expanded, the waterfall and the event table for that `corr_id`.
 */
import { Show } from 'solid-js';
import type { EpisodeSummary } from '../../../core/read-models';
import { EpisodeLink } from '../../components/common/EpisodeLink';
import { Waterfall } from '../../components/waterfall/Waterfall';
import { dateTime, shortId } from '../../lib/format';
import { useApp } from '../../state/app-context';
import { formatMs } from '../../state/event-summary';
import { EpisodeEvents } from './EpisodeEvents';

export function EpisodeRow(props: { episode: EpisodeSummary; expanded: boolean; onActivate: () => void }) {
  const { stream } = useApp();
  const detailsId = () => `episode-details-${props.episode.id}`;
  const events = () => stream.eventsFor(props.episode.id)();
  const selected = () => stream.selectedCorrId() === props.episode.id;
  return (
    <li
      class="episode-row"
      classList={{ selected: selected() }}
      data-testid="episode-row"
      data-corr-id={props.episode.id}
      data-status={props.episode.status}
    >
      <button
        type="button"
        class="episode-head"
        aria-expanded={props.expanded}
        aria-controls={detailsId()}
        onClick={() => props.onActivate()}
      >
        <span class="chevron" aria-hidden="true">
          {props.expanded ? '▾' : '▸'}
        </span>
        <span class={`status status-${props.episode.status}`}>{props.episode.status}</span>
        <span class="mono" title={props.episode.id}>
          {shortId(props.episode.id, 8)}
        </span>
        <span class="muted">{dateTime(props.episode.start)}</span>
        <span class="num">{formatMs(props.episode.duration_ms)}</span>
        <span class="muted">{props.episode.count} events</span>
        <span class="muted mono" title="observations · beliefs · intents · actions">
          {props.episode.stages.obs}/{props.episode.stages.beliefs}/{props.episode.stages.intents}/
          {props.episode.stages.actions}
        </span>
        <Show when={props.episode.errors > 0}>
          <span class="tone-error">
            {props.episode.errors} error{props.episode.errors === 1 ? '' : 's'}
          </span>
        </Show>
        <span class="muted kinds">
          {props.episode.first_kind} → {props.episode.last_kind}
        </span>
      </button>
      <Show when={props.expanded}>
        <div class="episode-details" id={detailsId()} role="region" aria-label={`Episode ${props.episode.id}`}>
          <Show when={props.episode.last_error}>
            {(error) => (
              <p class="tone-error">
                Last error ({error().kind}): {error().message}
              </p>
            )}
          </Show>
          <EpisodeLink corrId={props.episode.id} label="Link to this episode" />
          <Waterfall events={events()} now={props.episode.status === 'running' ? stream.now() : undefined} />
          <EpisodeEvents events={events()} />
        </div>
      </Show>
    </li>
  );
}
