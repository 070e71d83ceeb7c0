/**
 * The shell: skip link, banners, left rail, the active view, the sidecar (on every
 * view) and the status bar. Builds the per-session UI state (router, chat) and
 * provides all services to the tree; concrete adapters come from `main.tsx`.
 */
import { HashRouter } from '@solidjs/router';
import { createSignal, onCleanup, onMount, untrack, type JSX } from 'solid-js';
import type { EpisodeInput, EpisodeOutcome } from '../core/agent/run-episode';
import { Palette } from './components/palette/Palette';
import { Banners } from './components/shell/Banners';
import { Rail } from './components/shell/Rail';
import { StatusBar } from './components/shell/StatusBar';
import { Sidecar } from './components/sidecar/Sidecar';
import { AppContext, type AppServices } from './state/app-context';
import { createChat } from './state/chat';
import { createRouter } from './state/router';
import { VIEW_ROUTES } from './views/view-routes';

export interface AppProps extends Omit<AppServices, 'router' | 'chat'> {
  journal: Parameters<typeof createChat>[0]['journal'];
  runEpisode(input: EpisodeInput, signal: AbortSignal): Promise<EpisodeOutcome>;
  newId(): string;
  /** The agent the chat talks to (recorded on `episode.started`). */
  agent: string;
}

/** The hash router (@solidjs/router) around the shell; the views are its routes. */
export function App(props: AppProps) {
  return <HashRouter root={(route) => <Shell app={props} view={route.children} />}>{VIEW_ROUTES}</HashRouter>;
}

function Shell(shell: { app: AppProps; view: JSX.Element }) {
  // The services are built once by main.tsx and never change: read them once, untracked.
  const props = untrack(() => shell.app);
  const router = createRouter();
  const chat = untrack(() =>
    createChat({
      journal: props.journal,
      recentEvents: props.stream.recentEvents,
      select: props.stream.select,
      run: props.runEpisode,
      newId: props.newId,
      agent: props.agent,
      onError: props.health.report,
      conversation: props.conversations.current,
      ensureConversation: props.conversations.ensure,
      episodesOf: (id) => props.conversations.get(id)?.corr_ids ?? [],
    }),
  );
  props.conversations.bindRouter(router);
  const services: AppServices = { ...props, router, chat };
  const [sidecarOpen, setSidecarOpen] = createSignal(false);
  const [paletteOpen, setPaletteOpen] = createSignal(false);
  let main: HTMLElement | undefined;

  const onKey = (event: KeyboardEvent) => {
    // Ctrl/Cmd-K from every view, the composer included; Esc in the palette is the palette's.
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
      event.preventDefault();
      setPaletteOpen(!paletteOpen());
    } else if ((event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && event.key.toLowerCase() === 'o') {
      // Ctrl/Cmd+Shift+O: a new conversation from every view, ready to type in.
      event.preventDefault();
      void props.conversations
        .create()
        .then(() =>
          requestAnimationFrame(() => document.querySelector<HTMLElement>('textarea[aria-label="Message"]')?.focus()),
        );
    } else if (event.key === 'Escape' && sidecarOpen() && !paletteOpen()) {
      setSidecarOpen(false);
      document.querySelector<HTMLElement>('.sidecar-toggle')?.focus();
    }
  };
  onMount(() => document.addEventListener('keydown', onKey));
  onCleanup(() => document.removeEventListener('keydown', onKey));

  return (
    <AppContext.Provider value={services}>
      <div class="app" classList={{ 'sidecar-open': sidecarOpen() }}>
        <a
          class="skip-link"
          href="#main"
          onClick={(event) => {
            event.preventDefault();
            main?.focus();
          }}
        >
          Skip to content
        </a>
        <Banners />
        <div class="shell">
          <Rail current={router.route()} />
          <main id="main" class="canvas" tabindex="-1" ref={main} data-route={router.route()}>
            {shell.view}
          </main>
          <Sidecar open={sidecarOpen()} onClose={() => setSidecarOpen(false)} />
        </div>
        <StatusBar sidecarOpen={sidecarOpen()} onToggleSidecar={() => setSidecarOpen(!sidecarOpen())} />
        <Palette
          open={paletteOpen()}
          onOpenChange={setPaletteOpen}
          runtime={window.arw?.runtime}
          onShowSidecar={() => setSidecarOpen(true)}
        />
      </div>
    </AppContext.Provider>
  );
}
