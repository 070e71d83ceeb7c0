/**
 * Settings → Devices: the form that pairs this device with a sync server (URL, sync
 * token, projects). The service asks the server first; a refusal is shown and nothing is saved.
 */
import { createSignal, Show } from 'solid-js';
import { messageOf } from '../../../core/errors';
import type { SyncService } from '../../sync/sync-service';

export function PairForm(props: { service: SyncService }) {
  const [url, setUrl] = createSignal(location.origin.startsWith('http') ? location.origin : '');
  const [token, setToken] = createSignal('');
  const [projects, setProjects] = createSignal('');
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const result = await props.service.pair({ url: url(), token: token(), projects: projects() });
      if (!result.ok) return setError(result.error);
      setError(undefined);
      setToken('');
      setProjects('');
    } catch (err) {
      setError(`Could not save the pairing: ${messageOf(err)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="pair-form" onSubmit={(event) => void submit(event)} aria-labelledby="pair-title">
      <h3 id="pair-title">Add a server</h3>
      <label>
        Server address
        <input
          name="sync-url"
          type="url"
          required
          value={url()}
          onInput={(e) => setUrl(e.currentTarget.value)}
          placeholder="http://127.0.0.1:8787"
        />
      </label>
      <label>
        Sync token
        <input
          name="sync-token"
          type="password"
          required
          autocomplete="off"
          aria-describedby={error() ? 'pair-error' : undefined}
          value={token()}
          onInput={(e) => setToken(e.currentTarget.value)}
          placeholder="arw_…"
        />
      </label>
      <label>
        Projects to share
        <input
          name="sync-projects"
          required
          value={projects()}
          onInput={(e) => setProjects(e.currentTarget.value)}
          placeholder="p1, p2"
        />
      </label>
      <p class="muted">
        The token is kept in this browser only (its IndexedDB) and sent only to this server. Events of the listed
        projects replicate; everything else stays on this device.
      </p>
      <Show when={busy()}>
        <p class="muted" role="status" data-testid="pair-checking">
          Asking the server whether it accepts this token…
        </p>
      </Show>
      <Show when={error()}>
        {(message) => (
          <p class="tone-error" role="alert" id="pair-error" data-testid="pair-error">
            {message()}
          </p>
        )}
      </Show>
      <button type="submit" class="primary" disabled={busy()}>
        Pair
      </button>
    </form>
  );
}
