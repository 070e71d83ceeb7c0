/**
 * The policy editor: name, scope (Mine, or shared with one of the person's projects),
 * the Cedar text with a line gutter, examples to start from, Validate and Save (both
 * strict; errors listed with their line, a click puts the caret there), and the tester
 * running the text as typed. Escape closes it; the section returns the focus.
 */
import { createSignal, For, untrack } from 'solid-js';
import { sortErrors, type PolicyTextError } from '../../policy/editor-lines';
import { exampleText, POLICY_EXAMPLES } from '../../policy/policy-examples';
import type { PolicySource } from '../../policy/policy-list';
import { DRAFT_ID } from '../../policy/policy-services';
import type { SampleTool } from '../../policy/sample-call';
import type { PolicyStore, PolicyValidation } from '../../policy/policy-store';
import { PolicyCode } from './PolicyCode';
import { PolicyTester, type Simulate } from './PolicyTester';

export interface PolicyEditorProps {
  /** The policy edited; none for a new one. */
  policy?: PolicySource;
  projects: readonly { id: string; name: string }[];
  currentProject: string | undefined;
  save: PolicyStore['save'];
  validate(text: string): Promise<PolicyValidation>;
  simulate: Simulate;
  /** What makes the tester decide again (policies, leases). */
  watch?: () => unknown;
  /** The tester's tools (default: the built-ins). */
  tools?: readonly SampleTool[];
  onClose(saved?: PolicySource): void;
}

export function PolicyEditor(props: PolicyEditorProps) {
  // The editor is keyed by the policy it opened with: later changes to it do not reset the fields.
  const start = untrack(() => props.policy);
  const [name, setName] = createSignal(start?.name ?? '');
  const [project, setProject] = createSignal(start?.origin === 'project' ? (start.project_id ?? '') : '');
  const [text, setText] = createSignal(start?.text ?? '');
  const [errors, setErrors] = createSignal<PolicyTextError[]>([]);
  const [status, setStatus] = createSignal<{ text: string; error?: boolean }>();
  const [example, setExample] = createSignal(POLICY_EXAMPLES[0]?.id ?? '');
  const [busy, setBusy] = createSignal(false);
  // A project policy's project stays choosable even when it is archived or not on this device's list.
  const projects = () => {
    const own = start?.project_id;
    return own && !props.projects.some((p) => p.id === own)
      ? [...props.projects, { id: own, name: own }]
      : props.projects;
  };
  let area: HTMLTextAreaElement | undefined;

  const showErrors = (found: PolicyTextError[], message: string) => {
    setErrors(sortErrors(found));
    setStatus({ text: message, error: found.length > 0 });
  };
  // The buttons stay enabled while Cedar works (a disabled button would drop the focus): a second press waits its turn.
  const check = async () => {
    if (busy()) return;
    setBusy(true);
    try {
      const result = await props.validate(text());
      if (result.ok) showErrors([], 'Valid: the policy parses and matches the schema.');
      else showErrors(result.errors, `${result.errors.length} error(s): nothing is saved until they are fixed.`);
    } finally {
      setBusy(false);
    }
  };
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    try {
      const draft = { name: name(), text: text(), enabled: start?.enabled ?? true };
      const saved = await props.save({
        ...draft,
        ...(start ? { id: start.id } : {}),
        ...(project() ? { project_id: project() } : {}),
      });
      if (saved.ok) return props.onClose(saved.value);
      showErrors(saved.error.errors, saved.error.message);
    } finally {
      setBusy(false);
    }
  };
  const insertExample = () => {
    const chosen = POLICY_EXAMPLES.find((candidate) => candidate.id === example());
    if (!chosen) return;
    const current = text().trimEnd();
    const inserted = exampleText(chosen, project() || props.currentProject);
    setText(current ? `${current}\n\n${inserted}` : inserted);
    if (!name().trim()) setName(chosen.name);
    area?.focus();
  };
  const draft = (): PolicySource => ({
    id: start?.id ?? DRAFT_ID,
    name: name() || 'draft',
    text: text(),
    enabled: true,
    origin: project() ? 'project' : 'personal',
    ...(project() ? { project_id: project() } : {}),
    hash: '',
  });

  return (
    <div
      class="policy-editor"
      data-testid="policy-editor"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        event.stopPropagation();
        props.onClose();
      }}
    >
      <form novalidate aria-labelledby="policy-editor-title" aria-busy={busy() ? 'true' : undefined} onSubmit={save}>
        <h3 id="policy-editor-title">{start ? `Edit “${start.name}”` : 'New policy'}</h3>
        <div class="policy-fields">
          <label>
            <span>Name</span>
            <input value={name()} onInput={(e) => setName(e.currentTarget.value)} maxlength={80} autocomplete="off" />
          </label>
          <label>
            <span>Applies to</span>
            <select value={project()} onChange={(e) => setProject(e.currentTarget.value)}>
              <option value="">Mine (this device)</option>
              <For each={projects()}>{(p) => <option value={p.id}>{`Project ${p.name} (shared)`}</option>}</For>
            </select>
          </label>
        </div>
        <div class="policy-examples">
          <label>
            <span>Example</span>
            <select value={example()} onChange={(e) => setExample(e.currentTarget.value)}>
              <For each={POLICY_EXAMPLES}>{(choice) => <option value={choice.id}>{choice.name}</option>}</For>
            </select>
          </label>
          <button type="button" onClick={insertExample}>
            Insert example
          </button>
        </div>
        <PolicyCode
          text={text()}
          onInput={setText}
          errors={errors()}
          describedBy="policy-status"
          ref={(element) => (area = element)}
        />
        <p id="policy-status" role="status" classList={{ 'tone-error': status()?.error === true }}>
          {status()?.text}
        </p>
        <div class="row">
          <button type="button" onClick={() => void check()}>
            Validate
          </button>
          <button type="submit" class="primary">
            Save
          </button>
          <button type="button" class="ghost" onClick={() => props.onClose()}>
            Cancel
          </button>
        </div>
      </form>
      <PolicyTester
        draft={draft}
        validate={props.validate}
        simulate={props.simulate}
        currentProject={props.currentProject}
        watch={() => props.watch?.()}
        tools={props.tools}
      />
    </div>
  );
}
