/**
 * The Yjs relay (issue 3 item 1): the y-websocket protocol per document over ws sockets
 * that the caller has already authenticated: sync steps and updates, awareness, frame
 * limit (close 1009), keepalive, loading documents on first connect and unloading idle
 * ones. What it stores and when it relays is persistence.ts's (stored before relayed);
 * an update is applied all or nothing. Sockets that stop reading are shed
 * (backpressure.ts); presence is kept per socket (presence.ts).
 */
import type { RawData, WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { SYNC_CLOSE } from '../../spec';
import { createFrameSender } from './backpressure';
import { createKeepalive } from './keepalive';
import { encodeAwareness, encodeSyncStep1, encodeSyncStep2, mergeUpdatesTree, MESSAGE, SYNC_STEP } from './messages';
import { createRelayPersistence } from './persistence';
import { ownAwarenessEntries } from './presence';
import { loadRelayDoc, REMOTE_ORIGIN, type RelayDoc } from './relay-doc';
import type { UpdateListener, UpdateOrigin, YjsRelay, YjsRelayOptions } from './types';

export type { RelayPrincipal, UpdateListener, UpdateOrigin, YjsRelay, YjsRelayOptions } from './types';

/** What one applied update changed in a loaded document, relayed once its bytes are stored. */
interface Held {
  doc: RelayDoc;
  changes: Array<[Uint8Array, UpdateOrigin]>;
}

const toBytes = (data: RawData): Uint8Array =>
  Array.isArray(data)
    ? new Uint8Array(Buffer.concat(data))
    : data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** Builds a relay over `store`. Nothing is global: several relays may share a process. */
export function createYjsRelay(options: YjsRelayOptions): YjsRelay {
  const { log } = options;
  const idleUnloadMs = options.idleUnloadMs ?? 60_000;
  const maxFrameBytes = options.maxFrameBytes ?? 16 * 1024 * 1024;
  const maxBufferedBytes = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  const docs = new Map<string, RelayDoc>();
  const sendFrame = createFrameSender({
    maxBufferedBytes,
    onShed: (ws, bufferedBytes) => {
      const doc = [...docs.values()].find((candidate) => candidate.conns.has(ws));
      log.warn(
        { doc: doc?.name, principal: doc?.conns.get(ws)?.principal, bufferedBytes, maxBufferedBytes },
        'yjs socket stopped reading; closed (slow consumer)',
      );
    },
  });
  const listeners = new Set<UpdateListener>(options.onUpdate ? [options.onUpdate] : []);
  const notify = (doc: string, update: Uint8Array, origin: UpdateOrigin) => {
    for (const listener of listeners) {
      try {
        listener(doc, update, origin);
      } catch (error) {
        log.error({ err: error, doc }, 'yjs update listener failed');
      }
    }
  };

  const persistence = createRelayPersistence<Held>({
    store: options.store,
    log,
    compactEvery: options.compactEvery ?? 500,
    liveDoc: (name) => docs.get(name)?.ydoc,
    relay(_name, held) {
      // One merged frame per document and origin per commit: far fewer socket writes and NATS messages.
      const changes = new Map<RelayDoc, Record<UpdateOrigin, Uint8Array[]>>();
      for (const { doc, changes: made } of held) {
        let perOrigin = changes.get(doc);
        if (!perOrigin) changes.set(doc, (perOrigin = { client: [], remote: [] }));
        for (const [change, from] of made) perOrigin[from].push(change);
      }
      for (const [doc, perOrigin] of changes) {
        for (const from of ['client', 'remote'] as const) {
          if (perOrigin[from].length > 0) doc.relay(mergeUpdatesTree(perOrigin[from]), from);
        }
      }
    },
    // Clients resend on reconnect (sync step 2), so nothing unpersisted is ever relayed.
    failed(names) {
      for (const name of names) {
        const doc = docs.get(name);
        if (doc) dropDoc(doc, 1011, 'storage failure');
      }
    },
  });

  const getDoc = (name: string): RelayDoc => {
    let doc = docs.get(name);
    if (!doc) {
      // Remote updates still waiting for their commit must be in the store before loading.
      if (persistence.pending(name)) persistence.flush();
      doc = loadRelayDoc(name, persistence.load(name), sendFrame, (update, origin) => notify(name, update, origin));
      docs.set(name, doc);
    }
    if (doc.idleTimer) clearTimeout(doc.idleTimer);
    doc.idleTimer = undefined;
    return doc;
  };

  /** Closes a document's sockets (except `keep`, which the caller closes with its own code) and frees it. */
  const closeDoc = (doc: RelayDoc, code: number, reason: string, keep?: unknown) => {
    for (const ws of doc.conns.keys()) if (ws !== keep) ws.close(code, reason);
    doc.conns.clear();
    if (!docs.has(doc.name)) persistence.forget(doc.name);
    doc.destroy();
  };

  /** Drops a document from memory: its sockets reconnect and resync, the next connect reloads it from the store. */
  const dropDoc = (doc: RelayDoc, code: number, reason: string) => {
    if (docs.get(doc.name) !== doc) return;
    docs.delete(doc.name);
    closeDoc(doc, code, reason);
  };

  const unload = (doc: RelayDoc) => {
    if (doc.conns.size > 0 || docs.get(doc.name) !== doc) return;
    try {
      persistence.compact(doc.name);
    } catch (error) {
      log.error({ err: error, doc: doc.name }, 'yjs compaction failed on unload');
    }
    docs.delete(doc.name);
    persistence.forget(doc.name);
    doc.destroy();
  };

  /**
   * Applies with relaying held back; the raw bytes (pending structs included) go into
   * this tick's group commit and are relayed only once stored. A malformed update throws
   * and is never stored, and nothing of it stays live: applyUpdate integrates the structs
   * before it reads the delete set, so the whole update is decoded first; if integration
   * still throws halfway, the document is reloaded from the store.
   */
  const persistAndApply = (doc: RelayDoc, update: Uint8Array, origin: unknown, done?: (error?: unknown) => void) => {
    Y.decodeUpdate(update);
    const changes: Held['changes'] = [];
    doc.held = changes;
    try {
      Y.applyUpdate(doc.ydoc, update, origin);
    } catch (error) {
      doc.held = undefined;
      log.warn({ err: error, doc: doc.name }, 'yjs update failed halfway; reloading the document from the store');
      // Out of memory first, so the commit of this tick's earlier (live, unstored) updates
      // never compacts from a state that holds part of the refused one; then they are stored and relayed.
      docs.delete(doc.name);
      persistence.flush();
      closeDoc(doc, SYNC_CLOSE.docReloaded, 'document reloaded', origin);
      throw error;
    } finally {
      doc.held = undefined;
    }
    persistence.write({ doc: doc.name, update, held: { doc, changes }, ...(done ? { done } : {}) });
  };

  const onMessage = (doc: RelayDoc, ws: WebSocket, bytes: Uint8Array) => {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE.sync) {
      const step = decoding.readVarUint(decoder);
      if (step === SYNC_STEP.step1) sendFrame(ws, encodeSyncStep2(doc.ydoc, decoding.readVarUint8Array(decoder)));
      else if (step === SYNC_STEP.step2 || step === SYNC_STEP.update)
        persistAndApply(doc, decoding.readVarUint8Array(decoder), ws);
      else throw new Error(`unknown sync step ${step}`);
    } else if (type === MESSAGE.awareness) {
      const owned = ownAwarenessEntries(decoding.readVarUint8Array(decoder), ws, doc.conns, doc.awareness.clientID);
      if (owned.dropped.length > 0 && !warnedPresence.has(ws)) {
        warnedPresence.add(ws);
        log.warn(
          { doc: doc.name, clients: owned.dropped },
          "yjs awareness entries for another socket's clients dropped",
        );
      }
      if (owned.update) awarenessProtocol.applyAwarenessUpdate(doc.awareness, owned.update, ws);
    } else if (type === MESSAGE.queryAwareness) {
      sendFrame(ws, encodeAwareness(doc.awareness));
    }
    // MESSAGE.auth and unknown types are ignored, as y-websocket servers do.
  };

  /** Sockets already logged for sending someone else's presence (logged once each). */
  const warnedPresence = new WeakSet<WebSocket>();

  const detach = (doc: RelayDoc, ws: WebSocket) => {
    const conn = doc.conns.get(ws);
    keepalive.forget(ws);
    if (!conn) return;
    doc.conns.delete(ws);
    awarenessProtocol.removeAwarenessStates(doc.awareness, [...conn.controlled], null);
    if (doc.conns.size === 0 && !doc.idleTimer) {
      doc.idleTimer = setTimeout(() => unload(doc), idleUnloadMs);
      doc.idleTimer.unref?.();
    }
  };

  const keepalive = createKeepalive(options.pingIntervalMs ?? 30_000, options.maxMissedPongs ?? 3);

  return {
    maxFrameBytes,
    handleConnection(ws, docName, principal) {
      const doc = getDoc(docName);
      doc.conns.set(ws, { principal: principal.id, controlled: new Set() });
      keepalive.watch(ws);
      ws.binaryType = 'nodebuffer';
      ws.on('message', (data) => {
        keepalive.alive(ws);
        // Closing (shed, or its document dropped): nothing more is read from it.
        if (ws.readyState !== ws.OPEN || docs.get(docName) !== doc) return;
        const bytes = toBytes(data);
        if (bytes.byteLength > maxFrameBytes) {
          ws.close(SYNC_CLOSE.tooBig, 'frame too big');
          return;
        }
        try {
          onMessage(doc, ws, bytes);
        } catch (error) {
          log.warn({ err: error, doc: docName, principal: principal.id }, 'yjs message rejected');
          ws.close(SYNC_CLOSE.badMessage, 'bad yjs message');
        }
      });
      ws.on('close', () => detach(doc, ws));
      ws.on('error', (error) => log.warn({ err: error, doc: docName }, 'yjs socket error'));
      sendFrame(ws, encodeSyncStep1(doc.ydoc));
      if (doc.awareness.getStates().size > 0) sendFrame(ws, encodeAwareness(doc.awareness));
    },
    applyRemoteUpdate: (docName, update) =>
      new Promise<void>((resolve, reject) => {
        const done = (error?: unknown) => (error ? reject(error) : resolve());
        const doc = docs.get(docName);
        if (doc) return persistAndApply(doc, update, REMOTE_ORIGIN, done);
        // A document nobody here has open: validated and stored only; it is read from the store on its next connect.
        Y.decodeUpdate(update);
        persistence.write({ doc: docName, update, done });
      }),
    subscribeUpdates(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    loadedDocs: () => [...docs.keys()],
    compact: (docName) => persistence.compact(docName),
    erase(docName) {
      const doc = docs.get(docName);
      if (doc) {
        docs.delete(docName);
        closeDoc(doc, SYNC_CLOSE.docErased, 'document erased');
      }
      // Pending writes land first, so the delete below leaves nothing of them behind.
      if (persistence.pending(docName)) persistence.flush();
      persistence.forget(docName);
      options.store.remove(docName);
    },
    encodeState(docName) {
      const doc = docs.get(docName);
      return doc ? Y.encodeStateAsUpdate(doc.ydoc) : persistence.storedState(docName);
    },
    close() {
      keepalive.stop();
      persistence.flush();
      for (const doc of [...docs.values()]) {
        for (const ws of doc.conns.keys()) ws.terminate();
        doc.conns.clear();
        unload(doc);
      }
    },
  };
}
