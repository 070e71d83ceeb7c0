/**
 * One open chat thread: its Y.Doc, the copy on this device (IndexedDB, loaded first),
 * the relay connection when the project is paired (y-websocket, `?token=`), and this
 * device's presence. Follows the browser's online/offline events like the event sync:
 * offline closes the socket, online reconnects. Holds no UI state.
 */
import { WebsocketProvider } from 'y-websocket';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { localDbName } from './doc-names';
import { openLocalStore, type LocalStore } from './local-store';
import { PRESENCE_VERSION, type PresenceState } from './presence';

export const CONNECTION_STATES = ['local', 'connecting', 'connected', 'disconnected'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

export interface ThreadSessionOptions {
  docName: string;
  user: { actor: string; name: string };
  /** The relay (`ws(s)://host/yjs`) and a sync token; absent for a local-only thread. */
  remote?: { wsBase: string; token: string };
  /** `online` / `offline` events (window); without it the socket ignores them. */
  events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  isOnline?: () => boolean;
  /** Node tests pass `ws` (Node 20 has no global WebSocket). */
  WebSocketPolyfill?: unknown;
  /** Skip IndexedDB (tests without it). */
  persist?: boolean;
}

export interface ThreadSession {
  docName: string;
  doc: Y.Doc;
  awareness: Awareness;
  /** Resolves once the stored copy is applied (at once without persistence). */
  loaded: Promise<void>;
  local?: LocalStore;
  provider?: WebsocketProvider;
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  setPresence(patch: Partial<Pick<PresenceState, 'typing' | 'viewing' | 'user'>>): void;
  /** Cuts or restores the relay link by hand (tests, a future "pause sync"). */
  setLinked(linked: boolean): void;
  destroy(): Promise<void>;
}

export function openThreadSession(options: ThreadSessionOptions): ThreadSession {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  const state: PresenceState = { v: PRESENCE_VERSION, user: options.user, typing: false };
  awareness.setLocalState(state);
  const local = options.persist === false ? undefined : openLocalStore(localDbName(options.docName), doc);
  const listeners = new Set<(state: ConnectionState) => void>();
  let connection: ConnectionState = options.remote ? 'connecting' : 'local';
  const setConnection = (next: ConnectionState) => {
    if (next === connection) return;
    connection = next;
    for (const listener of [...listeners]) listener(next);
  };

  let provider: WebsocketProvider | undefined;
  let wanted = true;
  let destroyed = false;
  const online = () => options.isOnline?.() ?? true;
  if (options.remote) {
    provider = new WebsocketProvider(options.remote.wsBase, options.docName, doc, {
      // Connect after the stored copy is in, so the first sync sends only what is new.
      connect: false,
      awareness,
      params: { token: options.remote.token },
      ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill as typeof WebSocket } : {}),
    });
    provider.on('status', ({ status }) => setConnection(status));
  }
  const relink = () => {
    if (!provider) return;
    if (wanted && online()) provider.connect();
    else provider.disconnect();
  };
  const onOnline = () => relink();
  const onOffline = () => provider?.disconnect();
  options.events?.addEventListener('online', onOnline);
  options.events?.addEventListener('offline', onOffline);

  const loaded = (local?.loaded ?? Promise.resolve()).catch((error: unknown) =>
    console.error('collab: local copy failed to load', error),
  );
  void loaded.then(() => {
    if (!destroyed) relink();
  });

  return {
    docName: options.docName,
    doc,
    awareness,
    loaded,
    ...(local ? { local } : {}),
    ...(provider ? { provider } : {}),
    connection: () => connection,
    onConnection(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setPresence(patch) {
      const current = (awareness.getLocalState() as PresenceState | null) ?? state;
      const next: PresenceState = { ...current, ...patch };
      if (next.viewing === undefined) delete next.viewing;
      awareness.setLocalState(next);
    },
    setLinked(linked) {
      wanted = linked;
      relink();
    },
    async destroy() {
      destroyed = true;
      options.events?.removeEventListener('online', onOnline);
      options.events?.removeEventListener('offline', onOffline);
      listeners.clear();
      provider?.destroy();
      awareness.destroy();
      await local?.destroy();
      doc.destroy();
    },
  };
}
