/**
 * "What would this decide": a sample tool call (prefilled from the built-in tools) and
 * the verdict the decision point would give it now, leases and modes included, with the
 * policy being edited counted as saved. Reruns a moment after each change; writes nothing.
 */
import { createEffect, createSignal, For, on, onCleanup, Show, untrack } from 'solid-js';
import { messageOf } from '../../../core/errors';
import { CAPABILITIES } from '../../../core/policy/capabilities';
import type { PermissionMode } from '../../../core/policy/types';
import type { PolicySource } from '../../policy/policy-list';
import type { PolicyServices, SimulatedDecision } from '../../policy/policy-services';
import type { PolicyValidation } from '../../policy/policy-store';
import {
  defaultSample,
  SAMPLE_MODES,
  SAMPLE_TOOLS,
  sampleRequest,
  withTool,
  type SampleCall,
  type SampleTool,
} from '../../policy/sample-call';

/** The runtime's verdict for `request`, with `draft` (if given) in place of the saved policy of its id. */
export type Simulate = PolicyServices['simulate'];

const DEBOUNCE_MS = 250;

export function PolicyTester(props: {
  simulate: Simulate;
  validate(text: string): Promise<PolicyValidation>;
  /** The policy being edited, unsaved. */
  draft?: () => PolicySource;
  currentProject: string | undefined;
  subjects?: readonly string[];
  /** The tools offered (default: the built-ins); recipe plugin tools join them. */
  tools?: readonly SampleTool[];
  /** Read on each run: a change of what it returns (policies, leases) decides again. */
  watch?: () => unknown;
}) {
  const [sample, setSample] = createSignal<SampleCall>(defaultSample(untrack(() => props.currentProject)));
  const [result, setResult] = createSignal<SimulatedDecision & { note?: string }>();
  const [failure, setFailure] = createSignal<string>();
  const tools = () => props.tools ?? SAMPLE_TOOLS;
  const update = (patch: Partial<SampleCall>) => setSample({ ...sample(), ...patch });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let run = 0;

  const decide = async (call: SampleCall, draft: PolicySource | undefined, mine: number) => {
    try {
      // A draft that does not validate would fail every decision: it is left out, and the note says so.
      const valid = draft && draft.text.trim() ? (await props.validate(draft.text)).ok : false;
      const verdict = await props.simulate(sampleRequest(call), valid ? draft : undefined);
      const note =
        draft && draft.text.trim() && !valid ? 'The text being edited has errors, so it is left out.' : undefined;
      if (mine !== run) return;
      setResult({ ...verdict, ...(note ? { note } : {}) });
      setFailure(undefined);
    } catch (error) {
      if (mine === run) setFailure(messageOf(error));
    }
  };
  createEffect(
    on([sample, () => props.draft?.(), () => props.watch?.()], ([call, draft]) => {
      clearTimeout(timer);
      const mine = ++run;
      timer = setTimeout(() => void decide(call, draft, mine), DEBOUNCE_MS);
    }),
  );
  onCleanup(() => clearTimeout(timer));

  return (
    <section class="policy-tester" aria-labelledby="policy-tester-title" data-testid="policy-tester">
      <h3 id="policy-tester-title">What would this decide</h3>
      <div class="policy-fields">
        <label>
          <span>Tool</span>
          <select value={sample().tool} onChange={(e) => setSample(withTool(sample(), e.currentTarget.value, tools()))}>
            <For each={tools()}>{(tool) => <option value={tool.name}>{tool.name}</option>}</For>
          </select>
        </label>
        <label>
          <span>Capability</span>
          <select value={sample().capability} onChange={(e) => update({ capability: e.currentTarget.value })}>
            <For each={CAPABILITIES}>{(cap) => <option value={cap}>{cap}</option>}</For>
          </select>
        </label>
        <label>
          <span>Scope</span>
          <input value={sample().scope} onInput={(e) => update({ scope: e.currentTarget.value })} autocomplete="off" />
        </label>
        <label>
          <span>Subject</span>
          <input
            value={sample().subject}
            onInput={(e) => update({ subject: e.currentTarget.value })}
            list="policy-subjects"
            autocomplete="off"
          />
        </label>
        <label>
          <span>Project</span>
          <input
            value={sample().project}
            onInput={(e) => update({ project: e.currentTarget.value })}
            placeholder="none"
            autocomplete="off"
          />
        </label>
        <label>
          <span>Mode</span>
          <select value={sample().mode} onChange={(e) => update({ mode: e.currentTarget.value as PermissionMode })}>
            <For each={SAMPLE_MODES}>{(mode) => <option value={mode}>{mode}</option>}</For>
          </select>
        </label>
      </div>
      <datalist id="policy-subjects">
        <For each={['agent:chat', ...(props.subjects ?? [])]}>{(subject) => <option value={subject} />}</For>
      </datalist>
      <div role="status" class="policy-verdict" data-testid="policy-verdict" data-decision={result()?.decision ?? ''}>
        <Show when={failure()}>{(text) => <p class="tone-error">The tester could not decide: {text()}</p>}</Show>
        <Show when={!failure() && result()}>
          {(verdict) => (
            <>
              <p>
                <strong class={`verdict-${verdict().decision}`}>{verdict().decision}</strong> — {verdict().reason}
              </p>
              <p class="muted" data-testid="policy-verdict-ids">
                {verdict().policy_ids.length > 0
                  ? `Decided by: ${verdict().policy_ids.join(', ')}`
                  : 'No policy forbade it; modes and leases decided.'}
              </p>
              <Show when={verdict().note}>{(note) => <p class="tone-warn">{note()}</p>}</Show>
            </>
          )}
        </Show>
      </div>
    </section>
  );
}
