/** The conversation: each turn is the user's message and the assistant's reply (streaming live). */
import { For, Show } from 'solid-js';
import { clockTime } from '../../lib/format';
import { EmptyChat } from './EmptyChat';
import type { ChatTurn } from '../../../core/read-models/chat-turns';

export function MessageList(props: {
  turns: readonly ChatTurn[];
  selected?: string;
  onSelect: (corrId: string) => void;
}) {
  return (
    <div class="messages" role="log" aria-label="Conversation" aria-live="polite" aria-relevant="additions">
      <For
        each={props.turns}
        fallback={<EmptyChat />}
      >
        {(turn) => (
          <article class="turn" classList={{ selected: props.selected === turn.corrId }} data-corr-id={turn.corrId}>
            <div class="msg user" data-testid="user-message">
              <span class="sr-only">You: </span>
              {turn.user}
            </div>
            <div
              class="msg assistant"
              data-testid="assistant-message"
              data-status={turn.status}
              aria-busy={turn.status === 'running'}
            >
              <span class="sr-only">Agent: </span>
              <span data-testid="reply-text">{turn.reply}</span>
              <Show when={turn.status === 'running'}>
                <span class="cursor" aria-hidden="true">
                  ▍
                </span>
              </Show>
              <Show when={turn.status === 'canceled'}>
                <span class="msg-note">(stopped)</span>
              </Show>
              <Show when={turn.error}>
                <span class="msg-note tone-error">{turn.error}</span>
              </Show>
            </div>
            <div class="turn-meta">
              <time class="muted mono" datetime={turn.time}>
                {clockTime(turn.time)}
              </time>
              <button
                type="button"
                class="link"
                onClick={() => props.onSelect(turn.corrId)}
                aria-label={`Show episode of “${turn.user.slice(0, 40)}” in the sidecar`}
              >
                episode
              </button>
            </div>
          </article>
        )}
      </For>
    </div>
  );
}
