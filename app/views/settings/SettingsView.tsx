/** Settings: storage (usage, persistence, "Keep my data" with the reason), Models, Model servers, Devices (sync pairing and health), Server (route metrics, events) and About. */
import { onMount, Show } from 'solid-js';
import { PERSIST_EXPLANATION } from '../../components/common/PersistHint';
import { useApp } from '../../state/app-context';
import { formatBytes } from '../../state/storage';
import { useSync } from '../../state/sync';
import { createServerStatus } from '../../state/server-status';
import { DevicesSection } from './DevicesSection';
import { ModelServersSection } from './ModelServersSection';
import { ModelsSection } from './ModelsSection';
import { PermissionsSection } from './PermissionsSection';
import { PoliciesSection } from './PoliciesSection';
import { RuntimeSection } from './RuntimeSection';
import { ServerSection } from './ServerSection';
import { ReopenWelcome } from '../welcome/ReopenWelcome';
import { AppearanceSection } from './AppearanceSection';
import { DataSection } from './DataSection';

export function SettingsView() {
  const app = useApp();
  const { storage } = app;
  const sync = useSync();
  onMount(() => void storage.refresh());
  const usage = () => {
    const estimate = storage.estimate();
    if (!estimate) return 'unknown';
    const share = estimate.quota ? ` (${((100 * (estimate.usage ?? 0)) / estimate.quota).toFixed(2)} %)` : '';
    return `${formatBytes(estimate.usage)} of ${formatBytes(estimate.quota)}${share}`;
  };
  return (
    <div class="view settings-view">
      <h1 class="view-title">Settings</h1>
      <section class="card" aria-labelledby="settings-storage">
        <h2 id="settings-storage">Storage</h2>
        <dl class="facts">
          <dt>Used</dt>
          <dd data-testid="storage-usage">{usage()}</dd>
          <dt>Persistent</dt>
          <dd data-testid="storage-persisted">
            {storage.persisted() === undefined
              ? 'unknown (not supported here)'
              : storage.persisted()
                ? 'yes — the browser will not clear it on its own'
                : 'no'}
          </dd>
        </dl>
        <p>{PERSIST_EXPLANATION}</p>
        <div class="row">
          <button
            type="button"
            class="primary"
            onClick={() => void storage.requestPersist()}
            disabled={!storage.supported || storage.persisted() === true}
          >
            Keep my data
          </button>
          <button type="button" class="ghost" onClick={() => void storage.refresh()}>
            Refresh
          </button>
        </div>
        <p role="status" class="muted">
          <Show when={storage.lastRequest() === 'granted'}>Granted: the journal is now kept until you delete it.</Show>
          <Show when={storage.lastRequest() === 'refused'}>
            The browser declined. It grants this more readily to installed apps and sites you visit often; try again
            later.
          </Show>
        </p>
      </section>
      <DataSection vault={window.arw?.vault} />
      <AppearanceSection store={app.localStore} />
      <ModelsSection client={window.arw?.models} />
      <RuntimeSection runtime={window.arw?.runtime} />
      <ModelServersSection servers={window.arw?.servers} device={app.model.device} />
      <PermissionsSection />
      <PoliciesSection policies={window.arw?.policies} />
      <DevicesSection />
      <ServerSection
        status={createServerStatus({ origin: location.origin, local: app.localStore, session: sessionStorage })}
      />
      <section class="card" aria-labelledby="settings-about">
        <h2 id="settings-about">About</h2>
        <dl class="facts">
          <dt>Version</dt>
          <dd data-testid="app-version">{app.version}</dd>
          <dt>Journal</dt>
          <dd data-testid="journal-status">
            {app.health.status()} · database {app.journalInfo.name}, schema v{app.journalInfo.schemaVersion}
          </dd>
          <dt>Device</dt>
          <dd class="mono">{app.deviceActor}</dd>
          <dt>Agent</dt>
          <dd>{app.model.info()?.label ?? app.model.phase()}</dd>
          <dt>Sync</dt>
          <dd data-testid="about-sync">{sync.summary().text}</dd>
          <dt>Offline</dt>
          <dd>{app.pwa.offlineReady() ? 'ready to work offline' : (app.pwa.error() ?? 'not cached yet')}</dd>
        </dl>
        <ReopenWelcome />
      </section>
    </div>
  );
}
