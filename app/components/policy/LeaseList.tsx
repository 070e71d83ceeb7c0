/**
 * Live leases as a list: what each lets the agent do, its scope and subject, time left,
 * who granted it, and Revoke. Presentational: revoking and device names come in props.
 */
import { For, Show } from 'solid-js';
import type { LiveLease } from '../../state/policy';
import { capabilityWords, describeCapability, describeSubject, formatDuration } from './capability-words';

export function LeaseList(props: {
  leases: readonly LiveLease[];
  onRevoke: (lease: LiveLease) => void;
  /** Who granted: "this device" or a device's name. */
  grantedBy: (actor: string) => string;
  /** Sidecar width: one line per lease, no granted-by column. */
  compact?: boolean;
  empty?: string;
}) {
  return (
    <Show
      when={props.leases.length > 0}
      fallback={<p class="empty">{props.empty ?? 'No live leases: every call that needs a permission asks.'}</p>}
    >
      <ul class="plain lease-list" classList={{ compact: props.compact === true }}>
        <For each={props.leases}>
          {(lease) => (
            <li class="lease" data-testid="lease" data-lease-id={lease.id} data-capability={lease.capability}>
              <div class="lease-what">
                <span class="lease-cap">{capabilityWords(lease.capability).label}</span>{' '}
                <code class="lease-scope">{lease.scope ?? 'any scope'}</code>
                <Show when={!props.compact}>
                  <span class="muted lease-does"> · may {describeCapability(lease.capability, lease.scope)}</span>
                </Show>
              </div>
              <div class="lease-meta muted">
                <span>{describeSubject(lease.subject)}</span>
                {' · '}
                <span class="num" data-testid="lease-time-left">
                  {formatDuration(lease.time_left_ms)} left
                </span>
                <Show when={!props.compact}>
                  {' · '}
                  <span data-testid="lease-granted-by">granted by {props.grantedBy(lease.granted_by)}</span>
                </Show>
              </div>
              <button
                type="button"
                class="ghost lease-revoke"
                aria-label={`Revoke ${lease.capability} ${lease.scope ?? 'any scope'} for ${describeSubject(lease.subject)}`}
                onClick={() => props.onRevoke(lease)}
              >
                Revoke
              </button>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
