/**
 * The baseline for the journal benchmark: plain IndexedDB with the same object store
 * layout and indexes as the journal's current schema, written with `add` in one
 * strict-durability transaction per batch. No validation, no Dexie, no notifications.
 */
import type { EventEnvelope } from '../../spec';

/** The journal's `events` store (schema v2) spelled out for raw IndexedDB. */
const INDEXES: readonly { name: string; keyPath: string | string[]; unique?: boolean }[] = [
  { name: 'id', keyPath: 'id', unique: true },
  { name: 'time', keyPath: 'time' },
  { name: '[kind+seq]', keyPath: ['kind', 'seq'] },
  { name: '[corr_id+seq]', keyPath: ['corr_id', 'seq'] },
  { name: '[project_id+seq]', keyPath: ['project_id', 'seq'] },
];

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Opens (creating) a raw database named `name` with the journal's layout. */
export function openRawDb(name: string): Promise<IDBDatabase> {
  const req = indexedDB.open(name, 1);
  req.onupgradeneeded = () => {
    const store = req.result.createObjectStore('events', { keyPath: 'seq', autoIncrement: true });
    for (const index of INDEXES) store.createIndex(index.name, index.keyPath, { unique: index.unique ?? false });
    req.result.createObjectStore('meta', { keyPath: 'key' });
  };
  return request(req);
}

/** Adds `rows` in one strict transaction; resolves when it has committed. */
export function rawAddBatch(db: IDBDatabase, rows: readonly EventEnvelope[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction('events', 'readwrite', { durability: 'strict' });
    const store = tx.objectStore('events');
    for (const row of rows) store.add(row);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** Deletes a database, waiting for it to be gone. */
export function deleteDb(name: string): Promise<void> {
  return request(indexedDB.deleteDatabase(name)).then(() => undefined);
}
