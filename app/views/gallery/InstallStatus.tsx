/**
 * Where the install flow is: reading, the errors (one per field, with its path, and
 * nothing stored), the update diff waiting for Apply, the same version waiting for
 * Reinstall, or done (with what was left out of the files).
 */
import { For, Match, Show, Switch } from 'solid-js';
import type { InstallFlow, InstallPhase } from '../../recipes/install-flow';
import { UpdateDiff } from './UpdateDiff';

type Of<P extends InstallPhase['phase']> = Extract<InstallPhase, { phase: P }>;

export function InstallStatus(props: { flow: InstallFlow }) {
  const state = () => props.flow.state();
  const as = <P extends InstallPhase['phase']>(phase: P) => (state().phase === phase ? (state() as Of<P>) : undefined);
  return (
    <div class="install-status" data-testid="install-status" data-phase={state().phase}>
      <Switch>
        <Match when={as('reading')}>{(s) => <p role="status">Reading {s().what}…</p>}</Match>
        <Match when={as('errors')}>
          {(s) => (
            <div role="alert" class="install-errors">
              <p>
                <strong>Not installed:</strong> {s().what} has {s().errors.length} problem
                {s().errors.length === 1 ? '' : 's'}. Nothing was stored.
              </p>
              <ul data-testid="install-errors">
                <For each={s().errors}>
                  {(error) => (
                    <li data-testid="install-error" data-path={error.path}>
                      <code>{error.path}</code> {error.message}
                    </li>
                  )}
                </For>
              </ul>
              <button type="button" onClick={() => props.flow.cancel()}>
                Dismiss
              </button>
            </div>
          )}
        </Match>
        <Match when={as('update')}>
          {(s) => (
            <div class="install-confirm">
              <p>
                <strong>Update {s().prepared.manifest.name}</strong> from {s().prepared.existing?.manifest.version} to{' '}
                {s().prepared.manifest.version}? Check what changes before applying it.
              </p>
              <Show when={s().prepared.existing}>
                {(existing) => <UpdateDiff before={existing().manifest} after={s().prepared.manifest} />}
              </Show>
              <div class="install-row">
                <button type="button" class="primary" onClick={() => void props.flow.confirm()}>
                  Apply update
                </button>
                <button type="button" onClick={() => props.flow.cancel()}>
                  Cancel
                </button>
              </div>
            </div>
          )}
        </Match>
        <Match when={as('same')}>
          {(s) => (
            <div class="install-confirm" role="status">
              <p>
                {s().prepared.manifest.name} {s().prepared.manifest.version} is already installed.
              </p>
              <div class="install-row">
                <button type="button" onClick={() => void props.flow.confirm()}>
                  Reinstall
                </button>
                <button type="button" onClick={() => props.flow.cancel()}>
                  Cancel
                </button>
              </div>
            </div>
          )}
        </Match>
        <Match when={as('installed')}>
          {(s) => (
            <div role="status" class="install-done">
              <p data-testid="install-done">
                {s().updated ? 'Updated' : 'Installed'} <strong>{s().name}</strong> {s().version}.
              </p>
              <Show when={s().notes.length > 0}>
                <ul class="muted">
                  <For each={s().notes}>{(note) => <li>{note}</li>}</For>
                </ul>
              </Show>
            </div>
          )}
        </Match>
      </Switch>
    </div>
  );
}
