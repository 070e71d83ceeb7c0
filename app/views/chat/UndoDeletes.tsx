/**
 * The Undo toast of deleted conversations: one line per deletion still in its window,
 * inside a status region that is always there (so screen readers announce new lines).
 */
import { For } from 'solid-js';
import type { PendingDelete } from '../../state/conversations';

export function UndoDeletes(props: { pending: readonly PendingDelete[]; onUndo(id: string): void }) {
  return (
    <div class="conversation-undo" role="status" data-testid="conversation-undo">
      <For each={props.pending}>
        {(item) => (
          <p class="conversation-undo-line">
            <span>Deleted “{item.title}”.</span>
            <button type="button" data-undo-for={item.id} onClick={() => props.onUndo(item.id)}>
              Undo
            </button>
          </p>
        )}
      </For>
    </div>
  );
}
