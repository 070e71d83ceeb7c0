/**
 * One recipe read closely before launching it: what it intends to do, each permission
 * it asks for in plain words, the tools it will call and how each is asked for, its
 * workflow, the manifest itself (YAML or JSON), its files, and its episodes (each one
 * selects that episode in the sidecar).
 */
import { createSignal, For, Show } from 'solid-js';
import { stringify } from 'yaml';
import { toolCapability } from '../../../core/tools/builtin';
import { describeCapability } from '../../components/policy/capability-words';
import { ago, shortId } from '../../lib/format';
import { modelText, permissionSentence, toolPermissions } from '../../recipes/permissions';
import type { InstalledRecipe } from '../../recipes/store';
import { useApp } from '../../state/app-context';

export function RecipeInspect(props: { recipe: InstalledRecipe; onClose(): void }) {
  const { stream } = useApp();
  const [format, setFormat] = createSignal<'yaml' | 'json'>('yaml');
  const manifest = () => props.recipe.manifest;
  const tools = () => toolPermissions(manifest(), toolCapability);
  const text = () => (format() === 'yaml' ? stringify(manifest()) : JSON.stringify(manifest(), null, 2));
  const episodes = () => stream.episodes().filter((episode) => episode.recipe_id === manifest().id);
  return (
    <section
      class="card recipe-inspect"
      id="recipe-inspect"
      tabindex="-1"
      aria-labelledby="recipe-inspect-title"
      data-testid="recipe-inspect"
      data-recipe-id={manifest().id}
    >
      <header class="recipe-head">
        <h2 id="recipe-inspect-title">
          {manifest().name} <span class="mono muted">{manifest().version}</span>
        </h2>
        <button type="button" onClick={() => props.onClose()}>
          Close
        </button>
      </header>
      <p class="muted">
        Installed {ago(props.recipe.installed_at, stream.now())} from {props.recipe.source}
        {manifest().author ? ` · by ${manifest().author}` : ''} · model {modelText(manifest())} · at most{' '}
        {manifest().step_limit} steps
      </p>
      <h3>What it intends to do</h3>
      <blockquote class="intent-preview" data-testid="intent-preview">
        {manifest().intent_preview}
      </blockquote>
      <h3>Permissions it asks for</h3>
      <Show
        when={manifest().capabilities.length > 0}
        fallback={<p class="muted">None: it only uses tools that need no permission.</p>}
      >
        <ul class="recipe-permissions" data-testid="recipe-permissions">
          <For each={manifest().capabilities}>
            {(capability) => (
              <li data-testid="recipe-permission" data-capability={capability}>
                <code>{capability}</code>: lets the agent {describeCapability(capability)}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <h3>Tools it will call</h3>
      <ul class="recipe-tools" data-testid="recipe-tools">
        <For each={tools()}>
          {(tool) => (
            <li data-testid="recipe-tool" data-tool={tool.tool}>
              {permissionSentence(tool, describeCapability)}
            </li>
          )}
        </For>
      </ul>
      <Show when={manifest().workflow}>
        {(steps) => (
          <>
            <h3>Workflow (runs without a model)</h3>
            <ol class="recipe-steps">
              <For each={steps()}>
                {(step) => (
                  <li>
                    {step.label ?? step.id} <span class="muted mono">{step.tool ?? 'prompt'}</span>
                  </li>
                )}
              </For>
            </ol>
          </>
        )}
      </Show>
      <details class="recipe-manifest">
        <summary>Manifest</summary>
        <div class="install-row" role="group" aria-label="Manifest format">
          <button type="button" aria-pressed={format() === 'yaml'} onClick={() => setFormat('yaml')}>
            YAML
          </button>
          <button type="button" aria-pressed={format() === 'json'} onClick={() => setFormat('json')}>
            JSON
          </button>
        </div>
        {/* Focusable so a keyboard can scroll a manifest wider or taller than its box (axe: scrollable-region-focusable). */}
        <pre class="manifest-text" tabindex="0" data-testid="manifest-text">
          {text()}
        </pre>
      </details>
      <Show when={Object.keys(props.recipe.files).length > 0}>
        <details>
          <summary>Files beside the manifest ({Object.keys(props.recipe.files).length})</summary>
          <ul class="mono">
            <For each={Object.keys(props.recipe.files).sort()}>{(path) => <li>{path}</li>}</For>
          </ul>
        </details>
      </Show>
      <h3>Episodes</h3>
      <Show when={episodes().length > 0} fallback={<p class="empty">None yet. Launch it to run one.</p>}>
        <ul class="recent" data-testid="recipe-episodes">
          <For each={episodes()}>
            {(episode) => (
              <li>
                <button
                  type="button"
                  class="recent-item"
                  aria-current={stream.selectedCorrId() === episode.id ? 'true' : undefined}
                  onClick={() => stream.select(episode.id)}
                  data-testid="recipe-episode"
                >
                  <span class={`status status-${episode.status}`}>{episode.status}</span>
                  <span class="mono">{shortId(episode.id, 8)}</span>
                  <span class="muted">{ago(episode.last, stream.now())}</span>
                  <span class="muted">{episode.count} events</span>
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
