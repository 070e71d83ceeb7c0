/**
 * Settings → Models: the model store's files (available, downloading, paused, cached)
 * with size, source, SHA-256 and last use; download from a pasted manifest URL with
 * progress, pause/resume/cancel/delete per row, LRU eviction, storage use and quota,
 * and the "Keep my data" request with its reason; what a manifest is, and the catalog of
 * known ones to add with a click (ModelCatalog). Cached ONNX char models say they are
 * selectable in Chat. Rows refresh on `models.changed` from any tab. State: `state/models-page.ts`.
 */
import { For, onMount, Show, untrack } from 'solid-js';
import { describeNote } from '../../../core/errors';
import { PERSIST_EXPLANATION } from '../../components/common/PersistHint';
import { useApp } from '../../state/app-context';
import { createModelsPage, type ModelRow, type ModelsClient } from '../../state/models-page';
import { formatBytes } from '../../state/storage';
import { ModelCatalog } from './ModelCatalog';

const when = (ms: number | undefined) => (ms === undefined ? '—' : new Date(ms).toLocaleString());
const percent = (row: ModelRow) => (row.bytes > 0 ? Math.floor((100 * row.downloaded) / row.bytes) : 0);

export function ModelsSection(props: { client: ModelsClient | undefined }) {
  return (
    <Show
      when={props.client}
      fallback={
        <section class="card" aria-labelledby="settings-models" data-testid="models-section">
          <h2 id="settings-models">Models</h2>
          <p class="muted">The model store is not available in this browser.</p>
        </section>
      }
    >
      {(client) => <ModelsCard client={client()} />}
    </Show>
  );
}

function ModelsCard(props: { client: ModelsClient }) {
  const { storage, stream } = useApp();
  // Fixed for the app's life; read once.
  const client = untrack(() => props.client);
  const page = createModelsPage({ client, events: stream.recentEvents });
  let urlInput: HTMLInputElement | undefined;
  onMount(() => void page.refresh());
  const used = () => {
    const s = page.storage();
    return s ? `${formatBytes(s.usage)} of ${formatBytes(s.quota)} used (models: ${formatBytes(s.models)})` : 'unknown';
  };
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    void page.addFromUrl(urlInput?.value ?? '');
  };
  return (
    <section class="card models-section" aria-labelledby="settings-models" data-testid="models-section">
      <h2 id="settings-models">Models</h2>
      <p data-testid="models-storage">Storage: {used()}</p>
      <Show when={storage.persisted() === false && storage.supported}>
        <div class="hint" role="note">
          <p>
            {PERSIST_EXPLANATION} Downloaded models are kept in the same storage and would have to be downloaded again.
          </p>
          <button type="button" class="primary" onClick={() => void storage.requestPersist()}>
            Keep my data
          </button>
        </div>
      </Show>
      <ModelCatalog onAdd={(url) => void page.addFromUrl(url)} busy={page.loadingManifest()} />
      <h3>Or paste a manifest URL</h3>
      <form class="row models-add" onSubmit={submit}>
        <label>
          Manifest URL{' '}
          <input
            ref={urlInput}
            type="url"
            name="manifest-url"
            placeholder="https://…/model.json"
            data-testid="manifest-url"
          />
        </label>
        <button type="submit" class="primary" disabled={page.loadingManifest()}>
          Download
        </button>
      </form>
      <Show when={page.manifestIssues().length > 0}>
        <ul class="tone-error models-issues" role="alert" data-testid="manifest-issues">
          <For each={page.manifestIssues()}>
            {(issue) => (
              <li data-field={issue.field}>
                <code>{issue.field}</code>: {issue.message}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={page.error()}>
        {(problem) => (
          <p class="tone-error" role="alert">
            {describeNote(problem())}
          </p>
        )}
      </Show>
      <Show
        when={page.rows().length > 0}
        fallback={
          <p class="muted" data-testid="models-empty">
            No models stored yet.
          </p>
        }
      >
        <table class="models-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Size</th>
              <th scope="col">Source</th>
              <th scope="col">SHA-256</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={page.rows()}>
              {(row) => (
                <tr data-testid="model-row" data-model-id={row.id} data-status={row.status}>
                  <td>
                    {row.label ?? row.id}
                    <Show when={row.format === 'onnx-char'}>
                      <span class="muted" data-testid="model-format">
                        {' '}
                        · ONNX char model{row.status === 'cached' ? ', selectable in Chat' : ''}
                      </span>
                    </Show>
                  </td>
                  <td>{formatBytes(row.bytes)}</td>
                  <td class="models-source" title={row.url}>
                    {row.url}
                  </td>
                  <td class="mono" title={row.sha256} data-testid="model-hash">
                    {row.sha256.slice(0, 12)}…
                  </td>
                  <td data-testid="model-last-used" data-last-used={row.lastUsed ?? ''}>
                    {when(row.lastUsed)}
                  </td>
                  <td>
                    <span data-testid="model-status">
                      {row.status}
                      {row.phase && row.status === 'downloading' ? ` (${row.phase})` : ''}
                    </span>
                    <Show when={row.status === 'downloading' || row.status === 'paused'}>
                      <div
                        class="models-progress"
                        role="progressbar"
                        aria-label={`Download of ${row.label ?? row.id}`}
                        aria-valuemin={0}
                        aria-valuemax={100}
                        aria-valuenow={percent(row)}
                        aria-valuetext={`${formatBytes(row.downloaded)} of ${formatBytes(row.bytes)}`}
                      >
                        <div class="models-progress-bar" style={{ width: `${percent(row)}%` }} />
                      </div>
                    </Show>
                    <Show when={row.error}>
                      {(problem) => (
                        <p class="tone-error" data-testid="model-error">
                          {describeNote(problem())}
                        </p>
                      )}
                    </Show>
                  </td>
                  <td class="row">
                    <Show when={row.status === 'available' || row.status === 'paused'}>
                      <button type="button" onClick={() => void page.download(row.id)}>
                        {row.status === 'paused' ? 'Resume' : 'Download'}
                      </button>
                    </Show>
                    <Show when={row.status === 'downloading'}>
                      <button type="button" onClick={() => void page.pause(row.id)}>
                        Pause
                      </button>
                      <button type="button" onClick={() => void page.cancel(row.id)}>
                        Cancel
                      </button>
                    </Show>
                    <Show when={row.status !== 'downloading'}>
                      <button type="button" class="ghost" onClick={() => void page.delete(row.id)}>
                        Delete
                      </button>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      <div class="row">
        <button
          type="button"
          class="ghost"
          onClick={() => void page.evictLeastRecentlyUsed()}
          disabled={!page.rows().some((r) => r.status === 'cached')}
        >
          Evict least recently used
        </button>
        <button type="button" class="ghost" onClick={() => void page.refresh()}>
          Refresh
        </button>
      </div>
    </section>
  );
}
