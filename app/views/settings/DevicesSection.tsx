/** Settings → Devices: paired sync servers with their health (state, last sync, waiting, last error), unpairing, and the pairing form. */
import { For, Show } from 'solid-js';
import { dateTime } from '../../lib/format';
import { linkErrorText, PHASE_WORDS } from '../../sync/describe';
import { useSync } from '../../state/sync';
import { DeviceNames } from './DeviceNames';
import { PairForm } from './PairForm';

export function DevicesSection() {
  const sync = useSync();
  return (
    <section class="card" aria-labelledby="settings-devices" data-testid="devices">
      <h2 id="settings-devices">Devices</h2>
      <p class="muted">
        Pair this device with a sync server to share projects with your other devices.{' '}
        {sync.leader()
          ? 'This tab runs the sync connection.'
          : 'Another tab of this app runs the sync connection; this one shows its state.'}
      </p>
      <DeviceNames />
      <Show
        when={sync.links().length > 0}
        fallback={<p data-testid="no-pairing">No server paired: everything stays on this device.</p>}
      >
        <ul class="plain">
          <For each={sync.links()}>
            {(link) => (
              <li class="pairing" data-testid="pairing" data-phase={link.phase}>
                <dl class="facts">
                  <dt>Server</dt>
                  <dd class="mono">{link.url}</dd>
                  <dt>Projects</dt>
                  <dd>{link.projects.join(', ')}</dd>
                  <dt>State</dt>
                  <dd
                    data-testid="pairing-state"
                    classList={{
                      'tone-error': link.phase === 'incompatible' || link.phase === 'refused',
                      'tone-warn': link.phase === 'waiting',
                    }}
                  >
                    {PHASE_WORDS[link.phase]}
                    {link.retryAt ? ` (next try ${dateTime(new Date(link.retryAt).toISOString())})` : ''}
                  </dd>
                  <dt>Last sync</dt>
                  <dd data-testid="pairing-last-sync">
                    {link.lastSyncAt
                      ? `${dateTime(link.lastSyncAt)}:${new Date(link.lastSyncAt).getSeconds().toString().padStart(2, '0')}`
                      : 'never'}
                  </dd>
                  <dt>Waiting to send</dt>
                  <dd data-testid="pairing-pending">{link.pending} event(s)</dd>
                  <dt>Last error</dt>
                  <dd data-testid="pairing-error" classList={{ 'tone-error': Boolean(link.lastError) }}>
                    {linkErrorText(link) ?? 'none'}
                  </dd>
                </dl>
                <div class="row">
                  <button
                    type="button"
                    class="ghost"
                    onClick={() => sync.service.retry()}
                    disabled={link.phase === 'live' || link.phase === 'incompatible'}
                  >
                    Retry now
                  </button>
                  <button type="button" class="ghost" onClick={() => void sync.service.unpair(link.pairingId)}>
                    Unpair
                  </button>
                </div>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <PairForm service={sync.service} />
    </section>
  );
}
