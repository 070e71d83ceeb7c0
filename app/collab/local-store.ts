/**
 * A document's copy on this device: y-indexeddb persistence (one database per
 * document) plus compaction on load. y-indexeddb appends one row per update and one
 * more on every load, and merges only past 500 rows when a later edit arrives; so a
 * device that mostly reads would grow its store on every page load. After loading we
 * fold every row into one snapshot, in one transaction.
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';

const UPDATES = 'updates';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * Replaces every stored update of `persistence` with one encoded state when more than
 * `keep` rows are stored. Rows written by other tabs since load are applied first, so
 * nothing is dropped. Returns the row count before and after.
 */
export async function compactLocal(
  persistence: IndexeddbPersistence,
  keep = 1,
): Promise<{ before: number; after: number }> {
  const db = persistence.db ?? (await persistence._db);
  const store = db.transaction([UPDATES], 'readwrite').objectStore(UPDATES);
  const before = await request(store.count());
  if (before <= keep || persistence._destroyed) return { before, after: before };
  const newer = await request(store.getAll(IDBKeyRange.lowerBound(persistence._dbref)));
  // Origin = the persistence, so y-indexeddb does not store these rows a second time.
  Y.transact(
    persistence.doc,
    () => newer.forEach((update: Uint8Array) => Y.applyUpdate(persistence.doc, update)),
    persistence,
    false,
  );
  const key = (await request(store.add(Y.encodeStateAsUpdate(persistence.doc)))) as number;
  await request(store.delete(IDBKeyRange.upperBound(key, true)));
  persistence._dbref = key + 1;
  persistence._dbsize = 1;
  return { before, after: 1 };
}

/** How many update rows a document's database holds (for tests and the console). */
export async function storedRows(persistence: IndexeddbPersistence): Promise<number> {
  const db = persistence.db ?? (await persistence._db);
  return request(db.transaction([UPDATES], 'readonly').objectStore(UPDATES).count());
}

export interface LocalStore {
  persistence: IndexeddbPersistence;
  /** Resolves once the stored document is applied (and compacted). */
  loaded: Promise<void>;
  destroy(): Promise<void>;
}

/** Opens the database `name` for `doc`, loads it, then compacts it. */
export function openLocalStore(name: string, doc: Y.Doc): LocalStore {
  const persistence = new IndexeddbPersistence(name, doc);
  const loaded = persistence.whenSynced.then(() => compactLocal(persistence)).then(() => undefined);
  return { persistence, loaded, destroy: () => persistence.destroy() };
}
