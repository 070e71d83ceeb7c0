/**
 * The Yjs relay's contract: options, the principal the upgrade handler passes in, update
 * listeners and the relay interface the composition root and the NATS bridge use.
 */
import type { WebSocket } from 'ws';
import type { ServerLog } from '../log';
import type { YjsStore } from '../storage/yjs-store';
import type { UpdateOrigin } from './relay-doc';

export type { UpdateOrigin } from './relay-doc';

export interface YjsRelayOptions {
  store: YjsStore;
  log: ServerLog;
  /** Unload a document this long after its last socket left (default 60 s). */
  idleUnloadMs?: number;
  /** Frames larger than this close the socket with 1009 (default 16 MiB). */
  maxFrameBytes?: number;
  /**
   * A socket whose send buffer holds more than this when a frame is due (a peer that
   * stopped reading) is closed with SYNC_CLOSE.slowConsumer and terminated (default 8 MiB).
   */
  maxBufferedBytes?: number;
  /** Compact a loaded document after this many appended rows (default 500). */
  compactEvery?: number;
  /** Keepalive ping period (default 30 s); a socket is dropped only after `maxMissedPongs` silent periods. */
  pingIntervalMs?: number;
  maxMissedPongs?: number;
  /** Called after each change was persisted and relayed locally. */
  onUpdate?: UpdateListener;
}

export type UpdateListener = (doc: string, update: Uint8Array, origin: UpdateOrigin) => void;

/** Who the caller authenticated; the relay only logs it. */
export type RelayPrincipal = { id: string } & Record<string, unknown>;

export interface YjsRelay {
  readonly maxFrameBytes: number;
  /** Serves the y-websocket protocol for `docName` on an authenticated socket. */
  handleConnection(ws: WebSocket, docName: string, principal: RelayPrincipal): void;
  /** Persists an update from another instance and relays it to local clients; resolves once it is on disk. */
  applyRemoteUpdate(docName: string, update: Uint8Array): Promise<void>;
  /** Adds a listener for every change after it was persisted and relayed; returns its remover. */
  subscribeUpdates(listener: UpdateListener): () => void;
  /** Names of the documents currently in memory. */
  loadedDocs(): string[];
  /** Compacts a document's stored updates now (loaded or not). */
  compact(docName: string): void;
  /**
   * Forgets a document everywhere on this server (SPEC §7 erasure): its sockets close
   * with SYNC_CLOSE.docErased (no reconnect), pending and stored updates are deleted.
   */
  erase(docName: string): void;
  /** Current state of a document (loaded, or merged from the store) as one update. */
  encodeState(docName: string): Uint8Array;
  /** Closes every socket, compacts and unloads every document. The store stays open. */
  close(): void;
}
