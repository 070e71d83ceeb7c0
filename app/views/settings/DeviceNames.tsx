/**
 * Settings → Devices: this device's name (what the others see in presence, shared
 * threads, leases and episodes) and the other devices known here by their names.
 */
import { For, Show } from 'solid-js';
import { useCollab } from '../../collab/collab';
import { MAX_NAME } from '../../collab/display-name';
import { useDeviceNames } from '../../collab/device-names';
import { useApp } from '../../state/app-context';

export function DeviceNames() {
  const collab = useCollab();
  const { deviceActor } = useApp();
  const devices = useDeviceNames();
  const others = () =>
    [...devices.names()].filter(([actor]) => actor !== deviceActor).map(([actor, name]) => ({ actor, name }));
  return (
    <div class="device-names" data-testid="device-names">
      <label>
        This device’s name
        <input
          name="device-name"
          maxLength={MAX_NAME}
          value={collab.name()}
          aria-describedby="device-name-note"
          onChange={(event) => collab.setName(event.currentTarget.value)}
        />
      </label>
      <p id="device-name-note" class="muted">
        Your other devices show this name for what this device did (leases it granted, agents it attached, its
        episodes). Empty goes back to the default.
      </p>
      <Show when={others().length > 0}>
        <p data-testid="known-devices">
          Other devices seen here:{' '}
          <For each={others()}>
            {(device, i) => (
              <>
                {i() > 0 ? ', ' : ''}
                <span data-actor={device.actor}>{device.name}</span>
              </>
            )}
          </For>
        </p>
      </Show>
    </div>
  );
}
