/**
 * The right sidecar, on every view (reference A.1): lanes fed by the one stream,
 * filtered client-side by the selected `corr_id`. At phone width it is a panel the
 * status bar toggles; Escape closes it there.
 */
import { createSignal, onCleanup, Show } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { useApp } from '../../state/app-context';
import { ApprovalsLane } from './ApprovalsLane';
import { EpisodeLane } from './EpisodeLane';
import { PolicyLane } from './PolicyLane';
import { TimelineLane } from './TimelineLane';

/** The phone layout of app/styles/shell.css, where the open sidecar takes the canvas's place. */
const PHONE = '(max-width: 600px)';

export function Sidecar(props: { open: boolean; onClose: () => void }) {
  const { stream } = useApp();
  const query = window.matchMedia(PHONE);
  const [phone, setPhone] = createSignal(query.matches);
  const onChange = (event: MediaQueryListEvent) => setPhone(event.matches);
  query.addEventListener('change', onChange);
  onCleanup(() => query.removeEventListener('change', onChange));
  // Open on a phone the canvas (the page's <main>) is hidden and the sidecar is all there is to read:
  // it is then the page's main landmark with its heading, not a complementary aside.
  const isMain = () => props.open && phone();
  return (
    <Dynamic
      component={isMain() ? 'main' : 'aside'}
      id="sidecar"
      class="sidecar"
      classList={{ open: props.open }}
      aria-label="Sidecar"
    >
      <div class="sidecar-bar">
        <Dynamic component={isMain() ? 'h1' : 'span'} class="sidecar-title">
          Live
        </Dynamic>
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
    </Dynamic>
  );
}
