import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LIMITS, measureStores } from './storage-measure';

function openWith(name: string, rows: unknown[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onupgradeneeded = () => open.result.createObjectStore('events', { autoIncrement: true });
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('events', 'readwrite');
      for (const row of rows) tx.objectStore('events').add(row);
      tx.oncomplete = () => {
        open.result.close();
        resolve();
      };
    };
  });
}

/** Counts getAll calls and the rows they return, to prove the journal is never read whole. */
function countingFactory() {
  let rowsRead = 0;
  const original = IDBObjectStore.prototype.getAll;
  IDBObjectStore.prototype.getAll = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['getAll']>) {
    const request = original.apply(this, args);
    request.addEventListener('success', () => (rowsRead += (request.result as unknown[]).length));
    return request;
  };
  return { rowsRead: () => rowsRead, restore: () => (IDBObjectStore.prototype.getAll = original) };
}

describe('measureStores', () => {
  it('sizes each database from a bounded sample × its row count, reading at most the sample', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      id: `e${String(i).padStart(4, '0')}`,
      text: 'x'.repeat(90),
    }));
    await openWith('arw-journal-measure', rows);
    const counter = countingFactory();
    try {
      const { databases } = await measureStores({ indexedDB });
      const journal = databases.find((db) => db.name === 'arw-journal-measure')!;
      expect(journal.counts).toEqual({ events: 1000 });
      // Each row: 2 + 'id' 2 + 5 + 'text' 4 + 90 = 103 logical bytes.
      expect(journal.bytes).toBe(103_000);
      expect(journal.approximate).toBe(true);
      expect(counter.rowsRead()).toBeLessThanOrEqual(LIMITS.sample * databases.length);
    } finally {
      counter.restore();
    }
  });

  it('counts a large auto-increment store by its last key instead of walking every key', async () => {
    await openWith('arw-journal-large', [{ text: 'a' }, { text: 'b' }]);
    const db = await new Promise<IDBDatabase>((resolve) => {
      const open = indexedDB.open('arw-journal-large');
      open.onsuccess = () => resolve(open.result);
    });
    await new Promise<void>((resolve) => {
      const tx = db.transaction('events', 'readwrite');
      tx.objectStore('events').add({ text: 'c' }, LIMITS.exactCountUpTo + 5);
      tx.oncomplete = () => resolve();
    });
    db.close();
    let counted = 0;
    const original = IDBObjectStore.prototype.count;
    IDBObjectStore.prototype.count = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['count']>) {
      if (this.name === 'events' && this.transaction.db.name === 'arw-journal-large') counted++;
      return original.apply(this, args);
    };
    try {
      const { databases } = await measureStores({ indexedDB });
      expect(databases.find((d) => d.name === 'arw-journal-large')!.counts).toEqual({
        events: LIMITS.exactCountUpTo + 5,
      });
      expect(counted).toBe(0);
    } finally {
      IDBObjectStore.prototype.count = original;
    }
  });

  it('never creates a database it was told about but cannot find', async () => {
    const factory = {
      databases: async () => [{ name: 'vanished', version: 1 }],
      open: (name: string) => indexedDB.open(name),
    };
    const { databases } = await measureStores({ indexedDB: factory });
    expect(databases).toEqual([{ name: 'vanished', bytes: 0, counts: {}, approximate: true }]);
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain('vanished');
  });

  it('sums cache responses by their length and OPFS files by size', async () => {
    const entries = new Map([
      ['webllm/model', [new Response('a'.repeat(500)), new Response('b'.repeat(250))]],
      ['workbox-precache-v2', [new Response('c', { headers: { 'content-length': '4096' } })]],
    ]);
    const caches = {
      keys: async () => [...entries.keys()],
      open: async (name: string) => {
        const responses = entries.get(name)!;
        return {
          keys: async () => responses.map((_, i) => new Request(`http://x/${i}`)),
          match: async (req: Request) => responses[Number(new URL(req.url).pathname.slice(1))]!.clone(),
        } as unknown as Cache;
      },
    };
    const file = (name: string, size: number) => ({ kind: 'file', name, getFile: async () => ({ size }) });
    const dir = (name: string, children: unknown[]) => ({
      kind: 'directory',
      name,
      async *values() {
        yield* children;
      },
    });
    const locked = { kind: 'file', name: 'data.bin', getFile: () => Promise.reject(new Error('locked')) };
    const root = dir('', [
      dir('arw-models', [dir('k1', [file('data.bin', 10_000), file('meta.json', 100)]), dir('k2', [locked])]),
      dir('arw-files', [file('notes.md', 42)]),
    ]);
    const measured = await measureStores({ caches, directory: async () => root });
    expect(measured.caches).toEqual([
      { name: 'webllm/model', bytes: 750, approximate: false },
      { name: 'workbox-precache-v2', bytes: 4096, approximate: false },
    ]);
    expect(measured.files).toEqual([
      // The locked file (a download in progress) is skipped: the figure is then a lower bound.
      { name: 'arw-models', bytes: 10_100, approximate: true },
      { name: 'arw-files', bytes: 42, approximate: false },
    ]);
  });

  it('a browser without these APIs measures nothing and does not fail', async () => {
    expect(await measureStores({})).toEqual({ databases: [], caches: [], files: [] });
  });
});
