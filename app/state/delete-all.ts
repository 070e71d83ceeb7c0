/**
 * "Delete all my data" (issue 13 item 4): removes everything this origin keeps on this
 * device: every IndexedDB database (journal, Yjs documents, backups), Cache Storage,
 * the origin private file system (models, project files), the app's localStorage and
 * sessionStorage keys, and the service worker. It first stops what writes (the
 * composition root's `closeApp`), so nothing recreates a database mid-way, and has every
 * other tab of the app do the same first (delete-all-tabs.ts). The two
 * confirmations are the UI's (DeleteAllData.tsx); nothing here asks, so call it only
 * after them. Local only: a sync server keeps its copy of shared projects.
 */
import type { OtherTabs } from './delete-all-tabs';

/** What goes, in the words step 1 shows. */
export const WHAT_GOES = [
  'the journal: every chat, episode, recipe, lease, permission and policy recorded on this device',
  'shared documents (Yjs) stored on this device',
  'settings: theme, model choice, servers, device name and this device’s identity',
  'downloaded model files and the app’s caches (the app downloads itself again on the next visit)',
  'files agents saved into project folders in the browser',
] as const;

/** The app's own Web Storage keys: every one starts with `arw` (`arw:…`, `arw.…`). */
export const isAppKey = (key: string) => key.startsWith('arw');

/**
 * Databases the service worker keeps open (workbox's cache expiration): it never closes
 * them on versionchange, so their deletion completes once the worker stops, which the
 * reload after an unregister brings about. Not waited for, not reported as blocked.
 */
export const isServiceWorkerDb = (name: string) => name.startsWith('workbox-');

export interface DeleteAllDeps {
  /** Stops the journal, Yjs providers, sync and anything else that writes; runs first. */
  closeApp(): void | Promise<void>;
  /** The app's other tabs: told first, waited for until their connections are closed. */
  otherTabs?: OtherTabs;
  indexedDB?: Pick<IDBFactory, 'databases' | 'deleteDatabase'>;
  caches?: Pick<CacheStorage, 'keys' | 'delete'>;
  directory?: () => Promise<unknown>;
  stores: readonly (Storage | undefined)[];
  serviceWorker?: Pick<ServiceWorkerContainer, 'getRegistrations'>;
  /** How long a deletion blocked by another tab is waited for before it is reported (ms). */
  blockedWaitMs?: number;
}

export interface DeleteAllReport {
  databases: string[];
  /** Databases another tab still holds open: deleted once it closes. */
  waiting: string[];
  /** The service worker's databases: deleted as it stops after the reload. */
  afterReload: string[];
  caches: number;
  fileEntries: number;
  keys: number;
  serviceWorkers: number;
  /** Plain sentences, one per thing that could not be deleted. */
  errors: string[];
}

interface RemovableDirectory {
  keys(): AsyncIterable<string>;
  removeEntry(name: string, options: { recursive: boolean }): Promise<void>;
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Resolves 'deleted', or 'waiting' when it has not completed after `waitMs`: another
 * connection blocks it, or an earlier deletion of the same database is still pending
 * (a queued request gets no blocked event). The request stays: it completes later.
 */
function deleteDatabase(
  factory: Pick<IDBFactory, 'deleteDatabase'>,
  name: string,
  waitMs: number,
): Promise<'deleted' | 'waiting'> {
  return new Promise((resolve, reject) => {
    const request = factory.deleteDatabase(name);
    // Open connections get a versionchange and close (the app's all do); one that does not answer is reported.
    const timer = setTimeout(() => resolve('waiting'), waitMs);
    request.onsuccess = () => {
      clearTimeout(timer);
      resolve('deleted');
    };
    request.onerror = () => {
      clearTimeout(timer);
      reject(request.error ?? new Error('the browser refused'));
    };
  });
}

/** Deletes everything listed above and reports what went; it never throws. */
export async function deleteAllData(deps: DeleteAllDeps): Promise<DeleteAllReport> {
  const report: DeleteAllReport = {
    databases: [],
    waiting: [],
    afterReload: [],
    caches: 0,
    fileEntries: 0,
    keys: 0,
    serviceWorkers: 0,
    errors: [],
  };
  const attempt = async (what: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      report.errors.push(`Could not delete ${what}: ${reason(error)}.`);
    }
  };
  const otherTabs = deps.otherTabs;
  try {
    if (otherTabs) await attempt('the data of the app’s other tabs (telling them failed)', () => otherTabs.tell());
    await attempt('the app’s open connections (closing them failed)', async () => deps.closeApp());
    // Before any deleteDatabase: one still open in another tab would leave it blocked.
    if (otherTabs)
      await attempt('the data of the app’s other tabs', () => otherTabs.closed(deps.blockedWaitMs ?? 3000));
    await deleteEverything(deps, report, attempt);
  } finally {
    otherTabs?.done();
  }
  return report;
}

type Attempt = (what: string, run: () => Promise<void>) => Promise<void>;

async function deleteEverything(deps: DeleteAllDeps, report: DeleteAllReport, attempt: Attempt): Promise<void> {
  // First, so the worker's runtime caching cannot refill a cache deleted below.
  const serviceWorker = deps.serviceWorker;
  if (serviceWorker) {
    await attempt('the offline copy of the app (service worker)', async () => {
      for (const registration of await serviceWorker.getRegistrations())
        if (await registration.unregister()) report.serviceWorkers++;
    });
  }

  const factory = deps.indexedDB;
  if (factory) {
    await attempt('the list of databases', async () => {
      const names = (await factory.databases()).map((info) => info.name).filter((name): name is string => !!name);
      // All at once: a blocked one does not hold up the rest.
      await Promise.all(
        names.map((name) =>
          attempt(`the database ${name}`, async () => {
            const worker = isServiceWorkerDb(name);
            const outcome = await deleteDatabase(factory, name, worker ? 300 : (deps.blockedWaitMs ?? 3000));
            (outcome === 'deleted' ? report.databases : worker ? report.afterReload : report.waiting).push(name);
          }),
        ),
      );
    });
  }
  const caches = deps.caches;
  if (caches) {
    await attempt('the caches', async () => {
      for (const name of await caches.keys())
        await attempt(`the cache ${name}`, async () => void ((await caches.delete(name)) && report.caches++));
    });
  }
  const directory = deps.directory;
  if (directory) {
    await attempt('the files', async () => {
      const root = (await directory()) as RemovableDirectory;
      const names: string[] = [];
      for await (const name of root.keys()) names.push(name);
      for (const name of names)
        await attempt(`the files in ${name} (a model download may be running: cancel it and try again)`, async () => {
          await root.removeEntry(name, { recursive: true });
          report.fileEntries++;
        });
    });
  }
  for (const store of deps.stores) {
    if (!store) continue;
    await attempt('the settings', async () => {
      const keys = Array.from({ length: store.length }, (_, i) => store.key(i)).filter(
        (key): key is string => key !== null && isAppKey(key),
      );
      for (const key of keys) store.removeItem(key);
      report.keys += keys.length;
    });
  }
}

/** The deleter the composition root builds: `run` deletes, `restart` reloads into the welcome. */
export interface DataDeleter {
  run(): Promise<DeleteAllReport>;
  restart(): void;
}

export function createDataDeleter(deps: DeleteAllDeps & { restart(): void }): DataDeleter {
  return { run: () => deleteAllData(deps), restart: () => deps.restart() };
}
