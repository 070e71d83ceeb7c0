/**
 * Gallery: install a recipe (folder, file, zip, URL, drop, or a shipped example), the
 * installed recipes as cards (launch, inspect, uninstall with undo), and the inspector
 * of the one picked: its manifest, permissions in plain words, tools and episodes.
 */
import { createSignal, For, Show, untrack } from 'solid-js';
import { createInstallFlow } from '../../recipes/install-flow';
import { useApp } from '../../state/app-context';
import { Examples } from './Examples';
import { InstallPanel } from './InstallPanel';
import { RecipeCard } from './RecipeCard';
import { RecipeInspect } from './RecipeInspect';

export function GalleryView() {
  const { recipes } = useApp();
  const flow = untrack(() => createInstallFlow(recipes));
  const [inspecting, setInspecting] = createSignal<string>();
  const inspected = () => {
    const id = inspecting();
    return id === undefined ? undefined : recipes.get(id);
  };
  const inspect = (id: string) => {
    setInspecting(inspecting() === id ? undefined : id);
    queueMicrotask(() => document.getElementById('recipe-inspect')?.focus());
  };
  return (
    <div class="view gallery-view">
      <h1 class="view-title">Gallery</h1>
      <InstallPanel flow={flow} />
      <section class="card" aria-labelledby="gallery-installed" data-testid="installed-recipes">
        <h2 id="gallery-installed">Installed recipes</h2>
        <Show
          when={recipes.list().length > 0}
          fallback={
            <p class="empty">
              {recipes.loaded()
                ? 'No recipes installed yet. Install one above, or an example below.'
                : 'Reading the installed recipes from the journal…'}
            </p>
          }
        >
          <ul class="recipe-list">
            <For each={recipes.list()}>
              {(recipe) => (
                <li>
                  <RecipeCard
                    recipe={recipe}
                    inspecting={inspecting() === recipe.manifest.id}
                    onInspect={() => inspect(recipe.manifest.id)}
                  />
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={recipes.invalid().length > 0}>
          <details class="recipe-invalid">
            <summary>{recipes.invalid().length} install event(s) this app cannot read</summary>
            <ul>
              <For each={recipes.invalid()}>
                {(entry) => (
                  <li>
                    <code>{entry.recipe_id ?? entry.event_id}</code> {entry.message}
                  </li>
                )}
              </For>
            </ul>
          </details>
        </Show>
      </section>
      <Show when={inspected()}>
        {(recipe) => <RecipeInspect recipe={recipe()} onClose={() => setInspecting(undefined)} />}
      </Show>
      <Examples flow={flow} />
    </div>
  );
}
