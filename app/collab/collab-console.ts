/**
 * `window.arw.collab`: the shared thread from the console and end-to-end tests, e.g.
 * `arw.collab.json()`, `arw.collab.stateVector()`, `arw.collab.setLinked(false)`.
 * Reads plain data; never hands out the token.
 */
import * as Y from 'yjs';
import type { Collab } from './collab';
import { storedRows } from './local-store';
import type { Peer } from './presence';
import { messagesOf, type ThreadMessage } from './thread';
import type { ConnectionState } from './thread-session';

export interface CollabConsole {
  /** The open thread's document name, e.g. `p1/thread/main`. */
  docName(): string | undefined;
  messages(): ThreadMessage[];
  /** The current project's notes as text ('' before its document is open). */
  notes(): string;
  peers(): Peer[];
  connection(): ConnectionState | undefined;
  /** Resolves once the open thread's local copy is loaded. */
  loaded(): Promise<boolean>;
  /** The thread's messages as Yjs JSON (`Y.Array.toJSON()`). */
  json(): unknown;
  /** `Y.encodeStateVector` of the document, as numbers. */
  stateVector(): number[];
  /** `Y.encodeStateAsUpdate` of the document, as numbers (for byte-exact comparisons). */
  stateUpdate(): number[];
  /** Update rows in this device's IndexedDB copy. */
  storedRows(): Promise<number>;
  /** Cuts (false) or restores (true) the relay link of the open thread. */
  setLinked(linked: boolean): void;
  setName(name: string): void;
}

export function collabConsole(collab: Collab): CollabConsole {
  const doc = () => collab.session()?.doc;
  return {
    docName: () => collab.session()?.docName,
    messages: () => collab.messages(),
    notes: () => collab.projectDoc.notes()?.toString() ?? '',
    peers: () => collab.peers(),
    connection: () => collab.connection(),
    loaded: async () => {
      const session = collab.session();
      if (!session) return false;
      await session.loaded;
      return true;
    },
    json: () => {
      const current = doc();
      return current ? messagesOf(current).toJSON() : undefined;
    },
    stateVector: () => {
      const current = doc();
      return current ? [...Y.encodeStateVector(current)] : [];
    },
    stateUpdate: () => {
      const current = doc();
      return current ? [...Y.encodeStateAsUpdate(current)] : [];
    },
    storedRows: async () => {
      const local = collab.session()?.local;
      return local ? storedRows(local.persistence) : 0;
    },
    setLinked: (linked) => collab.session()?.setLinked(linked),
    setName: (name) => collab.setName(name),
  };
}
