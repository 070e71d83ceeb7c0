/**
 * The model store as the worker's `ModelStoreApi`: method names of the contract,
 * boundary errors, and Comlink callback proxies released once a download call ends
 * (every progress call was awaited by the store, so none lands after the reply).
 */
import { releaseProxy } from 'comlink';
import type { ModelStoreApi } from '../api';
import { withBoundaryErrors } from '../boundary-error';
import type { ModelStore } from './model-store';

function release(callback: unknown): void {
  const free = (callback as { [releaseProxy]?: unknown } | undefined)?.[releaseProxy];
  if (typeof free === 'function') free();
}

export function createModelStoreApi(store: ModelStore): ModelStoreApi {
  return withBoundaryErrors<ModelStoreApi>({
    async downloadModel(manifest, onProgress) {
      try {
        return await store.download(manifest, onProgress);
      } finally {
        release(onProgress);
      }
    },
    pauseDownload: (id) => store.pause(id),
    cancelDownload: (id) => store.cancel(id),
    deleteModel: (id) => store.remove(id),
    storedModels: () => store.list(),
    touchModel: (id) => store.touch(id),
    evictModels: (bytes) => store.evict(bytes),
    modelStorage: () => store.usage(),
  });
}
