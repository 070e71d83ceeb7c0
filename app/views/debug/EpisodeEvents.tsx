/** An episode's events as a compact table: offset from start, kind, human summary. */
import { For } from 'solid-js';
import type { StoredEvent } from '../../../core/journal/types';
import { formatMs, summarizeEvent } from '../../state/event-summary';

export function EpisodeEvents(props: { events: readonly StoredEvent[]; who?: (actor: string) => string }) {
  const origin = () => (props.events[0] ? Date.parse(props.events[0].time) : 0);
  return (
    <table class="events-table">
      <thead>
        <tr>
          <th scope="col">+ms</th>
          <th scope="col">kind</th>
          <th scope="col">what</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.events}>
          {(event) => {
            const summary = summarizeEvent(event, props.who);
            return (
              <tr class={`tone-${summary.tone}`} data-kind={event.kind}>
                <td class="mono num">{formatMs(Date.parse(event.time) - origin())}</td>
                <td class="mono">{event.kind}</td>
                <td>
                  {summary.title}
                  {summary.detail ? ` — ${summary.detail}` : ''}
                </td>
              </tr>
            );
          }}
        </For>
      </tbody>
    </table>
  );
}
