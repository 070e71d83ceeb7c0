/**
 * One installed recipe: name, version, description, tags, tool and step counts, its
 * permission modes (`net:http=ask@900s`) with plain words, the model it prefers; Launch
 * on a project, Inspect, and Uninstall (asks inline, then Undo while the window lasts).
 */
import { createSignal, For, Show } from 'solid-js';
import { toolCapability } from '../../../core/tools/builtin';
import { describeCapability } from '../../components/policy/capability-words';
import { modelText, permissionSentence, toolPermissions } from '../../recipes/permissions';
import type { InstalledRecipe } from '../../recipes/store';
import { useApp } from '../../state/app-context';
import { LaunchControls } from './LaunchControls';
import { UninstallControls } from './UninstallControls';

export function RecipeCard(props: { recipe: InstalledRecipe; inspecting: boolean; onInspect(): void }) {
  const manifest = () => props.recipe.manifest;
  const [launchError, setLaunchError] = createSignal<string>();
  const { recipes } = useApp();
  const launch = async (project: string | undefined) => {
    try {
      await recipes.launch(manifest().id, project);
      setLaunchError(undefined);
    } catch (error) {
      setLaunchError(error instanceof Error ? error.message : String(error));
    }
  };
  const permissions = () => toolPermissions(manifest(), toolCapability).filter((p) => p.capability !== null);
  return (
    <article
      class="recipe-card"
      aria-labelledby={`recipe-${manifest().id}`}
      data-testid="recipe-card"
      data-recipe-id={manifest().id}
      data-version={manifest().version}
    >
      <header class="recipe-head">
        <h3 id={`recipe-${manifest().id}`}>{manifest().name}</h3>
        <span class="recipe-version mono">{manifest().version}</span>
        <For each={manifest().tags}>{(tag) => <span class="tag">{tag}</span>}</For>
      </header>
      <p class="recipe-description">{manifest().description}</p>
      <dl class="recipe-facts">
        <div>
          <dt>Tools</dt>
          <dd data-testid="tool-count">{manifest().tools.length}</dd>
        </div>
        <div>
          <dt>Workflow steps</dt>
          <dd data-testid="step-count">{manifest().workflow?.length ?? 0}</dd>
        </div>
        <div>
          <dt>Model</dt>
          <dd class="mono">{modelText(manifest())}</dd>
        </div>
      </dl>
      <Show when={permissions().length > 0} fallback={<p class="muted">Asks for no permissions.</p>}>
        <ul class="permission-modes" aria-label="Permission modes">
          <For each={permissions()}>
            {(p) => (
              <li data-testid="permission-mode">
                <code>
                  {p.capability}={p.mode}
                  {p.ttl_secs !== undefined ? `@${p.ttl_secs}s` : ''}
                </code>{' '}
                <span class="muted">{permissionSentence(p, describeCapability)}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <div class="recipe-actions">
        <LaunchControls name={manifest().name} onLaunch={launch} />
        <button type="button" aria-expanded={props.inspecting} onClick={() => props.onInspect()}>
          {props.inspecting ? 'Close details' : 'Inspect'}
        </button>
        <UninstallControls recipe={props.recipe} />
      </div>
      <Show when={launchError()}>
        {(message) => (
          <p class="notice tone-warn" role="alert">
            Could not launch: {message()}
          </p>
        )}
      </Show>
    </article>
  );
}
