/** Settings → Server: route latency percentiles as small charts, recent server events, health. */
import { createSignal, For, Show, untrack } from 'solid-js';
import { describeNote } from '../../../core/errors';
import { Sparkline } from '../../components/charts/Sparkline';
import type { ServerStatus } from '../../state/server-status';

export function ServerSection(props: { status: ServerStatus }) {
  // The status service is fixed for the app's life; read once.
  const s = untrack(() => props.status);
  const [url, setUrl] = createSignal(s.url());
  const [token, setToken] = createSignal(s.token());
  const [remember, setRemember] = createSignal(s.remember());
  s.start();
  const last = <T,>(values: readonly T[]) => values[values.length - 1];
  return (
    <section class="card" aria-labelledby="settings-server" data-testid="server-status">
      <h2 id="settings-server">Server</h2>
      <form
        class="pair-form"
        onSubmit={(event) => {
          event.preventDefault();
          s.configure(url(), token(), remember());
        }}
      >
        <label>
          Server URL{' '}
          <input value={url()} onInput={(e) => setUrl(e.currentTarget.value)} placeholder="http://localhost:8787" />
        </label>
        <label>
          Admin token{' '}
          <input
            type="password"
            value={token()}
            onInput={(e) => setToken(e.currentTarget.value)}
            autocomplete="off"
            aria-describedby="server-token-note"
          />
        </label>
        <label class="check">
          <input type="checkbox" checked={remember()} onChange={(e) => setRemember(e.currentTarget.checked)} /> Remember
          on this device
        </label>
        <p id="server-token-note" class="muted">
          The token stays in this browser (this tab only unless you tick “remember”). It needs the admin:metrics scope;
          the first admin token is in the server’s .env.local.
        </p>
        <button type="submit" class="primary">
          Show status
        </button>
      </form>
      <p class="muted" role="status">
        <Show when={s.health()}>
          {(h) => `Server ${h().version} · ${h().ok ? 'healthy' : 'unhealthy'} · NATS ${h().nats.state}`}
        </Show>
        <Show when={s.updatedAt()}>{(t) => ` · updated ${new Date(t()).toLocaleTimeString()}`}</Show>
      </p>
      <Show when={s.error()}>
        {(e) => (
          <p class="error" role="alert" data-testid="server-error">
            {describeNote(e())}
          </p>
        )}
      </Show>
      <Show when={s.routes().length > 0}>
        <table class="route-table" data-testid="route-table">
          <caption>Latency per route, last 15 minutes (p50 and p95 per minute)</caption>
          <thead>
            <tr>
              <th scope="col">Route</th>
              <th scope="col">Requests</th>
              <th scope="col">p50 ms</th>
              <th scope="col">p95 ms</th>
              <th scope="col">Trend</th>
            </tr>
          </thead>
          <tbody>
            <For each={s.routes()}>
              {(r) => (
                <tr data-testid="route-row" data-route={r.route}>
                  <td class="mono">
                    {r.method} {r.route}
                  </td>
                  <td>{r.points.reduce((sum, p) => sum + p.count, 0)}</td>
                  <td>{last(r.points)?.p50}</td>
                  <td>{last(r.points)?.p95}</td>
                  <td>
                    <Sparkline
                      title={`${r.method} ${r.route}: p50 and p95 latency per minute`}
                      series={[
                        { label: 'p50', values: r.points.map((p) => p.p50), className: 'spark-p50' },
                        { label: 'p95', values: r.points.map((p) => p.p95), className: 'spark-p95' },
                      ]}
                    />
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      <Show when={s.events().length > 0}>
        <h3>Recent events on the server</h3>
        <ol class="server-events" data-testid="server-events">
          <For each={s.events()}>
            {(e) => (
              <li class="mono">
                #{e.server_seq} {e.time.slice(11, 23)} {e.kind} {e.project_id ?? ''}
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}
