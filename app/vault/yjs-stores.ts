/**
 * The Yjs documents this device keeps, for the vault: one IndexedDB database per
 * document (`arw-yjs:<doc name>`, app/collab/doc-names.ts). Export reads a document's
 * stored updates without opening a Y.Doc or writing a row; import merges an update
 * into the stored document through y-indexeddb (app/collab/local-store.ts), so a
 * document open in a tab gets it on its next load.
 */
import * as Y from 'yjs';
import { localDbName } from '../collab/doc-names';
import { compactLocal, openLocalStore } from '../collab/local-store';

const PREFIX = localDbName('');
const UPDATES = 'updates';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** Names of every stored document, sorted. */
export async function storedDocNames(factory: IDBFactory = indexedDB): Promise<string[]> {
  const databases = await factory.databases();
  return databases
    .map((info) => info.name ?? '')
    .filter((name) => name.startsWith(PREFIX))
    .map((name) => name.slice(PREFIX.length))
    .sort();
}

/** The stored document as one update (`Y.mergeUpdates` of its rows; an empty doc's when none). */
export async function storedDocState(name: string, factory: IDBFactory = indexedDB): Promise<Uint8Array> {
  const open = factory.open(localDbName(name));
  // Listed by databases() moments ago; if it vanished, do not create it with no stores.
  open.onupgradeneeded = () => open.transaction?.abort();
  const db = await request(open).catch(() => undefined);
  if (!db) return Y.encodeStateAsUpdate(new Y.Doc());
  try {
    if (!db.objectStoreNames.contains(UPDATES)) return Y.encodeStateAsUpdate(new Y.Doc());
    const rows = (await request(db.transaction([UPDATES], 'readonly').objectStore(UPDATES).getAll())) as Uint8Array[];
    return rows.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : Y.mergeUpdates(rows);
  } finally {
    db.close();
  }
}

/** Applies `update` to the stored document `name` (created when absent) and stores the merged state. */
export async function mergeIntoStoredDoc(name: string, update: Uint8Array): Promise<void> {
  const doc = new Y.Doc();
  const store = openLocalStore(localDbName(name), doc);
  try {
    await store.loaded;
    Y.applyUpdate(doc, update);
    // One row with the merged state, written in order after y-indexeddb's own row for the update.
    await compactLocal(store.persistence, 0);
  } finally {
    await store.destroy();
    doc.destroy();
  }
}
