/** One timeline row: time, stage badge, human summary; a token stream shows its live text. */
import { Show } from 'solid-js';
import { clockTime, shortId } from '../../lib/format';
import type { TimelineRow as Row } from '../../state/timeline';

export function TimelineRow(props: { row: Row; showEpisode: boolean; onSelectEpisode: (corrId: string) => void }) {
  return (
    <li
      class="tl-row"
      classList={{ [`tone-${props.row.tone}`]: true }}
      data-testid="timeline-item"
      data-kind={props.row.kind}
    >
      <div class="tl-head">
        <time class="tl-time mono" datetime={props.row.time}>
          {clockTime(props.row.time)}
        </time>
        <Show when={props.row.stage}>
          <span class={`badge stage-${props.row.stage}`}>{props.row.stage}</span>
        </Show>
        <span class="tl-title">{props.row.title}</span>
        <Show when={props.showEpisode && props.row.corrId}>
          <button
            type="button"
            class="link mono tl-corr"
            title={`Show only episode ${props.row.corrId}`}
            onClick={() => props.onSelectEpisode(props.row.corrId!)}
          >
            {shortId(props.row.corrId)}
          </button>
        </Show>
      </div>
      <Show
        when={props.row.tokens}
        fallback={
          <Show when={props.row.detail}>
            <div class="tl-detail">{props.row.detail}</div>
          </Show>
        }
      >
        {(tokens) => (
          <div class="tl-tokens" data-testid="token-stream" aria-live="off">
            {tokens().text}
            <Show when={!tokens().done}>
              <span class="cursor" aria-hidden="true">
                ▍
              </span>
            </Show>
          </div>
        )}
      </Show>
    </li>
  );
}
