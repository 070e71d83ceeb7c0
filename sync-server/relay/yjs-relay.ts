/**
 * The Yjs relay (issue 3 item 1): the y-websocket protocol per document over ws sockets
 * that the caller has already authenticated. Persists every incoming update before
 * applying and relaying it, loads documents on first connect, compacts stored updates,
 * unloads idle documents, enforces a frame limit (close 1009) and keeps sockets alive.
 * What is live is what is stored: an update is applied all or nothing. Sockets that stop
 * reading are shed (backpressure.ts); presence is kept per socket (presence.ts).
 */
import type { RawData, WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { SYNC_CLOSE } from '../../spec';
import { createFrameSender } from './backpressure';
import { createKeepalive } from './keepalive';
import { encodeAwareness, encodeSyncStep1, encodeSyncStep2, mergeUpdatesTree, MESSAGE, SYNC_STEP } from './messages';
import { ownAwarenessEntries } from './presence';
import { loadRelayDoc, REMOTE_ORIGIN, type RelayDoc } from './relay-doc';
import type { UpdateListener, UpdateOrigin, YjsRelay, YjsRelayOptions } from './types';

export type { RelayLog, RelayPrincipal, UpdateListener, UpdateOrigin, YjsRelay, YjsRelayOptions } from './types';

const toBytes = (data: RawData): Uint8Array =>
  Array.isArray(data) ? new Uint8Array(Buffer.concat(data)) : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** Builds a relay over `store`. Nothing is global: several relays may share a process. */
export function createYjsRelay(options: YjsRelayOptions): YjsRelay {
  const { store, log } = options;
  const idleUnloadMs = options.idleUnloadMs ?? 60_000;
  const maxFrameBytes = options.maxFrameBytes ?? 16 * 1024 * 1024;
  const compactEvery = options.compactEvery ?? 500;
  const maxBufferedBytes = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  const sendFrame = createFrameSender({
    maxBufferedBytes,
    onShed: (ws, bufferedBytes) => {
      const doc = [...docs.values()].find((candidate) => candidate.conns.has(ws));
      log.warn({ doc: doc?.name, principal: doc?.conns.get(ws)?.principal, bufferedBytes, maxBufferedBytes }, 'yjs socket stopped reading; closed (slow consumer)');
    },
  });
  const docs = new Map<string, RelayDoc>();
  /** Remote updates for documents not in memory: rows since their last compaction, and this tick's batch. */
  const unloadedAppends = new Map<string, number>();
  let unloadedBatch: Array<{ name: string; update: Uint8Array; done: (error?: unknown) => void }> = [];
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

  const compactLoaded = (doc: RelayDoc) => {
    if (doc.appendsSinceCompact <= 1) return;
    const state = Y.encodeStateAsUpdate(doc.ydoc);
    store.compact(doc.name, state);
    doc.appendsSinceCompact = 1;
    doc.bytesSinceCompact = 0;
    doc.compactedBytes = state.byteLength;
  };

  const getDoc = (name: string): RelayDoc => {
    let doc = docs.get(name);
    if (!doc) {
      // Remote updates still waiting for their commit must be in the store before loading.
      if (unloadedBatch.some((item) => item.name === name)) flushUnloaded();
      unloadedAppends.delete(name);
      const loaded = loadRelayDoc(name, store, sendFrame, (update, origin) => notify(name, update, origin));
      docs.set(name, loaded);
      doc = loaded;
    }
    if (doc.idleTimer) clearTimeout(doc.idleTimer);
    doc.idleTimer = undefined;
    return doc;
  };

  const unload = (doc: RelayDoc) => {
    if (doc.conns.size > 0 || docs.get(doc.name) !== doc) return;
    try {
      compactLoaded(doc);
    } catch (error) {
      log.error({ err: error, doc: doc.name }, 'yjs compaction failed on unload');
    }
    docs.delete(doc.name);
    doc.destroy();
  };

  /**
   * Drops a document from memory and closes its sockets (except `keep`, which the caller
   * closes with its own code): they reconnect and resync, and the next connect reloads
   * the document from the store.
   */
  const dropDoc = (doc: RelayDoc, code: number, reason: string, keep?: unknown) => {
    if (docs.get(doc.name) !== doc) return;
    for (const ws of doc.conns.keys()) if (ws !== keep) ws.close(code, reason);
    doc.conns.clear();
    docs.delete(doc.name);
    doc.destroy();
  };

  /** Updates applied this tick whose bytes are not on disk yet (group commit). */
  let batch: Array<{ doc: RelayDoc; update: Uint8Array; held: Array<[Uint8Array, UpdateOrigin]>; done?: (error?: unknown) => void }> = [];

  /**
   * Writes the tick's updates in one transaction, then relays what they changed. If the
   * write fails, the affected documents are dropped from memory and their sockets closed:
   * clients resend on reconnect (sync step 2), so nothing unpersisted is ever relayed.
   */
  const flush = () => {
    const items = batch;
    batch = [];
    if (items.length === 0) return;
    try {
      store.appendMany(items.map((item) => [item.doc.name, item.update] as const));
    } catch (error) {
      log.error({ err: error }, 'yjs persist failed; dropping affected documents from memory');
      for (const doc of new Set(items.map((item) => item.doc))) dropDoc(doc, 1011, 'storage failure');
      for (const item of items) item.done?.(error);
      return;
    }
    // One merged frame per document and origin per commit: far fewer socket writes and NATS messages.
    const changes = new Map<RelayDoc, Record<UpdateOrigin, Uint8Array[]>>();
    for (const item of items) {
      item.doc.appendsSinceCompact += 1;
      item.doc.bytesSinceCompact += item.update.byteLength;
      let perOrigin = changes.get(item.doc);
      if (!perOrigin) changes.set(item.doc, (perOrigin = { client: [], remote: [] }));
      for (const [change, from] of item.held) perOrigin[from].push(change);
    }
    for (const [doc, perOrigin] of changes) {
      for (const from of ['client', 'remote'] as const) {
        const list = perOrigin[from];
        if (list.length > 0) doc.relay(mergeUpdatesTree(list), from);
      }
      // Amortized: a compaction (cost ~ state size) only after at least that many bytes were appended.
      if (doc.appendsSinceCompact >= compactEvery && doc.bytesSinceCompact >= doc.compactedBytes && docs.get(doc.name) === doc) compactLoaded(doc);
    }
    for (const item of items) item.done?.();
  };

  /**
   * Applies with relaying held back; the raw bytes (pending structs included) are stored
   * in this tick's group commit and only then relayed. A malformed update throws and is
   * never stored, and nothing of it stays live: applyUpdate integrates the structs
   * before it reads the delete set, so the whole update is decoded first; if integration
   * still throws halfway, the document is reloaded from the store.
   */
  const persistAndApply = (doc: RelayDoc, update: Uint8Array, origin: unknown, done?: (error?: unknown) => void) => {
    Y.decodeUpdate(update);
    const held: Array<[Uint8Array, UpdateOrigin]> = [];
    doc.held = held;
    try {
      Y.applyUpdate(doc.ydoc, update, origin);
    } catch (error) {
      doc.held = undefined;
      log.warn({ err: error, doc: doc.name }, 'yjs update failed halfway; reloading the document from the store');
      // This tick's earlier updates are live but not yet stored: store them before the drop.
      flush();
      dropDoc(doc, SYNC_CLOSE.docReloaded, 'document reloaded', origin);
      throw error;
    } finally {
      doc.held = undefined;
    }
    if (batch.length === 0) setImmediate(flush);
    batch.push({ doc, update, held, ...(done ? { done } : {}) });
  };

  /** A remote update for a document nobody here has open: store only (batched), compact now and then. */
  const appendUnloaded = (name: string, update: Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      Y.decodeUpdate(update);
      if (unloadedBatch.length === 0) setImmediate(flushUnloaded);
      unloadedBatch.push({ name, update, done: (error) => (error ? reject(error) : resolve()) });
    });
  const flushUnloaded = () => {
    const items = unloadedBatch;
    unloadedBatch = [];
    try {
      store.appendMany(items.map((item) => [item.name, item.update] as const));
    } catch (error) {
      for (const item of items) item.done(error);
      return;
    }
    for (const item of items) item.done();
    for (const name of new Set(items.map((item) => item.name))) {
      const count = (unloadedAppends.get(name) ?? 0) + items.filter((item) => item.name === name).length;
      unloadedAppends.set(name, count);
      if (count >= compactEvery && !docs.has(name)) {
        store.compact(name);
        unloadedAppends.delete(name);
      }
    }
  };

  const onMessage = (doc: RelayDoc, ws: WebSocket, bytes: Uint8Array) => {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE.sync) {
      const step = decoding.readVarUint(decoder);
      if (step === SYNC_STEP.step1) sendFrame(ws, encodeSyncStep2(doc.ydoc, decoding.readVarUint8Array(decoder)));
      else if (step === SYNC_STEP.step2 || step === SYNC_STEP.update) persistAndApply(doc, decoding.readVarUint8Array(decoder), ws);
      else throw new Error(`unknown sync step ${step}`);
    } else if (type === MESSAGE.awareness) {
      const owned = ownAwarenessEntries(decoding.readVarUint8Array(decoder), ws, doc.conns, doc.awareness.clientID);
      if (owned.dropped.length > 0 && !warnedPresence.has(ws)) {
        warnedPresence.add(ws);
        log.warn({ doc: doc.name, clients: owned.dropped }, 'yjs awareness entries for another socket\'s clients dropped');
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
    applyRemoteUpdate(docName, update) {
      const doc = docs.get(docName);
      if (!doc) return appendUnloaded(docName, update);
      return new Promise<void>((resolve, reject) => persistAndApply(doc, update, REMOTE_ORIGIN, (error) => (error ? reject(error) : resolve())));
    },
    subscribeUpdates(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    loadedDocs: () => [...docs.keys()],
    compact(docName) {
      const doc = docs.get(docName);
      if (doc) compactLoaded(doc);
      else store.compact(docName);
    },
    encodeState(docName) {
      const doc = docs.get(docName);
      if (doc) return Y.encodeStateAsUpdate(doc.ydoc);
      const rows = store.load(docName);
      return rows.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : Y.mergeUpdates(rows);
    },
    close() {
      keepalive.stop();
      if (batch.length > 0) flush();
      if (unloadedBatch.length > 0) flushUnloaded();
      for (const doc of [...docs.values()]) {
        for (const ws of doc.conns.keys()) ws.terminate();
        doc.conns.clear();
        unload(doc);
      }
    },
  };
}
