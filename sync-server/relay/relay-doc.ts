/**
 * One document held in memory by the relay: its Y.Doc (built from its stored updates), its
 * awareness (presence, never persisted), and the sockets attached with the awareness
 * client ids each one controls. Broadcasts every change to the attached sockets.
 */
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { FrameSender } from './backpressure';
import { encodeAwareness, encodeUpdate } from './messages';
import type { RelayConn } from './presence';

/** Where an applied update came from: a local client socket or another server instance. */
export type UpdateOrigin = 'client' | 'remote';

/** Transaction origin used for updates received from other instances. */
export const REMOTE_ORIGIN = Symbol('remote');

export interface RelayDoc {
  readonly name: string;
  readonly ydoc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  /** Attached sockets: who opened each and the awareness client ids it controls. */
  readonly conns: Map<WebSocket, RelayConn>;
  idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** While set, changes are collected here instead of relayed (until their bytes are on disk). */
  held: Array<[Uint8Array, UpdateOrigin]> | undefined;
  /** Relays a change to the sockets and to `onUpdate`. */
  relay(update: Uint8Array, origin: UpdateOrigin): void;
  /** Sends `message` to every attached socket (through the relay's sender, which sheds slow ones). */
  broadcast(message: Uint8Array): void;
  destroy(): void;
}

/**
 * Builds `name` from its `stored` updates (merged) and wires broadcasting through
 * `send`. `onUpdate` sees each change after it was persisted and relayed.
 */
export function loadRelayDoc(
  name: string,
  stored: Uint8Array[],
  send: FrameSender,
  onUpdate: (update: Uint8Array, origin: UpdateOrigin) => void,
): RelayDoc {
  const ydoc = new Y.Doc({ gc: true });
  if (stored.length > 0) Y.applyUpdate(ydoc, stored.length === 1 ? stored[0]! : Y.mergeUpdates(stored), REMOTE_ORIGIN);
  const awareness = new awarenessProtocol.Awareness(ydoc);
  // The server has no presence of its own; it only relays its clients'.
  awareness.setLocalState(null);
  const conns = new Map<WebSocket, RelayConn>();

  const doc: RelayDoc = {
    name,
    ydoc,
    awareness,
    conns,
    idleTimer: undefined,
    held: undefined,
    relay(update, origin) {
      doc.broadcast(encodeUpdate(update));
      onUpdate(update, origin);
    },
    broadcast(message) {
      for (const ws of conns.keys()) send(ws, message);
    },
    destroy() {
      if (doc.idleTimer) clearTimeout(doc.idleTimer);
      awareness.destroy();
      ydoc.destroy();
    },
  };

  ydoc.on('update', (update: Uint8Array, origin: unknown) => {
    const from: UpdateOrigin = origin === REMOTE_ORIGIN ? 'remote' : 'client';
    if (doc.held) doc.held.push([update, from]);
    else doc.relay(update, from);
  });

  // Ids are claimed when an update is filtered (presence.ts); a removal releases them.
  awareness.on(
    'update',
    ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      const conn = conns.get(origin as WebSocket);
      if (conn) for (const id of removed) conn.controlled.delete(id);
      doc.broadcast(encodeAwareness(awareness, changed));
    },
  );
  return doc;
}
