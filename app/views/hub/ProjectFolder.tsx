/**
 * Where the project's files.* tools read and write: its private folder in this browser
 * (OPFS), or a folder on the device the person picked (File System Access API, where the
 * browser has it), with the way back. Picking needs a click, so it lives here.
 */
import { createSignal, Show } from 'solid-js';
import { useApp } from '../../state/app-context';

export function ProjectFolder(props: { projectId: string | undefined }) {
  const { folders } = useApp();
  const [version, setVersion] = createSignal(0);
  const [error, setError] = createSignal<string>();
  const picked = () => (version(), props.projectId && folders?.picked(props.projectId));
  const pick = async () => {
    setError(undefined);
    if (!props.projectId || !folders) return;
    try {
      await folders.pick(props.projectId);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    }
    setVersion(version() + 1);
  };
  const forget = () => {
    if (props.projectId) folders?.forget(props.projectId);
    setVersion(version() + 1);
  };
  return (
    <Show when={folders && props.projectId}>
      <div class="project-folder" data-testid="project-folder">
        <p>
          Files for agents (<code>files.list</code>, <code>files.read</code>, <code>files.write</code>):{' '}
          <Show when={picked()} fallback={<span>a private folder in this browser</span>}>
            {(name) => (
              <span>
                the folder <strong>{name()}</strong> on this device
              </span>
            )}
          </Show>
          .
        </p>
        <Show
          when={folders?.canPick()}
          fallback={<p class="muted">This browser cannot give the app a folder on the device.</p>}
        >
          <Show
            when={picked()}
            fallback={
              <button type="button" onClick={() => void pick()}>
                Use a folder on this device…
              </button>
            }
          >
            <button type="button" onClick={forget}>
              Back to the private folder
            </button>
          </Show>
        </Show>
        <Show when={error()}>
          {(message) => (
            <p class="notice tone-warn" role="alert">
              {message()}
            </p>
          )}
        </Show>
      </div>
    </Show>
  );
}
