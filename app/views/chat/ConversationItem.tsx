/**
 * One conversation in Chat's list: open it (title, agent and model, last activity),
 * rename it in place (Enter saves, Escape cancels, the error in words under the field)
 * or delete it (the list's Undo toast takes over).
 */
import { createSignal, Show } from 'solid-js';
import type { Result } from '../../../core/lib/result';
import type { ConversationSummary } from '../../../core/read-models/conversations';
import { ago } from '../../lib/format';

export interface ConversationItemProps {
  conversation: ConversationSummary;
  current: boolean;
  /** Clock time for "3 min ago". */
  now: number;
  /** "Chat · arw-tiny-char", "Page reader · probe". */
  agentLabel: string;
  onOpen(): void;
  onRename(title: string): Promise<Result<void, string>>;
  onDelete(): void;
}

export function ConversationItem(props: ConversationItemProps) {
  const [editing, setEditing] = createSignal(false);
  const [error, setError] = createSignal<string>();
  let renameButton: HTMLButtonElement | undefined;
  const errorId = () => `rename-error-${props.conversation.id}`;
  const stop = () => {
    setEditing(false);
    setError(undefined);
    requestAnimationFrame(() => renameButton?.focus());
  };
  const save = async (title: string) => {
    const result = await props.onRename(title);
    if (result.ok) stop();
    else setError(result.error);
  };
  return (
    <li
      class="conversation"
      classList={{ current: props.current }}
      data-testid="conversation"
      data-conversation-id={props.conversation.id}
    >
      <Show
        when={editing()}
        fallback={
          <button
            type="button"
            class="conversation-open"
            aria-current={props.current ? 'true' : undefined}
            onClick={() => props.onOpen()}
          >
            <span class="conversation-title">{props.conversation.title}</span>
            <span class="conversation-meta">
              {props.agentLabel} ·{' '}
              <time datetime={props.conversation.last_activity}>
                {ago(props.conversation.last_activity, props.now)}
              </time>
            </span>
          </button>
        }
      >
        <div class="conversation-rename">
          <input
            type="text"
            aria-label="Conversation title"
            value={props.conversation.title}
            maxLength={250}
            aria-invalid={error() ? 'true' : undefined}
            aria-describedby={error() ? errorId() : undefined}
            ref={(input) => requestAnimationFrame(() => (input.focus(), input.select()))}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                void save(event.currentTarget.value);
              } else if (event.key === 'Escape') {
                event.preventDefault();
                event.stopPropagation();
                stop();
              }
            }}
          />
          <Show when={error()}>
            <p class="field-error" id={errorId()} role="alert">
              {error()}
            </p>
          </Show>
        </div>
      </Show>
      <div class="conversation-actions">
        <button
          type="button"
          class="ghost"
          ref={renameButton}
          aria-label={`Rename ${props.conversation.title}`}
          onClick={() => (editing() ? stop() : setEditing(true))}
        >
          Rename
        </button>
        <button
          type="button"
          class="ghost"
          aria-label={`Delete ${props.conversation.title}`}
          onClick={() => props.onDelete()}
        >
          Delete
        </button>
      </div>
    </li>
  );
}
