/**
 * The conversation: each turn is your message and the answer shown (Markdown, streaming
 * live), with Copy on both, Edit on yours and "‹ 2/3 ›" between the answers a turn got
 * (Regenerate, edit-and-resend). Turns are keyed by their first episode, so a token batch
 * re-renders only the running answer and every other message keeps its DOM.
 */
import { createSignal, For, Show } from 'solid-js';
import type { ChatTurn } from '../../../core/read-models/chat-turns';
import { CopyButton } from '../../components/markdown/CopyButton';
import { Markdown } from '../../components/markdown/Markdown';
import { clockTime } from '../../lib/format';
import { EmptyChat } from './EmptyChat';
import { EditMessage } from './EditMessage';
import { createStableList } from './stable-list';
import { VariantNav } from './VariantNav';

export interface MessageListProps {
  turns: readonly ChatTurn[];
  selected?: string;
  onSelect: (corrId: string) => void;
  /** Edit-and-resend: `text` as a new answer to turn `turnId`; without it there is no Edit button. */
  onEdit?: (turnId: string, text: string) => void;
  /** Shows answer `index` of turn `turnId`. */
  onShowVariant?: (turnId: string, index: number) => void;
  /** An episode runs: editing waits for it. */
  busy?: boolean;
}

export function MessageList(props: MessageListProps) {
  const turns = createStableList(
    () => props.turns,
    'turnId',
    (turn) => ({ ...turn, variants: turn.variants.map((variant) => ({ ...variant })) }),
  );
  const [editing, setEditing] = createSignal<string>();
  return (
    <div class="messages" role="log" aria-label="Conversation" aria-live="polite" aria-relevant="additions">
      <For each={turns()} fallback={<EmptyChat />}>
        {(turn) => {
          let editButton: HTMLButtonElement | undefined;
          const closeEditor = () => {
            setEditing(undefined);
            queueMicrotask(() => editButton?.focus());
          };
          return (
            <article
              class="turn"
              classList={{ selected: props.selected === turn.corrId }}
              data-corr-id={turn.corrId}
              data-turn-id={turn.turnId}
            >
              <Show
                when={editing() === turn.turnId && props.onEdit}
                fallback={
                  <div class="msg user" data-testid="user-message">
                    <span class="sr-only">You: </span>
                    {turn.user}
                  </div>
                }
              >
                {(onEdit) => (
                  <EditMessage
                    initial={turn.user}
                    onCancel={closeEditor}
                    onSave={(text) => {
                      onEdit()(turn.turnId, text);
                      closeEditor();
                    }}
                  />
                )}
              </Show>
              <div class="msg-actions user-actions">
                <CopyButton text={() => turn.user} label="Copy what you wrote" testid="copy-user" />
                <Show when={props.onEdit && editing() !== turn.turnId}>
                  <button
                    type="button"
                    class="link"
                    ref={editButton}
                    aria-label="Edit what you wrote"
                    data-testid="edit-message"
                    // Not `disabled`: focus comes back here after Save, while the new answer runs.
                    aria-disabled={props.busy ? 'true' : undefined}
                    title={props.busy ? 'Editing waits until the answer being written is done' : undefined}
                    onClick={() => !props.busy && setEditing(turn.turnId)}
                  >
                    Edit
                  </button>
                </Show>
              </div>
              <div
                class="msg assistant"
                data-testid="assistant-message"
                data-status={turn.status}
                aria-busy={turn.status === 'running'}
              >
                <span class="sr-only">Agent: </span>
                <Markdown text={turn.reply} streaming={turn.status === 'running'} />
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
                <Show when={turn.variants.length > 1 && props.onShowVariant}>
                  {(onShow) => (
                    <VariantNav
                      shown={turn.shown}
                      count={turn.variants.length}
                      onShow={(index) => onShow()(turn.turnId, index)}
                    />
                  )}
                </Show>
                <CopyButton text={() => turn.reply} label="Copy the answer" testid="copy-answer" />
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
          );
        }}
      </For>
    </div>
  );
}
