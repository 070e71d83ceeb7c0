/**
 * The status bar (SPEC §5): active episodes, tokens/s, runtime health, sync state and
 * journal status; at phone width also the sidecar toggle.
 */
import { createMemo, For, Show } from 'solid-js';
import { useApp } from '../../state/app-context';
import { runningCount, runtimeHealth, throughput } from '../../state/status';
import { agentLine, serverOutcomes, truthfulHealth } from '../../state/status-truth';
import { useSync } from '../../state/sync';

export function StatusBar(props: { sidecarOpen: boolean; onToggleSidecar: () => void }) {
  const { stream, model, health, pwa } = useApp();
  const sync = useSync();
  const rate = createMemo(() => throughput(stream.recentEvents(), stream.now()));
  // A server model's "ok" holds only while the browser is online and the server answered last time.
  const reports = createMemo(() =>
    truthfulHealth(runtimeHealth(stream.recentEvents()), {
      online: sync.online(),
      outcomes: serverOutcomes(stream.recentEvents()),
    }),
  );
  const agentText = () => agentLine(model.phase(), model.info(), sync.online());
  return (
    <footer class="statusbar" aria-label="Status">
      <span data-testid="status-running" title="Episodes still running">
        <span class="dot" classList={{ live: runningCount(stream.episodes()) > 0 }} aria-hidden="true" />
        {runningCount(stream.episodes())} running
      </span>
      <span
        data-testid="status-tps"
        title={rate()?.source === 'live' ? 'Measured on the streaming episode' : 'From the latest completed episode'}
      >
        {rate() ? `${rate()!.tokensPerSecond.toFixed(1)} tok/s${rate()!.source === 'live' ? ' live' : ''}` : '– tok/s'}
      </span>
      <span data-testid="status-health" classList={{ 'tone-error': model.phase() === 'failed' }}>
        <Show when={reports().length > 0} fallback={agentText()}>
          <For each={reports()}>
            {(entry) => (
              <span class={`health health-${entry.state}`} title={entry.detail}>
                {entry.component}: {entry.state}
              </span>
            )}
          </For>
        </Show>
      </span>
      <a
        href="#/settings"
        data-testid="status-sync"
        classList={{ 'tone-error': sync.summary().tone === 'error', 'tone-warn': sync.summary().tone === 'warn' }}
        title="Settings → Devices"
      >
        {sync.summary().text}
      </a>
      <span data-testid="status-journal" classList={{ 'tone-error': health.status() !== 'open' }}>
        journal {health.status()}
      </span>
      <Show when={pwa.offlineReady()}>
        <span class="muted" data-testid="offline-ready">
          Ready to work offline
        </span>
      </Show>
      <button
        type="button"
        class="sidecar-toggle"
        aria-controls="sidecar"
        aria-expanded={props.sidecarOpen}
        onClick={() => props.onToggleSidecar()}
      >
        {props.sidecarOpen ? 'Hide sidecar' : 'Sidecar'}
      </button>
    </footer>
  );
}
