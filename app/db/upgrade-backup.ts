/**
 * The browser half of the upgrade safety net (SPEC §8). IndexedDB already undoes an
 * upgrade that throws (its versionchange transaction aborts); what it cannot undo is an
 * upgrade that completes with wrong data. So before an upgrade that touches data, the
 * stores it declares (`SchemaVersion.touches`) are copied as they are into the database
 * `<name>-backup-v<installed>`, kept until the next successful open. Raw IndexedDB, in
 * chunks, so a large journal is never held in memory at once.
 */
import type { SchemaVersion } from './schema';

const CHUNK = 1000;

/** The name of the copy of `name` made before upgrading from `version`. */
export const backupNameOf = (name: string, version: number) => `${name}-backup-v${version}`;

/** The stores the upgrades after `installed` (up to the last of `versions`) declare they touch. */
export function touchedStores(versions: readonly SchemaVersion[], installed: number): string[] {
  const stores = new Set<string>();
  for (const entry of versions)
    if (entry.version > installed) for (const store of entry.touches ?? []) stores.add(store);
  return [...stores];
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('the backup transaction was aborted'));
  });
}

function openRaw(name: string, version?: number, onUpgrade?: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  const req = version === undefined ? indexedDB.open(name) : indexedDB.open(name, version);
  if (onUpgrade) req.onupgradeneeded = () => onUpgrade(req.result);
  return request(req);
}

/** Up to CHUNK rows of `store` after `after` (primary keys), with their keys. */
async function readChunk(db: IDBDatabase, store: string, after: IDBValidKey | undefined) {
  const source = db.transaction(store, 'readonly').objectStore(store);
  const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
  const [keys, values] = await Promise.all([
    request(source.getAllKeys(range, CHUNK)),
    request(source.getAll(range, CHUNK)),
  ]);
  return { keys, values };
}

/**
 * Copies `stores` of `name` (at its installed version, not upgraded) into a fresh backup
 * database; returns its name. An existing backup of the same version is replaced.
 */
export async function backupStores(name: string, installed: number, stores: readonly string[]): Promise<string> {
  const backup = backupNameOf(name, installed);
  await request(indexedDB.deleteDatabase(backup));
  const source = await openRaw(name);
  try {
    const present = stores.filter((store) => source.objectStoreNames.contains(store));
    const shapes = present.map((store) => {
      const os = source.transaction(store, 'readonly').objectStore(store);
      return { store, keyPath: os.keyPath, autoIncrement: os.autoIncrement };
    });
    const target = await openRaw(backup, 1, (db) => {
      for (const shape of shapes)
        db.createObjectStore(shape.store, { keyPath: shape.keyPath, autoIncrement: shape.autoIncrement });
    });
    try {
      for (const shape of shapes) {
        let after: IDBValidKey | undefined;
        for (;;) {
          const { keys, values } = await readChunk(source, shape.store, after);
          if (keys.length === 0) break;
          const tx = target.transaction(shape.store, 'readwrite');
          const os = tx.objectStore(shape.store);
          values.forEach((value, i) => (shape.keyPath === null ? os.put(value, keys[i]) : os.put(value)));
          await done(tx);
          after = keys[keys.length - 1];
        }
      }
    } finally {
      target.close();
    }
  } finally {
    source.close();
  }
  return backup;
}

/** Deletes every upgrade backup of `name` except `keep` (the one this open made). */
export async function dropBackups(name: string, keep?: string): Promise<string[]> {
  if (typeof indexedDB.databases !== 'function') return [];
  const prefix = `${name}-backup-v`;
  const names = (await indexedDB.databases())
    .map((info) => info.name ?? '')
    .filter((found) => found.startsWith(prefix) && /^\d+$/.test(found.slice(prefix.length)) && found !== keep);
  for (const found of names) await request(indexedDB.deleteDatabase(found));
  return names;
}
