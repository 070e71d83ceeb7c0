/** Editing your own message in place: Enter (or Save) sends it as a new answer to the turn, Escape cancels. */
import { createSignal, onMount } from 'solid-js';

export function EditMessage(props: { initial: string; onSave: (text: string) => void; onCancel: () => void }) {
  // The editor starts from the message as it was when Edit was pressed.
  const [text, setText] = createSignal(props.initial);
  let box: HTMLTextAreaElement | undefined;
  onMount(() => {
    box?.focus();
    box?.setSelectionRange(box.value.length, box.value.length);
  });
  const save = () => {
    if (text().trim()) props.onSave(text());
  };
  return (
    <form
      class="msg-edit"
      data-testid="edit-form"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <textarea
        ref={box}
        aria-label="Edited text"
        rows="3"
        value={text()}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            props.onCancel();
          } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            save();
          }
        }}
      />
      <div class="row">
        <button type="submit" class="primary" disabled={!text().trim()} data-testid="edit-save">
          Save
        </button>
        <button type="button" onClick={() => props.onCancel()} data-testid="edit-cancel">
          Cancel
        </button>
      </div>
    </form>
  );
}
