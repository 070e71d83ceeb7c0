/** Hub → Projects: a name field and Create; the id comes from the name (core/projects/project-id.ts). */
import { createSignal, Show } from 'solid-js';

export function ProjectCreateForm(props: { onCreate(name: string): Promise<string | undefined> }) {
  const [name, setName] = createSignal('');
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  let input: HTMLInputElement | undefined;
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    const problem = await props.onCreate(name());
    setBusy(false);
    setError(problem);
    if (!problem) setName('');
    input?.focus();
  };
  return (
    <form class="row project-create" onSubmit={(event) => void submit(event)} data-testid="project-create">
      <label>
        New project{' '}
        <input
          ref={input}
          name="project-name"
          value={name()}
          onInput={(event) => setName(event.currentTarget.value)}
          placeholder="e.g. Garden plans"
          maxLength={200}
          aria-invalid={error() ? 'true' : undefined}
          aria-describedby={error() ? 'project-create-error' : undefined}
        />
      </label>
      <button type="submit" disabled={busy()}>
        Create project
      </button>
      <Show when={error()}>
        {(message) => (
          <p id="project-create-error" class="notice tone-warn" role="alert" data-testid="project-create-error">
            {message()}
          </p>
        )}
      </Show>
    </form>
  );
}
