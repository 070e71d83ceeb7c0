/**
 * One episode in the Debug list: a header button (select + expand, `aria-expanded`)
 * naming the episode by its first message and model, with labelled counts and the
 * devices it ran on; expanded, the waterfall and the event table for that `corr_id`.
 */
import { Show } from 'solid-js';
import type { EpisodeSummary } from '../../../core/read-models';
import { EpisodeLink } from '../../components/common/EpisodeLink';
import { Waterfall } from '../../components/waterfall/Waterfall';
import { dateTime } from '../../lib/format';
import { useApp } from '../../state/app-context';
import { episodeCounts, episodeLabel, stageCounts } from '../../state/episode-label';
import { formatMs } from '../../state/event-summary';
import { EpisodeEvents } from './EpisodeEvents';

export function EpisodeRow(props: {
  episode: EpisodeSummary;
  expanded: boolean;
  onActivate: () => void;
  /** "this device", a device's name or "another device" (device-names.ts `labelOf`), shared by the rows. */
  deviceLabel: (actor: string) => string;
}) {
  const { stream, deviceActor } = useApp();
  // Other devices only: an episode of this device needs no "on this device".
  const elsewhere = () =>
    props.episode.actors.filter((actor) => actor.startsWith('device:') && actor !== deviceActor).map(props.deviceLabel);
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
        <span class="episode-label" title={`Episode ${props.episode.id}`} data-testid="episode-label">
          {episodeLabel(props.episode)}
        </span>
        <span class="muted">{dateTime(props.episode.start)}</span>
        <span class="num">{formatMs(props.episode.duration_ms)}</span>
        <span
          classList={{ muted: props.episode.errors === 0, 'tone-error': props.episode.errors > 0 }}
          title={stageCounts(props.episode.stages)}
          data-testid="episode-counts"
        >
          {episodeCounts(props.episode)}
        </span>
        <Show when={elsewhere().length > 0}>
          <span class="muted" data-testid="episode-devices">
            on {elsewhere().join(', ')}
          </span>
        </Show>
        <span class="muted kinds">
          {props.episode.first_kind} → {props.episode.last_kind}
        </span>
      </button>
      <Show when={props.expanded}>
        <div class="episode-details" id={detailsId()} role="region" aria-label={`Episode ${props.episode.id}`}>
          <p class="muted">Stages: {stageCounts(props.episode.stages)}</p>
          <Show when={props.episode.last_error}>
            {(error) => (
              <p class="tone-error">
                Last error ({error().kind}): {error().message}
              </p>
            )}
          </Show>
          <EpisodeLink corrId={props.episode.id} label="Link to this episode" />
          <Waterfall events={events()} now={props.episode.status === 'running' ? stream.now() : undefined} />
          <EpisodeEvents events={events()} who={props.deviceLabel} />
        </div>
      </Show>
    </li>
  );
}
