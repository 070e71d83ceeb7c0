/**
 * Durable Yjs updates in the server database: table `yjs_updates (seq, doc, update)`.
 * Every write is a committed SQLite transaction (WAL, synchronous=FULL) before the call
 * returns, so the relay can acknowledge or relay an update only after it is on disk.
 * Knows nothing about sockets or Y.Doc instances; merging is done with Y.mergeUpdates.
 */
import * as Y from 'yjs';
import type { ServerDb } from './db';

/** The relay's view of its storage (an in-memory or SQLite implementation). */
export interface YjsStore {
  /** Appends one update durably; returns its sequence number. */
  append(doc: string, update: Uint8Array): number;
  /** Appends several updates (any documents) in one durable transaction (group commit). */
  appendMany(rows: ReadonlyArray<readonly [doc: string, update: Uint8Array]>): void;
  /** Every stored update of `doc`, oldest first. */
  load(doc: string): Uint8Array[];
  /** Number of stored rows for `doc`. */
  count(doc: string): number;
  /**
   * Replaces every row of `doc` up to and including `uptoSeq` (default: all) by `merged`
   * (default: Y.mergeUpdates of those rows), in one transaction.
   */
  compact(doc: string, merged?: Uint8Array, uptoSeq?: number): void;
  /** Names of every stored document. */
  docs(): string[];
  /** Deletes every stored row of `doc` (its conversation was erased, SPEC §7); returns how many. */
  remove(doc: string): number;
}

/** A store over `db` (its table comes from storage/migrations.ts). */
export function createYjsStore(db: ServerDb): YjsStore {
  const insert = db.prepare<[string, Uint8Array]>('INSERT INTO yjs_updates (doc, update_blob) VALUES (?, ?)');
  const insertAt = db.prepare<[number, string, Uint8Array]>(
    'INSERT INTO yjs_updates (seq, doc, update_blob) VALUES (?, ?, ?)',
  );
  const select = db.prepare<[string], { seq: number; update_blob: Buffer }>(
    'SELECT seq, update_blob FROM yjs_updates WHERE doc = ? ORDER BY seq',
  );
  const counter = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM yjs_updates WHERE doc = ?');
  const maxSeq = db.prepare<[string], { m: number | null }>('SELECT MAX(seq) AS m FROM yjs_updates WHERE doc = ?');
  const remove = db.prepare<[string, number]>('DELETE FROM yjs_updates WHERE doc = ? AND seq <= ?');
  const removeAll = db.prepare<[string]>('DELETE FROM yjs_updates WHERE doc = ?');
  const listDocs = db.prepare<[], { doc: string }>('SELECT DISTINCT doc FROM yjs_updates ORDER BY doc');
  const selectUpTo = db.prepare<[string, number], { update_blob: Buffer }>(
    'SELECT update_blob FROM yjs_updates WHERE doc = ? AND seq <= ? ORDER BY seq',
  );

  const compact = db.transaction((doc: string, merged: Uint8Array | undefined, uptoSeq: number | undefined) => {
    const upto = uptoSeq ?? maxSeq.get(doc)?.m ?? null;
    if (upto === null) return;
    let state = merged;
    if (state === undefined) {
      const rows = selectUpTo.all(doc, upto).map((row) => new Uint8Array(row.update_blob));
      if (rows.length <= 1) return;
      state = Y.mergeUpdates(rows);
    }
    remove.run(doc, upto);
    // Reusing the highest replaced seq keeps later rows after the merged one.
    insertAt.run(upto, doc, state);
  });

  const appendMany = db.transaction((rows: ReadonlyArray<readonly [string, Uint8Array]>) => {
    for (const [doc, update] of rows) insert.run(doc, update);
  });

  return {
    append: (doc, update) => Number(insert.run(doc, update).lastInsertRowid),
    appendMany: (rows) => appendMany(rows),
    load: (doc) => select.all(doc).map((row) => new Uint8Array(row.update_blob)),
    count: (doc) => counter.get(doc)?.n ?? 0,
    compact: (doc, merged, uptoSeq) => compact(doc, merged, uptoSeq),
    docs: () => listDocs.all().map((row) => row.doc),
    remove: (doc) => removeAll.run(doc).changes,
  };
}
