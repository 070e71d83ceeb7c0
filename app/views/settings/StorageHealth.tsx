/** Settings → Data, storage: usage and quota per store, persistence and "Keep my data", the quota warning, the export reminder and the Safari note. Measures when shown and on Refresh. */
import { createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { PERSIST_EXPLANATION } from '../../components/common/PersistHint';
import { useApp } from '../../state/app-context';
import { formatBytes } from '../../state/storage';
import {
  browserTraits,
  exportReminder,
  isSafariLike,
  quotaWarningText,
  readLastExport,
  reminderText,
  SAFARI_NOTE,
  VAULT_EXPORTED_EVENT,
} from '../../state/storage-advice';
import { quotaLevel, STORE_LABELS } from '../../state/storage-breakdown';

export function StorageHealth(props: { onExport?: () => void }) {
  const { storage, localStore } = useApp();
  const [lastExport, setLastExport] = createSignal(readLastExport(localStore));
  const onExported = () => setLastExport(readLastExport(localStore));
  onMount(() => {
    window.addEventListener(VAULT_EXPORTED_EVENT, onExported);
    void storage.measure();
  });
  onCleanup(() => window.removeEventListener(VAULT_EXPORTED_EVENT, onExported));
  const level = () => quotaLevel(storage.estimate());
  const warning = () => quotaWarningText(level(), storage.estimate());
  const reminder = () =>
    exportReminder({
      persisted: storage.persisted(),
      lastExport: lastExport(),
      now: Date.now(),
      journalEvents: storage.breakdown()?.journalEvents,
    });
  const usage = () => {
    const estimate = storage.estimate();
    if (!estimate) return 'unknown';
    const share = estimate.quota ? ` (${((100 * (estimate.usage ?? 0)) / estimate.quota).toFixed(2)} %)` : '';
    return `${formatBytes(estimate.usage)} of ${formatBytes(estimate.quota)}${share}`;
  };
  return (
    <div class="storage-health stack" data-testid="storage-health">
      <h3 id="settings-storage">Storage on this device</h3>
      <Show when={warning()}>
        {(text) => (
          <p
            class={`storage-warning ${level() === 'critical' ? 'tone-error' : 'tone-warn'}`}
            role="status"
            data-testid="storage-quota-warning"
            data-level={level()}
          >
            {text()}
          </p>
        )}
      </Show>
      <dl class="facts">
        <dt>Used</dt>
        <dd data-testid="storage-usage">{usage()}</dd>
        <dt>Persistent</dt>
        <dd data-testid="storage-persisted">
          {storage.persisted() === undefined
            ? 'unknown (not supported here)'
            : storage.persisted()
              ? 'yes — the browser will not clear it on its own'
              : 'no'}
        </dd>
      </dl>
      <table class="storage-table" data-testid="storage-breakdown" aria-busy={storage.measuring()}>
        <caption class="sr-only">Usage per store</caption>
        <thead>
          <tr>
            <th scope="col">Store</th>
            <th scope="col">Size</th>
          </tr>
        </thead>
        <tbody>
          <For each={storage.breakdown()?.rows ?? []}>
            {(row) => (
              <tr data-testid="storage-row" data-store={row.id} data-bytes={row.bytes}>
                <th scope="row">
                  {STORE_LABELS[row.id]}
                  <Show when={row.parts.length > 0}>
                    <span class="muted storage-parts">{row.parts.join(', ')}</span>
                  </Show>
                </th>
                <td class="num">
                  {row.approximate ? '≈ ' : ''}
                  {formatBytes(row.bytes)}
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <p class="muted">
        {storage.measuring()
          ? 'Measuring…'
          : '≈ marks an estimate: databases are sized from a sample of their rows, and the browser compresses what it stores.'}
      </p>
      <p>{PERSIST_EXPLANATION}</p>
      <div class="row">
        <button
          type="button"
          class="primary"
          onClick={() => void storage.requestPersist()}
          disabled={!storage.supported || storage.persisted() === true}
        >
          Keep my data
        </button>
        <button type="button" class="ghost" data-testid="storage-refresh" onClick={() => void storage.measure()}>
          Refresh
        </button>
      </div>
      <p role="status" class="muted">
        <Show when={storage.lastRequest() === 'granted'}>Granted: the journal is now kept until you delete it.</Show>
        <Show when={storage.lastRequest() === 'refused'}>
          The browser declined. It grants this more readily to installed apps and sites you visit often; try again
          later.
        </Show>
      </p>
      <Show when={reminder()}>
        {(due) => (
          <div class="storage-reminder row" data-testid="export-reminder">
            <p class="tone-warn">{reminderText(due())}</p>
            <Show when={props.onExport}>
              <button type="button" class="primary" data-testid="export-now" onClick={() => props.onExport?.()}>
                Export now
              </button>
            </Show>
          </div>
        )}
      </Show>
      <Show when={isSafariLike(browserTraits(window))}>
        <p class="muted" data-testid="safari-note">
          {SAFARI_NOTE}
        </p>
      </Show>
    </div>
  );
}
