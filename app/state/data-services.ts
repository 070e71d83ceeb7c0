/**
 * The person's data as a whole, built for the composition root: storage health
 * (usage per store, persistence), the vault (export and import, SPEC §8) and "Delete all
 * my data". They share the browser's storage handles, so they are built in one place.
 */
import type { JournalHandle } from '../db/journal';
import { DEFAULT_DB_NAME } from '../db/schema';
import { APP_VERSION } from '../lib/version';
import { createVaultService } from '../vault/vault-service';
import type { ModelStoreClient } from '../worker-clients/model-store-client';
import { createVaultClient } from '../worker-clients/vault-client';
import { showDeletedElsewhere } from '../pwa/DeletedElsewhere';
import { createDataDeleter } from './delete-all';
import { createDeletionTabs, DATA_CHANNEL } from './delete-all-tabs';
import { createStorageState } from './storage';
import { measureStores } from './storage-measure';

export interface DataServicesDeps {
  journal: JournalHandle;
  localStore: Storage | undefined;
  models: Pick<ModelStoreClient, 'list'>;
  /** Stops everything that writes (sync, Yjs providers, the journal) before a deletion. */
  closeApp(): void;
}

export function createDataServices(deps: DataServicesDeps) {
  const directory = navigator.storage?.getDirectory ? () => navigator.storage.getDirectory() : undefined;
  const storage = createStorageState(navigator.storage, deps.localStore, () =>
    measureStores({ indexedDB: globalThis.indexedDB, caches: globalThis.caches, directory }),
  );
  const vault = createVaultService({
    journal: deps.journal,
    dbName: DEFAULT_DB_NAME,
    localStore: deps.localStore,
    models: deps.models,
    client: createVaultClient(),
    appVersion: APP_VERSION,
    now: () => new Date(),
    window,
  });
  const restart = () => {
    history.replaceState(null, '', '#/chat');
    location.reload();
  };
  // Every tab joins: a deletion in one stops and reloads the others (state/delete-all-tabs.ts).
  const otherTabs = createDeletionTabs({
    channel: typeof BroadcastChannel === 'function' ? new BroadcastChannel(DATA_CHANNEL) : undefined,
    locks: navigator.locks,
    closeApp: deps.closeApp,
    restart,
    showNotice: showDeletedElsewhere,
  });
  // Settings → Data's "Delete all my data" (asks twice there): stops what writes, then deletes.
  const deleteAll = createDataDeleter({
    closeApp: deps.closeApp,
    otherTabs,
    indexedDB: globalThis.indexedDB,
    caches: globalThis.caches,
    directory,
    stores: [deps.localStore, sessionStorage],
    serviceWorker: navigator.serviceWorker,
    restart,
  });
  return { storage, vault, deleteAll };
}
