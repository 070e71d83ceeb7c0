/**
 * The app's shared threads as Solid accessors: opens the current project's thread when
 * the project is paired with a server (URL and token from the saved pairings), closes
 * it when the project or the pairing changes, and exposes its messages, the people
 * here, this device's presence inputs and a `run` wrapper that mirrors episodes into
 * the thread. Also follows the current project's notes and attached agents
 * (`projectDoc`, local-only when unshared). Built once in `main.tsx`; owns its own reactive root.
 */
import { createContext, createEffect, createRoot, createSignal, on, useContext, type Accessor } from 'solid-js';
import type { ChatMessage } from '../../core/agent/model';
import { yjsSocketBase } from '../sync/pairings';
import type { SyncService } from '../sync/sync-service';
import type { Pairing } from '../sync/types';
import { readDisplayName, saveDisplayName } from './display-name';
import { conversationThread, threadDocName } from './doc-names';
import { runMirrored, type RunEpisode } from './mirror-episode';
import { createProjectDoc, type ProjectDoc } from './project-doc-session';
import { describePeers, type Peer } from './presence';
import { readThread, threadHistory, type ThreadMessage } from './thread';
import { openThreadSession, type ConnectionState, type ThreadSession } from './thread-session';
import { createTypingTracker } from './typing';

export interface CollabDeps {
  project: Accessor<string | undefined>;
  /** Chat's open conversation: each has its own thread (the main one: `main`). */
  conversation?: Accessor<string | undefined>;
  /** The episode the sidecar shows (published as "viewing"). */
  selected: Accessor<string | undefined>;
  sync: Pick<SyncService, 'snapshot' | 'subscribe'>;
  loadPairings(): Promise<Pairing[]>;
  actor: string;
  store: Storage | undefined;
  events: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  isOnline(): boolean;
  newId(): string;
  now?: () => string;
  /** Overrides for tests: timers, the session factory. */
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
  openSession?: typeof openThreadSession;
}

export interface Collab {
  /** The current project's shared thread, when the project is paired. */
  session: Accessor<ThreadSession | undefined>;
  /** The thread read from this device's copy (false until IndexedDB answered). */
  loaded: Accessor<boolean>;
  messages: Accessor<ThreadMessage[]>;
  peers: Accessor<Peer[]>;
  connection: Accessor<ConnectionState | undefined>;
  name: Accessor<string>;
  setName(name: string): void;
  /** The composer's draft changed / was sent or left. */
  typing(draft: string): void;
  stopTyping(): void;
  /** What the model gets from the shared thread (SPEC §5). */
  history(): ChatMessage[];
  /** Mirrors episodes of the shared project into its thread; others run unchanged. */
  wrapRun(run: RunEpisode): RunEpisode;
  /** The current project's notes and attached agents (local-only when not shared). */
  projectDoc: ProjectDoc;
  dispose(): void;
}

/** Which pairing shares `project` (the first saved one that lists it). */
export function pairingFor(pairings: readonly Pairing[], project: string | undefined): Pairing | undefined {
  return project ? pairings.find((pairing) => pairing.projects.includes(project)) : undefined;
}

