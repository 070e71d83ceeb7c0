/**
 * The add/edit form of Settings → Model servers: base URL, model, optional API key
 * (a password field), Save and Test connection. Each field shows its own message; an
 * invalid entry is not saved. State lives in `state/openai-servers.ts`.
 */
import { createSignal, Show } from 'solid-js';
import { describeError } from '../../../core/errors';
import {
  KEY_STORAGE_NOTE,
  mixedContentWarning,
  type FieldIssue,
  type OpenAiServersState,
  type ServerDraft,
  type ServerEntry,
  type ServerField,
  type TestResult,
} from '../../state/openai-servers';

const EMPTY: ServerDraft = { baseUrl: '', model: '', apiKey: '' };

export function ServerForm(props: {
  servers: OpenAiServersState;
  editing: ServerEntry | undefined;
  onDone: () => void;
  pageProtocol: string;
}) {
  const initial = (): ServerDraft =>
    props.editing
      ? { baseUrl: props.editing.baseUrl, model: props.editing.model, apiKey: props.editing.apiKey ?? '' }
      : EMPTY;
  const [draft, setDraft] = createSignal<ServerDraft>(initial());
  const [issues, setIssues] = createSignal<FieldIssue[]>([]);
  const [testing, setTesting] = createSignal(false);
  const [result, setResult] = createSignal<TestResult>();
  const [saved, setSaved] = createSignal<string>();
  const set = (field: ServerField, value: string) => setDraft({ ...draft(), [field]: value });
  const issueOf = (field: ServerField) => issues().find((i) => i.field === field)?.message;

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaved(undefined);
    const outcome = await props.servers.save(draft(), props.editing?.id);
    if (!outcome.ok) return setIssues(outcome.issues);
    setIssues([]);
    setSaved(
      `Saved ${outcome.entry.model} at ${outcome.entry.baseUrl}: it is in Chat’s model list under “Servers on your network”.`,
    );
    setDraft(EMPTY);
    props.onDone();
  };
  const test = async () => {
    setTesting(true);
    setResult(undefined);
    try {
      const outcome = await props.servers.test(draft());
      if (!outcome.ok && 'issues' in outcome) setIssues(outcome.issues);
      else setIssues([]);
      setResult(outcome);
    } finally {
      setTesting(false);
    }
  };

  const field = (
    name: ServerField,
    label: string,
    input: { type: string; placeholder: string; autocomplete?: string },
  ) => (
    <label class="server-field">
      {label}
      <input
        name={name}
        type={input.type}
        placeholder={input.placeholder}
        autocomplete={input.autocomplete ?? 'off'}
        value={draft()[name]}
        onInput={(event) => set(name, event.currentTarget.value)}
        aria-invalid={issueOf(name) ? 'true' : undefined}
        data-testid={`server-${name}`}
      />
      <Show when={issueOf(name)}>
        {(message) => (
          <span class="tone-error" role="alert" data-field={name}>
            {message()}
          </span>
        )}
      </Show>
    </label>
  );

  return (
    <form class="server-form" novalidate onSubmit={(event) => void save(event)} data-testid="server-form">
      {field('baseUrl', 'Base URL', { type: 'url', placeholder: 'http://192.168.1.20:8080' })}
      {field('model', 'Model', { type: 'text', placeholder: 'llama3.2' })}
      {field('apiKey', 'API key (optional)', {
        type: 'password',
        placeholder: 'only if the server needs one',
        autocomplete: 'new-password',
      })}
      <p class="muted">{KEY_STORAGE_NOTE}</p>
      <Show when={mixedContentWarning(draft().baseUrl, props.pageProtocol)}>
        {(warning) => <p class="tone-warn">{warning()}</p>}
      </Show>
      <div class="row">
        <button type="submit" class="primary">
          {props.editing ? 'Save changes' : 'Add server'}
        </button>
        <button type="button" onClick={() => void test()} disabled={testing()}>
          {testing() ? 'Testing…' : 'Test connection'}
        </button>
        <Show when={props.editing}>
          <button type="button" class="ghost" onClick={() => (setDraft(EMPTY), setIssues([]), props.onDone())}>
            Cancel edit
          </button>
        </Show>
      </div>
      <Show when={saved()}>
        {(text) => (
          <p class="tone-ok" role="status">
            {text()}
          </p>
        )}
      </Show>
      <Show when={result()} keyed>
        {(r: TestResult) => {
          if (r.ok) {
            return (
              <p class="tone-ok" role="status" data-testid="server-test-result" data-ok="true">
                Connected: the server lists {r.models.length} model{r.models.length === 1 ? '' : 's'}
                {r.models.length > 0 ? `: ${r.models.slice(0, 12).join(', ')}${r.models.length > 12 ? ', …' : ''}` : ''}
                .{r.hasModel ? '' : ` “${draft().model.trim()}” is not among them; check the model name.`}
              </p>
            );
          }
          if ('code' in r) {
            return (
              <p class="tone-error" role="alert" data-testid="server-test-result" data-ok="false" data-code={r.code}>
                {r.code}: {describeError(r.code, r.detail)}
              </p>
            );
          }
          return null;
        }}
      </Show>
    </form>
  );
}
