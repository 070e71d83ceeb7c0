/**
 * Settings → Runtime: the runtime profile (a radio group, each with what it sets), the
 * automatic mode that follows the battery, and the warm engines of the inference pool
 * with size, last use, busy/queued counts, the memory budget and an unload per engine.
 * State: `state/runtime-profile.ts` (governor) and `state/runtime-pool.ts` (pool view).
 */
import { createSignal, For, onMount, Show, untrack } from 'solid-js';
import { describeNote, noteOf, type ErrorNote } from '../../../core/errors';
import { RUNTIME_PROFILES, runtimeProfile, type RuntimeProfileName } from '../../../core/inference/runtime-profiles';
import type { RuntimeServices } from '../../state/runtime-services';
import { formatBytes } from '../../state/storage';

const when = (ms: number) => new Date(ms).toLocaleTimeString();

export function RuntimeSection(props: { runtime: RuntimeServices | undefined }) {
  return (
    <Show
      when={props.runtime}
      fallback={
        <section class="card" aria-labelledby="settings-runtime" data-testid="runtime-section">
          <h2 id="settings-runtime">Runtime</h2>
          <p class="muted">The inference worker is not available in this browser.</p>
        </section>
      }
    >
      {(runtime) => <RuntimeCard runtime={runtime()} />}
    </Show>
  );
}

function RuntimeCard(props: { runtime: RuntimeServices }) {
  // Fixed for the app's life; read once.
  const runtime = untrack(() => props.runtime);
  const { governor, pool } = runtime;
  const [error, setError] = createSignal<ErrorNote>();
  onMount(() => void pool.refresh());
  const choose = async (name: RuntimeProfileName) => {
    setError(undefined);
    try {
      await governor.set(name);
    } catch (cause) {
      setError(noteOf(cause));
    }
    await pool.refresh();
  };
  const battery = () => {
    const b = governor.battery();
    if (!b) return governor.automatic() ? 'battery level unknown here (no Battery API)' : '';
    return `battery ${Math.round(b.level * 100)} %, ${b.charging ? 'charging' : 'not charging'}`;
  };
  const budget = () => {
    const s = pool.state();
    return s
      ? `${formatBytes(s.usedBytes)} of ${formatBytes(s.budgetBytes)} · up to ${s.maxEngines} warm, ${s.maxConcurrentPerEngine} at once per model`
      : 'unknown';
  };
  return (
    <section class="card runtime-section" aria-labelledby="settings-runtime" data-testid="runtime-section">
      <h2 id="settings-runtime">Runtime</h2>
      <fieldset class="runtime-profiles">
        <legend>Profile</legend>
        <For each={RUNTIME_PROFILES}>
          {(name) => (
            <label
              class="runtime-profile"
              style={{ display: 'block', margin: '0.25rem 0' }}
              data-testid={`runtime-profile-${name}`}
            >
              <input
                type="radio"
                name="runtime-profile"
                value={name}
                checked={governor.profile() === name}
                aria-describedby={`runtime-profile-${name}-summary`}
                onChange={() => void choose(name)}
              />{' '}
              <strong>{runtimeProfile(name).label}</strong>
              <span id={`runtime-profile-${name}-summary`} class="muted">
                {' '}
                — {runtimeProfile(name).summary}
              </span>
            </label>
          )}
        </For>
      </fieldset>
      <label class="row">
        <input
          type="checkbox"
          data-testid="runtime-automatic"
          checked={governor.automatic()}
          onChange={(event) => void governor.setAutomatic(event.currentTarget.checked)}
        />
        Automatic: use Power saver while the battery is low and not charging, then go back
      </label>
      <p class="muted" role="status" data-testid="runtime-status">
        {runtimeProfile(governor.profile()).label}
        <Show when={governor.reason()}>{(why) => ` (${why()})`}</Show>
        <Show when={battery()}>{(text) => ` · ${text()}`}</Show>
      </p>
      <Show when={error() ?? pool.error()}>
        {(problem) => (
          <p class="tone-error" role="alert">
            {describeNote(problem())}
          </p>
        )}
      </Show>
      <h3>Warm models</h3>
      <p data-testid="runtime-budget">Memory: {budget()}</p>
      <Show
        when={(pool.state()?.engines.length ?? 0) > 0}
        fallback={
          <p class="muted" data-testid="runtime-pool-empty">
            No model is loaded.
          </p>
        }
      >
        <table class="models-table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Runs on</th>
              <th scope="col">Size</th>
              <th scope="col">Last used</th>
              <th scope="col">Busy / queued</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={pool.state()?.engines}>
              {(engine) => (
                <tr data-testid="runtime-engine" data-engine-id={engine.id} data-phase={engine.phase}>
                  <td>{engine.label}</td>
                  <td>
                    {engine.phase === 'ready' ? engine.backend : engine.phase}
                    {engine.stale ? ' (reloads when idle)' : ''}
                  </td>
                  <td>{formatBytes(engine.bytes)}</td>
                  <td>{when(engine.lastUsed)}</td>
                  <td data-testid="runtime-engine-load">
                    {engine.busy} / {engine.queued}
                  </td>
                  <td>
                    <button
                      type="button"
                      class="ghost"
                      onClick={() => void pool.unload(engine.key)}
                      aria-label={`Unload ${engine.label}`}
                    >
                      Unload
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      <div class="row">
        <button type="button" class="ghost" onClick={() => void pool.refresh()}>
          Refresh
        </button>
      </div>
    </section>
  );
}
