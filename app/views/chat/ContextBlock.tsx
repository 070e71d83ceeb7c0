/**
 * SPEC §5: the chat always shows what goes into the context: the messages the model
 * gets for the draft, and the prompt the last reply was generated from (its `tokens.in`).
 */
import { For, Show } from 'solid-js';
import type { ChatMessage } from '../../../core/agent/model';

export function ContextBlock(props: { messages: readonly ChatMessage[]; lastPrompt?: string }) {
  const onKeyDown = (event: KeyboardEvent & { currentTarget: HTMLDetailsElement }) => {
    if (event.key !== 'Escape' || !event.currentTarget.open) return;
    event.currentTarget.open = false;
    event.currentTarget.querySelector('summary')?.focus();
  };
  return (
    <details class="context" data-testid="context-block" onKeyDown={onKeyDown}>
      <summary>
        What goes into the context ({props.messages.length} message{props.messages.length === 1 ? '' : 's'})
      </summary>
      <p class="muted">
        The model gets the earlier turns of this chat (up to 20 messages) and your new message; a tool's result is added
        when the agent calls one. Nothing else is sent.
      </p>
      <ol class="context-list">
        <For each={props.messages} fallback={<li class="muted">Empty: type a message.</li>}>
          {(message) => (
            <li>
              <span class={`role role-${message.role}`}>{message.role}</span>
              <span class="context-text">{message.content}</span>
            </li>
          )}
        </For>
      </ol>
      <Show when={props.lastPrompt}>
        <h3 class="context-sub">Last prompt as sent (tokens.in)</h3>
        <pre class="prompt">{props.lastPrompt}</pre>
      </Show>
    </details>
  );
}
