/**
 * The shell: skip link, banners, left rail, the active view, the sidecar (on every
 * view) and the status bar. Builds the per-session UI state (router, chat) and
 * provides all services to the tree; concrete adapters come from `main.tsx`.
 */
import { createSignal, Match, onCleanup, onMount, Switch, untrack } from 'solid-js';
import type { EpisodeInput, EpisodeOutcome } from '../core/agent/run-episode';
import { Palette } from './components/palette/Palette';
import { Banners } from './components/shell/Banners';
import { Rail } from './components/shell/Rail';
import { StatusBar } from './components/shell/StatusBar';
import { Sidecar } from './components/sidecar/Sidecar';
import { AppContext, type AppServices } from './state/app-context';
import { createChat } from './state/chat';
import { createRouter } from './state/router';
import { ChatView } from './views/chat/ChatView';
import { DebugView } from './views/debug/DebugView';
import { GalleryView } from './views/gallery/GalleryView';
import { HubView } from './views/hub/HubView';
import { SettingsView } from './views/settings/SettingsView';
import { TrainingView } from './views/training/TrainingView';

export interface AppProps extends Omit<AppServices, 'router' | 'chat'> {
  journal: Parameters<typeof createChat>[0]['journal'];
  runEpisode(input: EpisodeInput, signal: AbortSignal): Promise<EpisodeOutcome>;
  newId(): string;
  /** The agent the chat talks to (recorded on `episode.started`). */
  agent: string;
}

export function App(props: AppProps) {
  const router = createRouter(window);
  // The services are built once by main.tsx and never change: read them once, untracked.
  const chat = untrack(() =>
    createChat({
      journal: props.journal,
      recentEvents: props.stream.recentEvents,
      select: props.stream.select,
      run: props.runEpisode,
      newId: props.newId,
      agent: props.agent,
      onError: props.health.report,
    }),
  );
  const services: AppServices = { ...props, router, chat };
  const [sidecarOpen, setSidecarOpen] = createSignal(false);
  const [paletteOpen, setPaletteOpen] = createSignal(false);
  let main: HTMLElement | undefined;

  const onKey = (event: KeyboardEvent) => {
    // Ctrl/Cmd-K from every view, the composer included; Esc in the palette is the palette's.
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
      event.preventDefault();
      setPaletteOpen(!paletteOpen());
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
            <Switch>
              <Match when={router.route() === 'hub'}>
                <HubView />
              </Match>
              <Match when={router.route() === 'chat'}>
                <ChatView />
              </Match>
              <Match when={router.route() === 'training'}>
                <TrainingView />
              </Match>
              <Match when={router.route() === 'gallery'}>
                <GalleryView />
              </Match>
              <Match when={router.route() === 'debug'}>
                <DebugView />
              </Match>
              <Match when={router.route() === 'settings'}>
                <SettingsView />
              </Match>
            </Switch>
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
