/** Settings → Data: storage health (StorageHealth), export everything to one `.arwvault` file (optionally encrypted) and import one, with progress, Cancel and the plan before anything is written, and "Delete all my data". */
import { createSignal, Show, untrack } from 'solid-js';
import type { DataDeleter } from '../../state/delete-all';
import { canceledImportText, createDataPanel } from '../../vault/data-panel';
import type { VaultService } from '../../vault/vault-service';
import { DeleteAllData } from './DeleteAllData';
import { StorageHealth } from './StorageHealth';

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

export function DataSection(props: { vault: VaultService | undefined; deleter?: DataDeleter | undefined }) {
  // "Export now" (the reminder) and "Export first" (before deleting) run the form's export, passphrase included.
  let startExport: (() => void) | undefined;
  const onExport = () => {
    startExport?.();
    document.querySelector<HTMLElement>('[data-testid="vault-status"]')?.scrollIntoView({ block: 'nearest' });
  };
  return (
    <section class="card" aria-labelledby="settings-data" data-testid="data-section">
      <h2 id="settings-data">Data</h2>
      <StorageHealth onExport={props.vault ? onExport : undefined} />
      <h3>Vault: back up and restore</h3>
      <Show when={props.vault} fallback={<p class="muted">Export and import are not available yet.</p>}>
        {(vault) => <VaultControls vault={vault()} bindExport={(run) => (startExport = run)} />}
      </Show>
      <DeleteAllData deleter={props.deleter} onExport={props.vault ? onExport : undefined} />
    </section>
  );
}

function VaultControls(props: { vault: VaultService; bindExport?: (run: () => void) => void }) {
  // The service lives as long as the app: read once.
  const panel = createDataPanel(untrack(() => props.vault));
  const [passphrase, setPassphrase] = createSignal('');
  const [again, setAgain] = createSignal('');
  // Read when "Export now" is pressed, not tracked: the form's current passphrase.
  untrack(() => props.bindExport)?.(() => void panel.exportVault(untrack(passphrase), untrack(again)));
  const [importPassphrase, setImportPassphrase] = createSignal('');
  const [file, setFile] = createSignal<File | undefined>();
  const busy = () => panel.phase() === 'exporting' || panel.phase() === 'checking' || panel.phase() === 'importing';
  const check = () => void panel.check(file(), importPassphrase());
  return (
    <>
      <p>
        A vault is one file with everything this device keeps for you: the journal (chats, recipes, permissions), shared
        documents, settings and which models you use (not the model files). Keep it somewhere safe; import it here or on
        another device.
      </p>
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void panel.exportVault(passphrase(), again());
        }}
      >
        <label>
          Passphrase (optional: encrypts the file)
          <input
            type="password"
            autocomplete="new-password"
            data-testid="vault-passphrase"
            value={passphrase()}
            onInput={(e) => setPassphrase(e.currentTarget.value)}
          />
        </label>
        <label>
          Passphrase again
          <input
            type="password"
            autocomplete="new-password"
            data-testid="vault-passphrase-again"
            value={again()}
            onInput={(e) => setAgain(e.currentTarget.value)}
          />
        </label>
        <div class="row">
          <button type="submit" class="primary" data-testid="vault-export" disabled={busy()}>
            Export vault
          </button>
        </div>
      </form>
      <fieldset class="stack">
        <legend>Import a vault</legend>
        <label>
          Vault file
          <input
            type="file"
            accept=".arwvault,application/zip"
            data-testid="vault-import-file"
            disabled={busy()}
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0]);
              check();
            }}
          />
        </label>
        <label>
          Its passphrase (if it is encrypted)
          <input
            type="password"
            autocomplete="off"
            data-testid="vault-import-passphrase"
            value={importPassphrase()}
            onInput={(e) => setImportPassphrase(e.currentTarget.value)}
          />
        </label>
        <div class="row">
          <button type="button" class="ghost" data-testid="vault-check" disabled={busy() || !file()} onClick={check}>
            Check the file
          </button>
          <Show when={panel.plan()}>
            <button
              type="button"
              class="primary"
              data-testid="vault-import"
              disabled={busy()}
              onClick={() => void panel.importChecked()}
            >
              Import
            </button>
          </Show>
        </div>
      </fieldset>
      <Show when={busy()}>
        <div class="row">
          <label>
            {panel.progressLabel() || 'Starting…'}
            <progress
              data-testid="vault-progress"
              max={panel.progress()?.total || 1}
              value={panel.progress()?.done ?? 0}
            />
          </label>
          {/* Enabled through the write phase too: an import stops after the batch being written. */}
          <button type="button" class="ghost" data-testid="vault-cancel" onClick={() => panel.cancel()}>
            Cancel
          </button>
        </div>
      </Show>
      <div role="status" data-testid="vault-status">
        <Show when={panel.notice()}>{(text) => <p>{text()}</p>}</Show>
        <Show when={panel.plan()}>
          {(plan) => (
            <p data-testid="vault-plan">
              Checked: {count(plan().events, 'event')} in the file, {count(plan().newEvents, 'new event')} to add,{' '}
              {count(plan().present, 'event')} already here; {count(plan().documents, 'document')},{' '}
              {count(plan().settings, 'setting')}, {count(plan().models.length, 'model manifest')}. Nothing is written
              until you choose Import.
            </p>
          )}
        </Show>
        <Show when={panel.summary()?.canceled && panel.summary()}>
          {(done) => <p data-testid="vault-import-canceled">{canceledImportText(done())}</p>}
        </Show>
        <Show when={panel.summary()?.canceled === false && panel.summary()}>
          {(done) => (
            <p data-testid="vault-summary">
              Imported {count(done().added, 'event')} ({count(done().skipped, 'was', 'were')} already here),{' '}
              {count(done().documents, 'document')} merged, {count(done().settings, 'setting')} added. Documents open in
              this tab show the merge after a reload.
            </p>
          )}
        </Show>
      </div>
      <Show when={panel.error()}>
        {(text) => (
          <p class="tone-error" role="alert" data-testid="vault-error">
            {text()}
          </p>
        )}
      </Show>
    </>
  );
}
