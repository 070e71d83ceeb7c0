/**
 * Settings → Models: what a manifest is, the catalog of known manifests with one-click
 * Add (the same path as a pasted URL: fetched, checked, downloaded, hash-verified), and
 * the web-llm models the app knows, which are not manifests: web-llm downloads those
 * itself when one is chosen in Chat.
 */
import { createResource, For, Show } from 'solid-js';
import { backendKindOf } from '../../../core/inference/model-ids';
import { useApp } from '../../state/app-context';
import { CATALOG_PATH, loadModelCatalog } from '../../state/model-catalog';
import { formatBytes } from '../../state/storage';

export function ModelCatalog(props: { onAdd: (manifestUrl: string) => void; busy: boolean }) {
  const { model } = useApp();
  const [catalog] = createResource(() =>
    loadModelCatalog(new URL(CATALOG_PATH, document.baseURI).href, (url) => fetch(url, { cache: 'no-cache' })),
  );
  const webllm = () =>
    model
      .options()
      .filter((o) => backendKindOf(o.id) === 'web-llm')
      .slice(0, 4);
  const entries = () => {
    const result = catalog();
    return result?.ok ? result.entries : [];
  };
  const problem = () => {
    const result = catalog();
    return result && !result.ok ? result.problem : undefined;
  };
  const availability = (id: string) => model.device?.availabilityOf({ id }) ?? { available: true, reason: '' };
  return (
    <div class="model-catalog" data-testid="model-catalog">
      <p>
        A <strong>manifest</strong> is a small JSON file that says where a model’s file is, its size and its SHA-256
        hash. The app downloads the file in chunks (pausable), checks the hash and keeps it in this browser’s storage;
        ONNX character models are then selectable in Chat.
      </p>
      <h3>Known manifests</h3>
      <Show when={!catalog.loading} fallback={<p class="muted">Reading the catalog…</p>}>
        <Show when={problem()}>
          <p class="tone-warn">The list of known manifests is not available: {problem()}.</p>
        </Show>
        <ul class="catalog-list">
          <For each={entries()}>
            {(entry) => (
              <li class="row" data-testid="catalog-entry" data-manifest={entry.manifestUrl}>
                <span>
                  <strong>{entry.title}</strong> · {formatBytes(entry.bytes)} — {entry.about}
                </span>
                <button type="button" disabled={props.busy} onClick={() => props.onAdd(entry.manifestUrl)}>
                  Add {entry.title}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={webllm().length > 0}>
        <h3>web-llm models</h3>
        <p class="muted">
          Not manifests: web-llm downloads these itself (hundreds of MB) when you choose one in Chat, and runs them on
          the GPU through WebGPU.
        </p>
        <ul class="catalog-list">
          <For each={webllm()}>
            {(option) => (
              <li class="row" data-testid="catalog-webllm" data-model-id={option.id}>
                <span>
                  {option.label}
                  <Show when={!availability(option.id).available}>
                    <span class="muted"> — {availability(option.id).reason.replace(/^unavailable: /, '')}</span>
                  </Show>
                </span>
                <button
                  type="button"
                  aria-label={`Use in Chat: ${option.label}`}
                  disabled={!availability(option.id).available}
                  onClick={() => {
                    void model.select(option.id);
                    location.hash = '#/chat';
                  }}
                >
                  Use in Chat
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}
