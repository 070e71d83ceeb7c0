/**
 * Which project new messages belong to: "Personal" (no project, never leaves this
 * device) or a project shared with a paired server, whose episodes replicate.
 */
import { For } from 'solid-js';
import { projectChoices, useProject } from '../../state/project';
import { useSync } from '../../state/sync';

export function ProjectPicker(props: { disabled: boolean }) {
  const project = useProject();
  const sync = useSync();
  const shared = () => sync.links().flatMap((link) => link.projects);
  const choices = () => projectChoices(shared(), project.current());
  return (
    <label class="project-picker">
      Project{' '}
      <select
        data-testid="project-picker"
        value={project.current() ?? ''}
        disabled={props.disabled}
        onChange={(e) => project.set(e.currentTarget.value || undefined)}
      >
        <option value="">Personal — stays on this device</option>
        <For each={choices()}>
          {(id) => (
            <option value={id}>
              {id} — {shared().includes(id) ? 'shared' : 'not shared'}
            </option>
          )}
        </For>
      </select>
    </label>
  );
}
