/** One project's name as an inline form: Enter saves, Esc (or Cancel) leaves it as it was. */
import { createSignal, onMount, Show, untrack } from 'solid-js';

export function ProjectRenameForm(props: {
  name: string;
  onSave(name: string): Promise<string | undefined>;
  onDone(): void;
}) {
  // The field starts from the name at the moment Rename was pressed; later renames elsewhere do not overwrite typing.
  const [name, setName] = createSignal(untrack(() => props.name));
  const [error, setError] = createSignal<string>();
  let input: HTMLInputElement | undefined;
  onMount(() => (input?.focus(), input?.select()));
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const problem = await props.onSave(name());
    setError(problem);
    if (problem) input?.focus();
    else props.onDone();
  };
  return (
    <form
      class="row project-rename"
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          props.onDone();
        }
      }}
    >
      <label>
        Name{' '}
        <input
          ref={input}
          name="project-rename"
          value={name()}
          onInput={(event) => setName(event.currentTarget.value)}
          maxLength={200}
          aria-invalid={error() ? 'true' : undefined}
        />
      </label>
      <button type="submit">Save name</button>
      <button type="button" onClick={() => props.onDone()}>
        Cancel
      </button>
      <Show when={error()}>
        {(message) => (
          <p class="notice tone-warn" role="alert" data-testid="project-rename-error">
            {message()}
          </p>
        )}
      </Show>
    </form>
  );
}
