/** The recipes shipped with the app (public/recipes/), each with Install, or Update / Installed when it is. */
import { createResource, For, Show } from 'solid-js';
import { exampleSource, loadExamples, type Example } from '../../recipes/examples';
import type { InstallFlow } from '../../recipes/install-flow';
import { useApp } from '../../state/app-context';
import { InstallStatus } from './InstallStatus';

export function Examples(props: { flow: InstallFlow }) {
  const { recipes } = useApp();
  const [examples] = createResource(() => loadExamples((url) => fetch(url), document.baseURI));
  const installedVersion = (example: Example) => recipes.get(example.id)?.manifest.version;
  const action = (example: Example) => {
    const installed = installedVersion(example);
    if (installed === undefined) return 'Install';
    return installed === example.manifest?.version ? 'Reinstall' : `Update to ${example.manifest?.version}`;
  };
  return (
    <section class="card" aria-labelledby="gallery-examples" data-testid="examples">
      <h2 id="gallery-examples">Examples</h2>
      <p class="muted">Recipes that ship with ARW Hub. Inspect one after installing it, before you launch it.</p>
      <Show when={props.flow.state().phase !== 'idle' && props.flow.origin() === 'examples'}>
        <InstallStatus flow={props.flow} />
      </Show>
      <Show
        when={!examples.error}
        fallback={<p class="notice tone-warn">Could not list the examples: {String(examples.error)}</p>}
      >
        <Show when={examples()} fallback={<p class="muted">Reading the examples…</p>}>
          {(list) => (
            <ul class="recipe-list">
              <For each={list()}>
                {(example) => (
                  <li class="example" data-testid="example" data-recipe-id={example.id}>
                    <Show
                      when={example.manifest}
                      fallback={
                        <p>
                          <code>{example.id}</code> <span class="muted">cannot be read: {example.error}</span>
                        </p>
                      }
                    >
                      {(manifest) => (
                        <article class="recipe-card" aria-labelledby={`example-${example.id}`}>
                          <header class="recipe-head">
                            <h3 id={`example-${example.id}`}>{manifest().name}</h3>
                            <span class="recipe-version mono">{manifest().version}</span>
                            <For each={manifest().tags}>{(tag) => <span class="tag">{tag}</span>}</For>
                          </header>
                          <p class="recipe-description">{manifest().description}</p>
                          <div class="recipe-actions">
                            <Show when={installedVersion(example) !== undefined}>
                              <span class="muted">Installed {installedVersion(example)}</span>
                            </Show>
                            <button
                              type="button"
                              aria-label={`${action(example)} ${manifest().name}`}
                              onClick={() => void props.flow.start(exampleSource(example), manifest().name, 'examples')}
                              disabled={props.flow.state().phase === 'reading'}
                            >
                              {action(example)}
                            </button>
                          </div>
                        </article>
                      )}
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          )}
        </Show>
      </Show>
    </section>
  );
}
