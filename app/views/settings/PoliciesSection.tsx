/**
 * Settings → Policies (`#/settings/policies`, beside Permissions): the Cedar policies
 * over every decision — shipped, the person's own, the projects' shared ones — each with
 * its origin, on/off switch, short hash, Edit and Delete (Undo for a few seconds); New
 * policy opens the editor, and the tester answers "what would this decide".
 */
import { createMemo, createSignal, For, Show } from 'solid-js';
import { recipeToolManifests, type RecipeToolsLike } from '../../../core/tools/manifests';
import type { PolicyServices } from '../../policy/policy-services';
import type { PolicySource } from '../../policy/policy-list';
import { shortHash } from '../../policy/policy-list';
import { pluginSampleTools, SAMPLE_TOOLS } from '../../policy/sample-call';
import { useApp } from '../../state/app-context';
import { useProject } from '../../state/project';
import { PolicyEditor } from './PolicyEditor';
import { PolicyTester } from './PolicyTester';

export function PoliciesSection(props: { policies: PolicyServices | undefined }) {
  const app = useApp();
  const project = useProject();
  const [editing, setEditing] = createSignal<{ policy?: PolicySource }>();
  // The tester's tools: the built-ins, then the installed recipes' plugin tools.
  const tools = createMemo(() => [
    ...SAMPLE_TOOLS,
    ...pluginSampleTools(recipeToolManifests(app.recipes.list().map((r) => r.manifest as unknown as RecipeToolsLike))),
  ]);
  const [status, setStatus] = createSignal<{ text: string; error?: boolean }>();
  let opener: HTMLElement | undefined;
  let newButton: HTMLButtonElement | undefined;

  const projectName = (id: string | undefined) => (id && app.projects.get(id)?.name) || id || 'unknown';
  const origin = (policy: PolicySource) =>
    policy.origin === 'shipped'
      ? 'Shipped'
      : policy.origin === 'personal'
        ? 'Mine'
        : `Project ${projectName(policy.project_id)}`;
  const open = (event: MouseEvent, policy?: PolicySource) => {
    opener = event.currentTarget as HTMLElement;
    setStatus(undefined);
    setEditing({ ...(policy ? { policy } : {}) });
  };
  const close = (saved?: PolicySource) => {
    setEditing(undefined);
    if (saved) setStatus({ text: `Saved “${saved.name}”: it applies from the next decision.` });
    // The row's Edit (or New policy) again; a button that left the page falls back to New policy.
    requestAnimationFrame(() => (opener?.isConnected ? opener : newButton)?.focus());
  };
  const report = (outcome: { ok: true } | { ok: false; error: string }, done: string) =>
    setStatus(outcome.ok ? { text: done } : { text: outcome.error, error: true });

  return (
    <section class="card policies" aria-labelledby="settings-policies" data-testid="policies">
      <h2 id="settings-policies">Policies</h2>
      <p class="muted">
        Cedar policies are checked on every tool call. A forbid wins over a lease and over “allow”. Mine stay on this
        device (they do not sync to your other devices yet); a project’s policies replicate with the project to every
        device paired for it.
      </p>
      <Show when={props.policies} fallback={<p class="muted">Policies are not available in this browser.</p>}>
        {(services) => {
          const store = services().store;
          const visible = () => store.list().filter((p) => !store.pending().some((item) => item.id === p.id));
          return (
            <>
              <ul class="plain policy-list">
                <For each={visible()}>
                  {(policy) => (
                    <li class="policy-row" data-testid="policy-row" data-policy-id={policy.id}>
                      <span class="policy-name">{policy.name}</span>
                      <span class="badge" data-testid="policy-origin">
                        {origin(policy)}
                      </span>
                      <span class="mono muted" title={policy.hash}>
                        {shortHash(policy.hash)}
                      </span>
                      <label class="policy-toggle">
                        <input
                          type="checkbox"
                          checked={policy.enabled}
                          onChange={(e) => {
                            const on = e.currentTarget.checked;
                            void store
                              .setEnabled(policy.id, on)
                              .then((r) => report(r, `${policy.name}: ${on ? 'on' : 'off'}.`));
                          }}
                        />
                        <span>On</span>
                        <span class="sr-only"> {policy.name}</span>
                      </label>
                      <Show when={policy.origin !== 'shipped'}>
                        <button type="button" aria-label={`Edit ${policy.name}`} onClick={(e) => open(e, policy)}>
                          Edit
                        </button>
                        <button
                          type="button"
                          class="ghost"
                          aria-label={`Delete ${policy.name}`}
                          onClick={() => report(store.remove(policy.id), `Deleted “${policy.name}”.`)}
                        >
                          Delete
                        </button>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
              <div class="conversation-undo" role="status" data-testid="policy-undo">
                <For each={store.pending()}>
                  {(item) => (
                    <p class="conversation-undo-line">
                      <span>Deleted “{item.title}”.</span>
                      <button
                        type="button"
                        aria-label={`Undo delete ${item.title}`}
                        onClick={() => store.undo(item.id)}
                      >
                        Undo
                      </button>
                    </p>
                  )}
                </For>
              </div>
              <Show
                when={editing()}
                keyed
                fallback={
                  <>
                    <button type="button" class="primary" ref={newButton} onClick={(e) => open(e)}>
                      New policy
                    </button>
                    <PolicyTester
                      simulate={services().simulate}
                      validate={services().validate}
                      currentProject={project.current()}
                      watch={() => [store.list(), app.policy.state()]}
                      tools={tools()}
                      subjects={app.recipes.list().map((recipe) => `recipe:${recipe.manifest.id}`)}
                    />
                  </>
                }
              >
                {(edit) => (
                  <PolicyEditor
                    {...(edit.policy ? { policy: edit.policy } : {})}
                    projects={app.projects.active()}
                    currentProject={project.current()}
                    save={store.save}
                    validate={services().validate}
                    simulate={services().simulate}
                    watch={() => [store.list(), app.policy.state()]}
                    tools={tools()}
                    onClose={close}
                  />
                )}
              </Show>
              <p role="status" classList={{ 'tone-error': status()?.error === true, muted: status()?.error !== true }}>
                {status()?.text}
              </p>
            </>
          );
        }}
      </Show>
    </section>
  );
}
