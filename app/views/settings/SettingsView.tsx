/** Settings: Data (storage per store, persistence, "Keep my data", vault, delete all), Models, Model servers, Devices (sync pairing and health), Server (route metrics, events) and About. */
import { useApp } from '../../state/app-context';
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
  const sync = useSync();
  return (
    <div class="view settings-view">
      <h1 class="view-title">Settings</h1>
      <DataSection vault={window.arw?.vault} deleter={window.arw?.deleteAll} />
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
