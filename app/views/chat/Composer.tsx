/** The message box: Enter sends, Shift+Enter is a newline; Stop while running, Regenerate after. */
import { Show } from 'solid-js';

export interface ComposerProps {
  draft: string;
  onDraft: (text: string) => void;
  onSend: () => void;
  onStop: () => void;
  onRegenerate: () => void;
  /** The box lost focus (ends the "typing" presence). */
  onBlur?: () => void;
  running: boolean;
  canRegenerate: boolean;
  disabled: boolean;
}

export function Composer(props: ComposerProps) {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (!props.running && !props.disabled) props.onSend();
    }
  };
  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSend();
      }}
    >
      <textarea
        aria-label="Message"
        placeholder="Message the agent (Enter sends, Shift+Enter for a new line)"
        rows="3"
        value={props.draft}
        onInput={(event) => props.onDraft(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        onBlur={() => props.onBlur?.()}
      />
      <div class="composer-actions">
        <Show
          when={props.running}
          fallback={
            <button type="submit" class="primary" disabled={props.disabled || !props.draft.trim()}>
              Send
            </button>
          }
        >
          <button type="button" class="danger" onClick={() => props.onStop()}>
            Stop
          </button>
        </Show>
        <button type="button" onClick={() => props.onRegenerate()} disabled={!props.canRegenerate || props.disabled}>
          Regenerate
        </button>
      </div>
    </form>
  );
}
