/**
 * Measures this origin's stores for Settings → Data, on demand and at a bounded cost:
 * each IndexedDB database is sized from its first SAMPLE rows per object store × the
 * store's row count (never a full read: the journal may hold a million events), caches
 * from their responses' sizes (up to MAX_CACHE_ENTRIES each), OPFS from file sizes (up
 * to MAX_FILES). Opens nothing that does not exist and writes nothing.
 */
import {
  approxValueSize,
  extrapolate,
  type MeasuredDatabase,
  type MeasuredEntry,
  type MeasuredStores,
} from './storage-breakdown';

export const LIMITS = { sample: 50, databases: 200, cacheEntries: 200, files: 2000, exactCountUpTo: 100_000 };

/** What measuring needs from the browser; every part is optional (not every browser has it). */
export interface MeasureDeps {
  indexedDB?: Pick<IDBFactory, 'open' | 'databases'>;
  caches?: Pick<CacheStorage, 'keys' | 'open'>;
  directory?: () => Promise<unknown>;
}

/** The async-iterable part of a directory handle (absent from the DOM lib the app compiles against). */
interface DirectoryLike {
  kind: 'directory';
  name: string;
  values(): AsyncIterable<DirectoryLike | FileLike>;
}
interface FileLike {
  kind: 'file';
  name: string;
  getFile(): Promise<{ size: number }>;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function openExisting(factory: Pick<IDBFactory, 'open'>, name: string): Promise<IDBDatabase | undefined> {
  const open = factory.open(name);
  // Listed by databases() a moment ago; if it vanished since, do not create it.
  open.onupgradeneeded = () => open.transaction?.abort();
  return request(open).then(
    (db) => {
      // Never hold up another tab's upgrade or a deletion.
      db.onversionchange = () => db.close();
      return db;
    },
    () => undefined,
  );
}

/**
 * Rows in `store`. count() walks every key, which at a million events takes seconds; a
 * store keyed by an auto-increment number whose last key is past `exactCountUpTo` is
 * counted by that key instead (an upper bound: erased rows leave gaps).
 */
async function rowCount(store: IDBObjectStore): Promise<number> {
  const last = await request(store.openKeyCursor(null, 'prev'));
  const key = last?.key;
  if (store.autoIncrement && typeof key === 'number' && key > LIMITS.exactCountUpTo) return key;
  return request(store.count());
}

async function measureDatabase(factory: Pick<IDBFactory, 'open'>, name: string): Promise<MeasuredDatabase> {
  const db = await openExisting(factory, name);
  const counts: Record<string, number> = {};
  if (!db) return { name, bytes: 0, counts, approximate: true };
  try {
    const names = [...db.objectStoreNames];
    if (names.length === 0) return { name, bytes: 0, counts, approximate: true };
    const tx = db.transaction(names, 'readonly');
    let bytes = 0;
    await Promise.all(
      names.map(async (storeName) => {
        const store = tx.objectStore(storeName);
        const [count, sample] = await Promise.all([
          rowCount(store),
          request(store.getAll(null, LIMITS.sample)) as Promise<unknown[]>,
        ]);
        counts[storeName] = count;
        const sampled = sample.reduce((sum: number, value) => sum + approxValueSize(value), 0);
        bytes += extrapolate(sampled, sample.length, count);
      }),
    );
    return { name, bytes, counts, approximate: true };
  } finally {
    db.close();
  }
}

async function measureDatabases(factory: MeasureDeps['indexedDB']): Promise<MeasuredDatabase[]> {
  if (!factory || typeof factory.databases !== 'function') return [];
  const names = (await factory.databases()).map((info) => info.name ?? '').filter(Boolean);
  const out: MeasuredDatabase[] = [];
  for (const name of names.slice(0, LIMITS.databases)) out.push(await measureDatabase(factory, name));
  // Past the bound (hundreds of documents): the average of those measured, marked as an estimate.
  const average = out.length ? out.reduce((sum, db) => sum + db.bytes, 0) / out.length : 0;
  for (const name of names.slice(LIMITS.databases))
    out.push({ name, bytes: Math.round(average), counts: {}, approximate: true });
  return out;
}

async function responseSize(response: Response | undefined): Promise<number> {
  if (!response) return 0;
  const length = Number(response.headers.get('content-length'));
  if (Number.isFinite(length) && length > 0) return length;
  // A blob of a cached body is a handle to the stored bytes, not a copy in memory.
  return (await response.blob()).size;
}

async function measureCaches(storage: MeasureDeps['caches']): Promise<MeasuredEntry[]> {
  if (!storage) return [];
  const out: MeasuredEntry[] = [];
  for (const name of await storage.keys()) {
    const cache = await storage.open(name);
    const requests = await cache.keys();
    const sampled = requests.slice(0, LIMITS.cacheEntries);
    let bytes = 0;
    for (const req of sampled)
      bytes += await cache
        .match(req)
        .then(responseSize)
        .catch(() => 0);
    const approximate = sampled.length < requests.length;
    out.push({ name, bytes: approximate ? extrapolate(bytes, sampled.length, requests.length) : bytes, approximate });
  }
  return out;
}

async function measureFiles(directory: MeasureDeps['directory']): Promise<MeasuredEntry[]> {
  if (!directory) return [];
  const root = (await directory().catch(() => undefined)) as DirectoryLike | undefined;
  if (!root || typeof root.values !== 'function') return [];
  let budget = LIMITS.files;
  const walk = async (entry: DirectoryLike | FileLike): Promise<{ bytes: number; complete: boolean }> => {
    if (budget <= 0) return { bytes: 0, complete: false };
    if (entry.kind === 'file') {
      budget--;
      // A file a worker is writing through a sync access handle cannot be read now.
      const file = await entry.getFile().catch(() => undefined);
      return { bytes: file?.size ?? 0, complete: file !== undefined };
    }
    let bytes = 0;
    let complete = true;
    for await (const child of entry.values()) {
      const sized = await walk(child);
      bytes += sized.bytes;
      complete &&= sized.complete;
    }
    return { bytes, complete };
  };
  const out: MeasuredEntry[] = [];
  for await (const entry of root.values()) {
    const { bytes, complete } = await walk(entry);
    out.push({ name: entry.name, bytes, approximate: !complete });
  }
  return out;
}

/** Measures every store; a store the browser refuses to show counts as empty, never fails the rest. */
export async function measureStores(deps: MeasureDeps): Promise<MeasuredStores> {
  const [databases, caches, files] = await Promise.all([
    measureDatabases(deps.indexedDB).catch(() => []),
    measureCaches(deps.caches).catch(() => []),
    measureFiles(deps.directory).catch(() => []),
  ]);
  return { databases, caches, files };
}
