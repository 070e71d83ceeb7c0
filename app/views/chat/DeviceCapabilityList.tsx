/** "What this device can run": one line per backend, available or not, with the reason. */
import { For } from 'solid-js';
import type { DeviceCapabilities } from '../../state/capabilities';

export function DeviceCapabilityList(props: { device: DeviceCapabilities; open?: boolean }) {
  return (
    <details class="device-caps" open={props.open} data-testid="device-capabilities">
      <summary>What this device can run</summary>
      <ul>
        <For each={props.device.report()}>
          {(line) => (
            <li data-kind={line.kind} data-available={String(line.available)} classList={{ muted: !line.available }}>
              <strong>{line.label}</strong>: {line.available ? 'yes' : 'no'} —{' '}
              {line.reason.replace(/^unavailable: /, '')}
            </li>
          )}
        </For>
      </ul>
    </details>
  );
}
