/**
 * The relay's persistence (spec/relay.md R6, R11): every update the relay accepts, for a
 * document in memory or not, joins one group commit per tick (one store transaction), and
 * what it changed is relayed only once that commit returned. Also owns reading documents
 * from the store and the compaction bookkeeping. Knows nothing about sockets or messages.
 */
import * as Y from 'yjs';
import type { YjsStore } from '../storage/yjs-store';
import type { YjsRelayOptions } from './types';

export interface PersistenceOptions<H> {
  store: YjsStore;
  log: YjsRelayOptions['log'];
  /** Compact a document after this many rows (and once at least its last compacted size was appended). */
  compactEvery: number;
  /** The document as it is in memory, when it is; compaction then writes its state instead of merging rows. */
  liveDoc(doc: string): Y.Doc | undefined;
  /** After a commit: relays what the committed updates of `doc` changed (their `held`, in order). */
  relay(doc: string, held: H[]): void;
  /** After a failed commit: the documents it held updates of; none of them was stored. */
  failed(docs: string[], error: unknown): void;
}

export interface PendingWrite<H> {
  doc: string;
  update: Uint8Array;
  /** What to relay once the update is stored (nothing for a document not in memory). */
  held?: H;
  /** Called once committed (after the relay), or with the store's error. */
  done?: (error?: unknown) => void;
}

export interface RelayPersistence<H> {
  /** Adds an update to this tick's group commit, which runs on the next turn of the event loop (or at `flush`). */
  write(write: PendingWrite<H>): void;
  /** Commits what is pending now. */
  flush(): void;
  /** True while `doc` has updates waiting for their commit. */
  pending(doc: string): boolean;
  /** Every stored update of `doc`, oldest first; its bookkeeping restarts from them (a load). */
  load(doc: string): Uint8Array[];
  /** The stored state of `doc` as one update (an empty document's when nothing is stored). */
  storedState(doc: string): Uint8Array;
  /** Compacts `doc` now: from its live state when in memory, else by merging its rows; throws on store failure. */
  compact(doc: string): void;
  /** Drops the bookkeeping of a document that left memory. */
  forget(doc: string): void;
}

/** Rows and bytes appended since the document's last compaction, and the size of that compacted state. */
interface Book {
  rows: number;
  bytes: number;
  compactedBytes: number;
}

export function createRelayPersistence<H>(options: PersistenceOptions<H>): RelayPersistence<H> {
  const { store, log, compactEvery } = options;
  const books = new Map<string, Book>();
  let batch: PendingWrite<H>[] = [];
  const pendingDocs = new Set<string>();

  const compact = (doc: string) => {
    const ydoc = options.liveDoc(doc);
    if (ydoc === undefined) {
      store.compact(doc);
      books.delete(doc);
      return;
    }
    // A loaded document's book counts every row since its load: one row is compact already.
    const book = books.get(doc);
    if (book !== undefined && book.rows <= 1) return;
    const state = Y.encodeStateAsUpdate(ydoc);
    store.compact(doc, state);
    books.set(doc, { rows: 1, bytes: 0, compactedBytes: state.byteLength });
  };

  /** Books a commit of `writes` to `doc` and compacts when due (cost ~ state size, so only after as many bytes). */
  const booked = (doc: string, writes: readonly PendingWrite<H>[]) => {
    const book = books.get(doc) ?? { rows: 0, bytes: 0, compactedBytes: 0 };
    books.set(doc, book);
    book.rows += writes.length;
    for (const write of writes) book.bytes += write.update.byteLength;
    if (book.rows < compactEvery || book.bytes < book.compactedBytes) return;
    try {
      compact(doc);
    } catch (error) {
      // Every update is stored already; only the merge is put off to a later commit.
      log.error({ err: error, doc }, 'yjs compaction failed');
    }
  };

  const flush = () => {
    const items = batch;
    batch = [];
    pendingDocs.clear();
    if (items.length === 0) return;
    try {
      store.appendMany(items.map((item) => [item.doc, item.update] as const));
    } catch (error) {
      log.error({ err: error, updates: items.length }, 'yjs persist failed; dropping affected documents from memory');
      options.failed([...new Set(items.map((item) => item.doc))], error);
      for (const item of items) item.done?.(error);
      return;
    }
    const byDoc = new Map<string, PendingWrite<H>[]>();
    for (const item of items) {
      const writes = byDoc.get(item.doc);
      if (writes) writes.push(item);
      else byDoc.set(item.doc, [item]);
    }
    for (const [doc, writes] of byDoc) {
      const held = writes.flatMap((write) => (write.held === undefined ? [] : [write.held]));
      if (held.length > 0) options.relay(doc, held);
      booked(doc, writes);
    }
    for (const item of items) item.done?.();
  };

  return {
    write(write) {
      if (batch.length === 0) setImmediate(flush);
      batch.push(write);
      pendingDocs.add(write.doc);
    },
    flush,
    pending: (doc) => pendingDocs.has(doc),
    load(doc) {
      const rows = store.load(doc);
      const bytes = rows.reduce((sum, row) => sum + row.byteLength, 0);
      books.set(doc, { rows: rows.length, bytes, compactedBytes: 0 });
      return rows;
    },
    storedState(doc) {
      const rows = store.load(doc);
      return rows.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : Y.mergeUpdates(rows);
    },
    compact,
    forget: (doc) => void books.delete(doc),
  };
}
