/**
 * A shared thread: every device's messages in document order, grouped per episode, with
 * who wrote each one, replies streaming live (Markdown, as in MessageList), a Copy button
 * on each, and which other devices look at an episode. Turns keep their DOM across
 * updates (keyed by their first message), so a streaming reply re-renders only itself.
 */
import { For, Show } from 'solid-js';
import type { Peer } from '../../collab/presence';
import { viewersOf } from '../../collab/presence';
import { groupTurns, type ThreadMessage } from '../../collab/thread';
import { CopyButton } from '../../components/markdown/CopyButton';
import { Markdown } from '../../components/markdown/Markdown';
import { clockTime } from '../../lib/format';
import { createStableList } from './stable-list';
import { EmptyChat } from './EmptyChat';

export function ThreadList(props: {
  messages: readonly ThreadMessage[];
  peers: readonly Peer[];
  selected?: string;
  onSelect: (corrId: string) => void;
}) {
  const turns = createStableList(
    () => groupTurns(props.messages).map((turn) => ({ ...turn, id: turn.messages[0]!.id })),
    'id',
    (turn) => ({ ...turn, messages: turn.messages.map((message) => ({ ...message, author: { ...message.author } })) }),
  );
  return (
    <div
      class="messages"
      role="log"
      aria-label="Shared conversation"
      aria-live="polite"
      aria-relevant="additions"
      data-testid="thread"
    >
      <For each={turns()} fallback={<EmptyChat shared />}>
        {(turn) => (
          <article class="turn" classList={{ selected: props.selected === turn.corrId }} data-corr-id={turn.corrId}>
            <For each={turn.messages}>
              {(message) => (
                <div
                  class={`msg ${message.role}`}
                  data-testid={`${message.role}-message`}
                  data-status={message.status === 'streaming' ? 'running' : message.status}
                  data-author={message.author.actor}
                  aria-busy={message.status === 'streaming'}
                >
                  <span class="msg-note">
                    {message.role === 'user' ? message.author.name : `Agent, for ${message.author.name}`}
                  </span>
                  <Show when={message.role === 'assistant'} fallback={message.text}>
                    <Markdown text={message.text} streaming={message.status === 'streaming'} />
                  </Show>
                  <Show when={message.status === 'streaming'}>
                    <span class="cursor" aria-hidden="true">
                      ▍
                    </span>
                  </Show>
                  <Show when={message.status === 'stopped'}>
                    <span class="msg-note">(stopped)</span>
                  </Show>
                  <Show when={message.status === 'error'}>
                    <span class="msg-note tone-error">(the episode failed)</span>
                  </Show>
                </div>
              )}
            </For>
            <div class="turn-meta">
              <For each={turn.messages}>
                {(message) => (
                  <CopyButton
                    text={() => message.text}
                    label={message.role === 'user' ? `Copy what ${message.author.name} wrote` : 'Copy the answer'}
                    testid={message.role === 'user' ? 'copy-user' : 'copy-answer'}
                  />
                )}
              </For>
              <time class="muted mono" datetime={turn.messages[0]?.time}>
                {clockTime(turn.messages[0]?.time ?? '')}
              </time>
              <Show when={turn.corrId}>
                <button
                  type="button"
                  class="link"
                  onClick={() => props.onSelect(turn.corrId)}
                  aria-label="Show this episode in the sidecar"
                >
                  episode
                </button>
              </Show>
              <Show when={viewersOf(props.peers, turn.corrId).length > 0}>
                <span class="muted" data-testid="viewers">
                  viewed by {viewersOf(props.peers, turn.corrId).join(', ')}
                </span>
              </Show>
            </div>
          </article>
        )}
      </For>
    </div>
  );
}
