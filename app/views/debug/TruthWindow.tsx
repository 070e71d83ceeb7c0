/** The truth window: the live tail of raw events, newest first, with pause and a kind-prefix filter. */
import { For, Show } from 'solid-js';
import { clockTime, shortId } from '../../lib/format';
import { useApp } from '../../state/app-context';
import { compactJson, createTruthWindow } from '../../state/truth-window';

export function TruthWindow() {
  const { stream } = useApp();
  const truth = createTruthWindow(stream.recentEvents);
  return (
    <section class="card" aria-labelledby="truth-title">
      <header class="card-head">
        <h2 id="truth-title">Truth window</h2>
        <span class="muted">raw events as recorded, newest first</span>
      </header>
      <div class="filters" role="group" aria-label="Truth window controls">
        <button
          type="button"
          aria-pressed={truth.paused()}
          onClick={() => truth.setPaused(!truth.paused())}
          data-testid="truth-pause"
        >
          {truth.paused() ? 'Resume' : 'Pause'}
        </button>
        <label class="grow">
          Kind prefix
          <input
            type="text"
            placeholder="e.g. tool., policy."
            value={truth.prefix()}
            onInput={(e) => truth.setPrefix(e.currentTarget.value)}
            data-testid="truth-filter"
          />
        </label>
        <Show when={truth.paused()}>
          <span class="muted" aria-live="polite">
            paused · {truth.missed()} new since
          </span>
        </Show>
      </div>
      <Show
        when={truth.rows().length > 0}
        fallback={<p class="empty">No events{truth.prefix() ? ' match this prefix' : ' yet'}.</p>}
      >
        <ol class="truth" data-testid="truth-window" aria-label="Raw events">
          <For each={truth.rows()}>
            {(event) => (
              <li
                class="truth-row"
                data-testid="truth-row"
                data-kind={event.kind}
                classList={{ 'tone-error': event.severity === 'error' }}
              >
                <time class="mono muted" datetime={event.time}>
                  {clockTime(event.time)}
                </time>
                <span class="mono kind">{event.kind}</span>
                <button
                  type="button"
                  class="link mono"
                  disabled={!event.corr_id}
                  title={event.corr_id ? `Select episode ${event.corr_id}` : 'No episode'}
                  onClick={() => event.corr_id && stream.select(event.corr_id)}
                >
                  {shortId(event.corr_id)}
                </button>
                <code class="json">{compactJson(event.payload)}</code>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}
