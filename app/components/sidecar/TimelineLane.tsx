/**
 * The timeline lane: the selected episode's events in order (observation → belief →
 * intent → action, tokens, tools, policy inline), or, with no selection, the newest
 * events of the whole stream first. At most 100 rows.
 */
import { createMemo, For, Show } from 'solid-js';
import { shortId } from '../../lib/format';
import { useDeviceNames } from '../../collab/device-names';
import { useApp } from '../../state/app-context';
import { buildTimeline, TIMELINE_CAP } from '../../state/timeline';
import { TimelineRow } from './TimelineRow';

/** Events looked at for "all": enough for 100 rows even when tokens fold together. */
const ALL_WINDOW = 600;

export function TimelineLane() {
  const { stream } = useApp();
  const devices = useDeviceNames();
  const selected = stream.selectedCorrId;
  const episodeEvents = createMemo(() => {
    const corrId = selected();
    return corrId ? stream.eventsFor(corrId)() : undefined;
  });
  const rows = createMemo(() => {
    const events = episodeEvents();
    if (events) return buildTimeline(events, 'chronological', TIMELINE_CAP, devices.labelOf);
    const recent = stream.recentEvents();
    return buildTimeline(
      recent.slice(Math.max(0, recent.length - ALL_WINDOW)),
      'newest-first',
      TIMELINE_CAP,
      devices.labelOf,
    );
  });
  return (
    <section class="lane" aria-labelledby="lane-timeline">
      <header class="lane-head">
        <h2 id="lane-timeline">Timeline</h2>
        <Show
          when={selected()}
          fallback={
            <span class="muted" data-testid="timeline-scope">
              showing all · newest first
            </span>
          }
        >
          {(corrId) => (
            <span data-testid="timeline-scope">
              showing episode{' '}
              <span class="mono" title={corrId()}>
                {shortId(corrId(), 8)}
              </span>{' '}
              ·{' '}
              <button type="button" class="link" onClick={() => stream.select(undefined)}>
                clear
              </button>
            </span>
          )}
        </Show>
      </header>
      <Show
        when={rows().length > 0}
        fallback={
          <p class="empty">
            {selected()
              ? 'No events for this episode yet.'
              : 'No events yet. Send a message in Chat to start an episode.'}
          </p>
        }
      >
        <ol class="timeline" aria-label={selected() ? 'Episode events, oldest first' : 'Recent events, newest first'}>
          <For each={rows()}>
            {(row) => <TimelineRow row={row} showEpisode={!selected()} onSelectEpisode={stream.select} />}
          </For>
        </ol>
      </Show>
    </section>
  );
}
