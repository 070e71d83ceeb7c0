/** Launch a recipe on a project: the current one by default, or another from the picker. */
import { createSignal, For } from 'solid-js';
import { useApp } from '../../state/app-context';
import { pickerProjects, useProject } from '../../state/project';

export function LaunchControls(props: { name: string; onLaunch(projectId: string | undefined): Promise<void> }) {
  const project = useProject();
  const { projects } = useApp();
  // The projects not archived (Hub → Projects), by name, and the current one.
  const choices = () => pickerProjects(projects.active(), project.current(), projects.get);
  // Undefined until the person picks: follows the current project.
  const [picked, setPicked] = createSignal<string>();
  const target = () => picked() ?? project.current() ?? '';
  const [busy, setBusy] = createSignal(false);
  const launch = async () => {
    setBusy(true);
    try {
      await props.onLaunch(target() || undefined);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="launch-controls">
      <label>
        <span class="sr-only">Project to launch {props.name} on</span>
        <select
          value={target()}
          onChange={(event) => setPicked(event.currentTarget.value)}
          aria-label={`Project for ${props.name}`}
        >
          <option value="">Personal</option>
          <For each={choices()}>{(choice) => <option value={choice.id}>{choice.name}</option>}</For>
        </select>
      </label>{' '}
      <button type="button" class="primary" onClick={() => void launch()} disabled={busy()}>
        Launch
      </button>
    </span>
  );
}
