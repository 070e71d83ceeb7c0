/** The project's notes: a textarea bound to the project document's `Y.Text`. */
import { createEffect, onCleanup } from 'solid-js';
import type * as Y from 'yjs';
import { bindTextarea } from '../../collab/project-doc-text';

export function ProjectNotes(props: { text: Y.Text | undefined }) {
  let area: HTMLTextAreaElement | undefined;
  createEffect(() => {
    const text = props.text;
    if (!text || !area) return;
    onCleanup(bindTextarea(text, area));
  });
  return (
    <label class="project-notes">
      Project notes
      <textarea
        ref={area}
        data-testid="project-notes"
        rows="6"
        disabled={!props.text}
        placeholder="Plans, links, decisions…"
      />
    </label>
  );
}
