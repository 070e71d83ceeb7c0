/**
 * The right sidecar, on every view (reference A.1): lanes fed by the one stream,
 * filtered client-side by the selected `corr_id`. At phone width it is a panel the
 * status bar toggles; Escape closes it there.
 */
import { Show } from 'solid-js';
import { useApp } from '../../state/app-context';
import { ApprovalsLane } from './ApprovalsLane';
import { EpisodeLane } from './EpisodeLane';
import { PolicyLane } from './PolicyLane';
import { TimelineLane } from './TimelineLane';

export function Sidecar(props: { open: boolean; onClose: () => void }) {
  const { stream } = useApp();
  return (
    <aside id="sidecar" class="sidecar" classList={{ open: props.open }} aria-label="Sidecar">
      <div class="sidecar-bar">
        <span class="sidecar-title">Live</span>
        <Show when={stream.phase() === 'loading'}>
          <span class="muted">loading…</span>
        </Show>
        <button type="button" class="ghost sidecar-close" onClick={() => props.onClose()} aria-label="Close sidecar">
          ✕
        </button>
      </div>
      <ApprovalsLane />
      <EpisodeLane />
      <PolicyLane />
      <TimelineLane />
    </aside>
  );
}
