/**
 * Who is here in the current project's shared thread (each device once, "typing…" while
 * its composer has fresh unsent text), the relay link, and this device's display name.
 */
import { For } from 'solid-js';
import type { Collab } from '../../collab/collab';
import { peerLabel } from '../../collab/presence';

const LINK_LABEL = {
  local: 'this device only',
  connecting: 'connecting…',
  connected: 'live',
  disconnected: 'offline — edits merge on reconnect',
} as const;

export function PresenceBar(props: { collab: Collab }) {
  const peers = () => props.collab.peers();
  return (
    <div
      class="presence-bar"
      style={{ display: 'flex', 'flex-wrap': 'wrap', gap: '4px 12px', 'align-items': 'baseline', 'flex-basis': '100%' }}
    >
      <p data-testid="presence" aria-live="polite" style={{ margin: '0' }}>
        Here:{' '}
        <For each={peers()} fallback="you">
          {(peer, index) => (
            <span
              data-actor={peer.actor}
              data-typing={peer.typing}
              data-viewing={peer.viewing ?? ''}
              title={peer.viewing ? `looking at episode ${peer.viewing}` : undefined}
            >
              {index() > 0 ? ', ' : ''}
              {peerLabel(peer)}
            </span>
          )}
        </For>
      </p>
      <span class="muted" data-testid="collab-link">
        Thread: {LINK_LABEL[props.collab.connection() ?? 'local']}
      </span>
      <label class="muted">
        Your name{' '}
        <input
          size="12"
          value={props.collab.name()}
          aria-label="Your name in shared threads"
          onChange={(event) => props.collab.setName(event.currentTarget.value)}
        />
      </label>
    </div>
  );
}
