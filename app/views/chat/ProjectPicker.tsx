/**
 * Which project new messages belong to: "Personal" (no project, never leaves this
 * device) or one of the projects this device knows and has not archived (Hub →
 * Projects), each saying whether a paired server shares it, so its episodes replicate.
 */
import { For } from 'solid-js';
import { useApp } from '../../state/app-context';
import { pickerProjects, useProject } from '../../state/project';

export function ProjectPicker(props: { disabled: boolean }) {
  const project = useProject();
  const { projects } = useApp();
  const choices = () => pickerProjects(projects.active(), project.current(), projects.get);
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
          {(choice) => (
            <option value={choice.id}>
              {choice.name} — {choice.shared.length > 0 ? `shared with ${choice.shared.join(', ')}` : 'not shared'}
            </option>
          )}
        </For>
      </select>
    </label>
  );
}
