/**
 * Settings → Model servers: the OpenAI-compatible servers (llama.cpp server, Ollama,
 * LM Studio…) Chat can use, with add/edit/remove (Undo for a few seconds), a connection
 * test, what such a server must allow (CORS), and what this device can run.
 */
import { createSignal, For, Show, untrack } from 'solid-js';
import { describeNote } from '../../../core/errors';
import type { DeviceCapabilities } from '../../state/capabilities';
import type { OpenAiServersState, ServerEntry } from '../../state/openai-servers';
import { DeviceCapabilityList } from '../chat/DeviceCapabilityList';
import { ServerForm } from './ServerForm';

export function ModelServersSection(props: {
  servers: OpenAiServersState | undefined;
  device: DeviceCapabilities | undefined;
}) {
  // The servers state is fixed for the app's life; read once.
  const servers = untrack(() => props.servers);
  const [editing, setEditing] = createSignal<ServerEntry>();
  return (
    <section class="card model-servers" aria-labelledby="settings-model-servers" data-testid="model-servers-section">
      <h2 id="settings-model-servers">Model servers</h2>
      <p>
        Chat can use models served on your network by an OpenAI-compatible server (llama.cpp’s <code>llama-server</code>
        , Ollama, LM Studio…). The server must allow this app’s address ({location.origin}) through CORS:{' '}
        <code>llama-server</code> does by default (or <code>--cors-origins</code>), Ollama needs{' '}
        <code>OLLAMA_ORIGINS={location.origin}</code>, LM Studio its “Enable CORS” setting.
      </p>
      <Show when={servers} fallback={<p class="muted">Model servers are not available in this browser.</p>}>
        {(state) => (
          <>
            <Show when={state().notice()}>
              {(problem) => (
                <p class="tone-warn" role="status">
                  {describeNote(problem())}
                </p>
              )}
            </Show>
            <Show
              when={state().servers().length > 0}
              fallback={
                <p class="muted" data-testid="servers-empty">
                  No server added yet.
                </p>
              }
            >
              <ul class="server-list">
                <For each={state().servers()}>
                  {(server) => (
                    <li class="row" data-testid="server-row" data-model={server.model}>
                      <span>
                        <strong>{server.model}</strong> at <span class="mono">{server.baseUrl}</span>
                        {server.apiKey ? ' · with API key' : ''}
                      </span>
                      <button type="button" onClick={() => setEditing(server)}>
                        Edit
                      </button>
                      <button type="button" class="ghost" onClick={() => void state().remove(server.id)}>
                        Remove
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={state().removed()}>
              {(last) => (
                <p role="status" class="row" data-testid="server-undo">
                  Removed {last().entry.model} at {last().entry.baseUrl}.
                  <button type="button" onClick={() => void state().undo()}>
                    Undo
                  </button>
                </p>
              )}
            </Show>
            <h3>{editing() ? `Edit ${editing()!.model}` : 'Add a server'}</h3>
            <Show when={editing()?.id ?? 'new'} keyed>
              {(_key: string) => (
                <ServerForm
                  servers={state()}
                  editing={editing()}
                  onDone={() => setEditing(undefined)}
                  pageProtocol={location.protocol}
                />
              )}
            </Show>
          </>
        )}
      </Show>
      <Show when={props.device}>{(device) => <DeviceCapabilityList device={device()} open />}</Show>
    </section>
  );
}
