import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { deleteAllData, isAppKey } from './delete-all';

function createDb(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onupgradeneeded = () => open.result.createObjectStore('rows');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

function memoryStorage(entries: Record<string, string>): Storage {
  const map = new Map(Object.entries(entries));
  return {
    get length() {
      return map.size;
    },
    key: (i: number) => [...map.keys()][i] ?? null,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
    clear: () => map.clear(),
  };
}

function fakeDirectory(names: string[], failing: string[] = []) {
  const entries = new Set(names);
  return {
    entries,
    async *keys() {
      yield* [...entries];
    },
    async removeEntry(name: string) {
      if (failing.includes(name)) throw new Error('NoModificationAllowedError');
      entries.delete(name);
    },
  };
}

describe('deleteAllData', () => {
  it('closes the app first, then deletes every database, cache, OPFS entry, app key and service worker', async () => {
    const open = await Promise.all(['arw-journal', 'arw-yjs:p1/thread/main', 'arw-journal-backup-v3'].map(createDb));
    const order: string[] = [];
    const cacheNames = new Set(['workbox-precache-v2', 'webllm/model']);
    const directory = fakeDirectory(['arw-models', 'arw-files']);
    const local = memoryStorage({ 'arw:device-actor': 'd1', 'arw.welcome': 'done', 'another-app': 'keep' });
    const session = memoryStorage({ 'arw:server-status': 'x' });
    let unregistered = 0;
    const report = await deleteAllData({
      closeApp: () => {
        order.push('close');
        for (const db of open) db.close();
      },
      indexedDB: {
        databases: () => {
          order.push('databases');
          return indexedDB.databases();
        },
        deleteDatabase: (name) => indexedDB.deleteDatabase(name),
      },
      caches: { keys: async () => [...cacheNames], delete: async (name) => cacheNames.delete(name) },
      directory: async () => directory,
      stores: [local, session, undefined],
      serviceWorker: {
        getRegistrations: async () => [{ unregister: async () => ++unregistered > 0 } as ServiceWorkerRegistration],
      },
    });
    expect(order).toEqual(['close', 'databases']);
    expect(report.errors).toEqual([]);
    expect(report.databases.sort()).toEqual(['arw-journal', 'arw-journal-backup-v3', 'arw-yjs:p1/thread/main']);
    expect(await indexedDB.databases()).toEqual([]);
    expect(cacheNames.size).toBe(0);
    expect(directory.entries.size).toBe(0);
    expect(local.getItem('another-app')).toBe('keep');
    expect(local.length).toBe(1);
    expect(session.length).toBe(0);
    expect(report).toMatchObject({
      caches: 2,
      fileEntries: 2,
      keys: 3,
      serviceWorkers: 1,
      waiting: [],
      afterReload: [],
    });
  });

  it('a connection that never closes is reported as waiting, not as an error, after the wait', async () => {
    const held = await createDb('arw-held');
    held.onversionchange = null; // an old tab that ignores versionchange
    const report = await deleteAllData({ closeApp: () => undefined, indexedDB, stores: [], blockedWaitMs: 50 });
    expect(report.waiting).toEqual(['arw-held']);
    expect(report.errors).toEqual([]);
    held.close();
  });

  it("does not wait for the service worker's own databases: they go once it stops after the reload", async () => {
    const held = await createDb('workbox-expiration');
    held.onversionchange = null;
    const started = Date.now();
    const report = await deleteAllData({ closeApp: () => undefined, indexedDB, stores: [], blockedWaitMs: 5000 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(report).toMatchObject({ afterReload: ['workbox-expiration'], waiting: [], errors: [] });
    held.close();
  });

  it('goes on past a failure and says what could not be deleted, in words', async () => {
    const directory = fakeDirectory(['arw-models', 'arw-files'], ['arw-models']);
    const report = await deleteAllData({
      closeApp: () => {
        throw new Error('sync would not stop');
      },
      caches: { keys: () => Promise.reject(new Error('caches are disabled')), delete: async () => false },
      directory: async () => directory,
      stores: [],
    });
    expect(report.errors).toEqual([
      'Could not delete the app’s open connections (closing them failed): sync would not stop.',
      'Could not delete the caches: caches are disabled.',
      'Could not delete the files in arw-models (a model download may be running: cancel it and try again): NoModificationAllowedError.',
    ]);
    expect([...directory.entries]).toEqual(['arw-models']);
    expect(report.fileEntries).toBe(1);
  });

  it("the app's keys are the ones starting with arw", () => {
    expect(isAppKey('arw:device-actor')).toBe(true);
    expect(isAppKey('arw.vault.lastExport')).toBe(true);
    expect(isAppKey('workbox')).toBe(false);
  });
});
