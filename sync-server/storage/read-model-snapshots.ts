/**
 * Stored read-model snapshots (SPEC §8, issue 13 item 5): table `read_model_snapshots`,
 * one row per scope ('' = the global set, else a project id), replaced on each write.
 * Holds opaque JSON bodies: what they mean and whether one still fits is core's codec's
 * call (core/read-models/snapshot.ts), never this module's.
 */
import Database from 'better-sqlite3';
import type { ServerDb } from './db';

/** The scope of the global read-models (per-project sets use their project id). */
export const GLOBAL_SCOPE = '';

export interface StoredSnapshot {
  scope: string;
  /** The codec's format version the body was written with. */
  version: number;
  /** The last server_seq folded into the body. */
  position: number;
  /** ISO time the snapshot was taken. */
  taken: string;
  body: string;
}

export interface ReadModelSnapshots {
  /**
   * The scope's snapshot with its body as UTF-8 bytes, not decoded: reading a 2.6 MB body
   * as a string costs ~10 ms in one piece, as bytes ~2 ms, and its lines can then be
   * decoded one by one (replication/snapshot-text.ts).
   */
  load(scope: string): (Omit<StoredSnapshot, 'body'> & { body: Buffer }) | undefined;
  /** Replaces the scope's snapshot. */
  save(snapshot: StoredSnapshot): void;
  /** Deletes one scope's snapshot. */
  remove(scope: string): void;
  /** Deletes every snapshot (an erasure: SPEC §8); returns how many went. */
  clear(): number;
  /** The scopes that have a snapshot, with their positions (for tests and logs). */
  list(): { scope: string; version: number; position: number }[];
  /** Closes the writing connection (not the database it was made from). */
  close(): void;
}

/**
 * Snapshots over `db` (the table comes from storage/migrations.ts, version 2). For a file,
 * they are written through a second connection with `synchronous = OFF`: a snapshot of a
 * megabyte or two with a full fsync (and the checkpoint it may trigger) held the event loop
 * for 50-300 ms on a loaded disk, and a snapshot lost in a power cut is only rebuilt.
 */
export function createReadModelSnapshots(db: ServerDb): ReadModelSnapshots {
  const own = db.memory ? undefined : new Database(db.name);
  if (own !== undefined) {
    own.pragma('synchronous = OFF');
    own.pragma('busy_timeout = 5000');
  }
  return snapshotsOn(own ?? db, db, () => own?.close());
}

/** Writes through `db`; `durable` (the store's own connection) clears, so an erasure's invalidation is on disk with it. */
function snapshotsOn(db: ServerDb, durable: ServerDb, close: () => void): ReadModelSnapshots {
  const get = db.prepare<[string], Omit<StoredSnapshot, 'body'> & { body: Buffer }>(
    'SELECT scope, version, position, taken, CAST(body AS BLOB) AS body FROM read_model_snapshots WHERE scope = ?',
  );
  const put = db.prepare<[string, number, number, string, string]>(
    'INSERT OR REPLACE INTO read_model_snapshots (scope, version, position, taken, body) VALUES (?, ?, ?, ?, ?)',
  );
  const del = db.prepare<[string]>('DELETE FROM read_model_snapshots WHERE scope = ?');
  const delAll = durable.prepare('DELETE FROM read_model_snapshots');
  const all = db.prepare<[], { scope: string; version: number; position: number }>(
    'SELECT scope, version, position FROM read_model_snapshots ORDER BY scope',
  );
  return {
    load: (scope) => get.get(scope),
    save: ({ scope, version, position, taken, body }) => void put.run(scope, version, position, taken, body),
    remove: (scope) => void del.run(scope),
    clear: () => delAll.run().changes,
    list: () => all.all(),
    close,
  };
}
