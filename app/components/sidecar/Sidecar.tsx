/**
 * The right sidecar, on every view (reference A.1): lanes fed by the one stream,
 * filtered client-side by the selected `corr_id`. Below 700 px it is a sheet over the
 * canvas that the status bar toggles: opening moves focus in, Tab stays inside, Escape
 * or ✕ closes it and focus goes back to what opened it. It is never a modal dialog
 * (SPEC §5: prompts are inline), so the canvas stays the page's <main> underneath.
 */
import { createEffect, createSignal, on, onCleanup, Show } from 'solid-js';
import { useApp } from '../../state/app-context';
import { ApprovalsLane } from './ApprovalsLane';
import { EpisodeLane } from './EpisodeLane';
import { PolicyLane } from './PolicyLane';
import { TimelineLane } from './TimelineLane';

/** The phone layout of app/styles/shell.css, where the open sidecar is a sheet. */
const PHONE = '(max-width: 699px)';
const FOCUSABLE = 'a[href], button:not(:disabled), input:not(:disabled), select, textarea, summary, [tabindex="0"]';

export function Sidecar(props: { open: boolean; onClose: () => void }) {
  const { stream } = useApp();
  const query = window.matchMedia(PHONE);
  const [phone, setPhone] = createSignal(query.matches);
  const onChange = (event: MediaQueryListEvent) => setPhone(event.matches);
  query.addEventListener('change', onChange);
  onCleanup(() => query.removeEventListener('change', onChange));
  const sheet = () => props.open && phone();
  let root: HTMLElement | undefined;
  let closeButton: HTMLButtonElement | undefined;
  let opener: HTMLElement | undefined;

  createEffect(
    on(sheet, (isSheet, wasSheet) => {
      if (isSheet) {
        const active = document.activeElement;
        opener = active instanceof HTMLElement && !root?.contains(active) ? active : undefined;
        closeButton?.focus();
      } else if (wasSheet) {
        // Back to the opener; one that left the DOM (the palette's input) hands over to the status bar's toggle.
        const back = opener?.isConnected ? opener : document.querySelector<HTMLElement>('.sidecar-toggle');
        opener = undefined;
        back?.focus();
      }
    }),
  );

  const onKeyDown = (event: KeyboardEvent) => {
    if (!sheet()) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      props.onClose();
    } else if (event.key === 'Tab' && root) {
      // The canvas lies under the sheet: keep Tab inside rather than walk into what cannot be seen.
      const items = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
      const first = items[0];
      const last = items[items.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last?.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first?.focus();
      }
    }
  };

  // A focused row can leave the DOM (the timeline re-renders as events arrive): focus falls to
  // <body>, outside the sheet, and the next Tab would walk the canvas. Bring it back in.
  const onDocumentKey = (event: KeyboardEvent) => {
    const active = document.activeElement;
    if (event.key !== 'Tab' || !sheet() || !root || (active && active !== document.body)) return;
    event.preventDefault();
    closeButton?.focus();
  };
  document.addEventListener('keydown', onDocumentKey);
  onCleanup(() => document.removeEventListener('keydown', onDocumentKey));

  return (
    <aside
      id="sidecar"
      ref={root}
      class="sidecar"
      classList={{ open: props.open, sheet: sheet() }}
      aria-label="Sidecar"
      onKeyDown={onKeyDown}
    >
      <div class="sidecar-bar">
        <h2 class="sidecar-title">Live</h2>
        <Show when={stream.phase() === 'loading'}>
          <span class="muted">loading…</span>
        </Show>
        <button
          type="button"
          class="ghost sidecar-close"
          ref={closeButton}
          onClick={() => props.onClose()}
          aria-label="Close sidecar"
        >
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