export function createCollab(deps: CollabDeps): Collab {
  return createRoot((dispose) => {
    const open = deps.openSession ?? openThreadSession;
    const now = deps.now ?? (() => new Date().toISOString());
    const [session, setSession] = createSignal<ThreadSession>();
    const [loaded, setLoaded] = createSignal(false);
    const [messages, setMessages] = createSignal<ThreadMessage[]>([]);
    const [peers, setPeers] = createSignal<Peer[]>([]);
    const [connection, setConnection] = createSignal<ConnectionState>();
    const [name, setNameSignal] = createSignal(readDisplayName(deps.store, deps.actor));
    const [pairingsKey, setPairingsKey] = createSignal('');
    const keyOf = () =>
      deps.sync
        .snapshot()
        .links.map((link) => `${link.pairingId}:${link.url}:${link.projects.join(',')}`)
        .join('|');
    setPairingsKey(keyOf());
    const unsubscribe = deps.sync.subscribe(() => setPairingsKey(keyOf()));
    let closeCurrent = () => {};
    let currentKey = '';
    const projectDoc = createProjectDoc({
      actor: deps.actor,
      name,
      events: deps.events,
      isOnline: deps.isOnline,
      now,
      ...(deps.openSession ? { openSession: deps.openSession } : {}),
    });
    let generation = 0;

    const attach = (opened: ThreadSession) => {
      let queued = false;
      // Streaming writes one update per token: re-read the thread once per microtask.
      const refresh = () => {
        if (queued) return;
        queued = true;
        queueMicrotask(() => ((queued = false), setMessages(readThread(opened.doc))));
      };
      const onPeers = () => setPeers(describePeers(opened.awareness.getStates(), deps.actor, opened.doc.clientID));
      opened.doc.on('update', refresh);
      opened.awareness.on('change', onPeers);
      const offConnection = opened.onConnection(setConnection);
      setMessages(readThread(opened.doc));
      onPeers();
      setConnection(opened.connection());
      setLoaded(false);
      void opened.loaded.then(() => session() === opened && (setMessages(readThread(opened.doc)), setLoaded(true)));
      opened.setPresence({ viewing: deps.selected() });
      setSession(opened);
      closeCurrent = () => {
        offConnection();
        opened.awareness.off('change', onPeers);
        opened.doc.off('update', refresh);
        void opened.destroy();
      };
    };

    const close = () => {
      closeCurrent();
      closeCurrent = () => {};
      currentKey = '';
      setSession(undefined);
      setMessages([]);
      setPeers([]);
      setConnection(undefined);
      setLoaded(false);
    };

    const conversation = () => deps.conversation?.();
    createEffect(
      on([deps.project, pairingsKey, conversation], ([project, , conversationId]) => {
        const mine = ++generation;
        void deps.loadPairings().then(
          (pairings) => {
            if (mine !== generation) return;
            const pairing = pairingFor(pairings, project);
            const docName = project ? threadDocName(project, conversationThread(conversationId)) : '';
            const wsBase = pairing ? yjsSocketBase(pairing) : '';
            const key = pairing ? `${docName}\n${wsBase}\n${pairing.token}` : '';
            projectDoc.follow(project, pairing ? { wsBase, token: pairing.token } : undefined);
            if (key === currentKey) return;
            close();
            if (!pairing) return;
            currentKey = key;
            attach(
              open({
                docName,
                user: { actor: deps.actor, name: name() },
                remote: { wsBase, token: pairing.token },
                events: deps.events,
                isOnline: deps.isOnline,
              }),
            );
          },
          (error: unknown) => console.error('collab: pairings unreadable', error),
        );
      }),
    );
    createEffect(on(deps.selected, (corrId) => session()?.setPresence({ viewing: corrId })));

    const typingTracker = createTypingTracker(
      (typing) => session()?.setPresence({ typing }),
      deps.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number) },
    );

    return {
      session,
      loaded,
      messages,
      peers,
      connection,
      name,
      setName(value) {
        const saved = saveDisplayName(deps.store, deps.actor, value);
        setNameSignal(saved);
        session()?.setPresence({ user: { actor: deps.actor, name: saved } });
      },
      typing: (draft) => typingTracker.input(draft),
      stopTyping: () => typingTracker.stop(),
      history: () => threadHistory(messages()),
      wrapRun: (run) => (input, signal) => {
        const current = session();
        const project = input.projectId ?? deps.project();
        const thread = conversationThread(input.conversationId ?? conversation());
        if (!current || !project || current.docName !== threadDocName(project, thread)) return run(input, signal);
        return runMirrored(
          { doc: current.doc, author: { actor: deps.actor, name: name() }, newId: deps.newId, now },
          run,
          { ...input, projectId: project },
          signal,
        );
      },
      projectDoc,
      dispose() {
        typingTracker.dispose();
        unsubscribe();
        close();
        projectDoc.close();
        dispose();
      },
    };
  });
}

export const CollabContext = createContext<Collab>();

export function useCollab(): Collab {
  const collab = useContext(CollabContext);
  if (!collab) throw new Error('useCollab() outside <CollabContext.Provider>');
  return collab;
}
