/**
 * One project in Hub → Projects: its name and id, where it is shared (each server with
 * its link's state) and its actions: make it current, rename, archive (or bring back),
 * "Share with <server>" for each paired server that does not share it yet, and "Stop
 * sharing with <server>" for each that does (what the server has stays there).
 */
import { createSignal, For, Show } from 'solid-js';
import type { ProjectInfo } from '../../state/projects';
import { ProjectRenameForm } from './ProjectRenameForm';

/** A paired server as the row shows it. */
export interface ServerChoice {
  pairingId: string;
  label: string;
  /** The link's state in words (`in sync`, `offline — …`). */
  state: string;
  projects: readonly string[];
  /** A project this server refused to sync (its token does not cover it). */
  refused?: string | undefined;
}

export interface ProjectActions {
  open(id: string): void;
  rename(id: string, name: string): Promise<string | undefined>;
  setArchived(id: string, archived: boolean): Promise<string | undefined>;
  share(id: string, pairingId: string): Promise<string | undefined>;
  unshare(id: string, pairingId: string): Promise<string | undefined>;
}

export function ProjectRow(props: {
  project: ProjectInfo;
  current: boolean;
  servers: readonly ServerChoice[];
  actions: ProjectActions;
}) {
  const [renaming, setRenaming] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal<string>();
  let renameButton: HTMLButtonElement | undefined;
  const listed = () => props.servers.filter((server) => server.projects.includes(props.project.id));
  const sharing = () => listed().filter((server) => server.refused !== props.project.id);
  const refusing = () => listed().filter((server) => server.refused === props.project.id);
  const notSharing = () => props.servers.filter((server) => !server.projects.includes(props.project.id));
  const run = async (key: string, action: Promise<string | undefined>) => {
    setBusy(key);
    setError(await action);
    setBusy(undefined);
  };
  const name = () => props.project.name;
  return (
    <li
      class="project-row"
      data-testid="project-row"
      data-project-id={props.project.id}
      data-archived={props.project.archived ? 'true' : 'false'}
    >
      <Show
        when={renaming()}
        fallback={
          <div class="row">
            <strong data-testid="project-name">{name()}</strong>
            <span class="muted mono">{props.project.id}</span>
            <Show when={props.current}>
              <span class="badge">current</span>
            </Show>
          </div>
        }
      >
        <ProjectRenameForm
          name={name()}
          onSave={(value) => props.actions.rename(props.project.id, value)}
          onDone={() => (setRenaming(false), queueMicrotask(() => renameButton?.focus()))}
        />
      </Show>
      <p class="muted" data-testid="project-sharing">
        <Show when={sharing().length > 0} fallback="On this device only">
          Shared with{' '}
          {sharing()
            .map((server) => `${server.label} (${server.state})`)
            .join(', ')}
        </Show>
      </p>
      <For each={refusing()}>
        {(server) => (
          <p class="notice tone-warn" data-testid="project-refused">
            {server.label}'s token does not cover project {name()}; ask its admin for a token that includes it.
          </p>
        )}
      </For>
      <div class="row">
        <Show when={!props.project.archived}>
          <Show when={!props.current}>
            <button type="button" onClick={() => props.actions.open(props.project.id)} aria-label={`Open ${name()}`}>
              Open
            </button>
          </Show>
          <button type="button" ref={renameButton} onClick={() => setRenaming(true)} aria-label={`Rename ${name()}`}>
            Rename
          </button>
          <For each={notSharing()}>
            {(server) => (
              <button
                type="button"
                disabled={busy() !== undefined}
                onClick={() =>
                  void run(`share:${server.pairingId}`, props.actions.share(props.project.id, server.pairingId))
                }
                aria-label={`Share with ${server.label}: ${name()}`}
              >
                Share with {server.label}
              </button>
            )}
          </For>
          <For each={listed()}>
            {(server) => (
              <button
                type="button"
                disabled={busy() !== undefined}
                onClick={() =>
                  void run(`unshare:${server.pairingId}`, props.actions.unshare(props.project.id, server.pairingId))
                }
                aria-label={`Stop sharing with ${server.label}: ${name()}`}
              >
                Stop sharing with {server.label}
              </button>
            )}
          </For>
        </Show>
        <button
          type="button"
          disabled={busy() !== undefined}
          onClick={() => void run('archive', props.actions.setArchived(props.project.id, !props.project.archived))}
          aria-label={`${props.project.archived ? 'Unarchive' : 'Archive'} ${name()}`}
        >
          {props.project.archived ? 'Unarchive' : 'Archive'}
        </button>
        <span class="muted" role="status">
          {busy()?.startsWith('share:') ? 'Asking the server whether its token covers this project…' : ''}
        </span>
      </div>
      <Show when={error()}>
        {(message) => (
          <p class="notice tone-warn" role="alert" data-testid="project-error">
            {message()}
          </p>
        )}
      </Show>
    </li>
  );
}
