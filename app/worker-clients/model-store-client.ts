/**
 * The app side of the worker's model store (`arw.models` and, later, Settings → Models):
 * forwards calls over Comlink, turns boundary rejections back into AppErrors, and hands
 * every `models.download.progress` payload to `journal` before the caller's callback.
 */
import * as Comlink from 'comlink';
import type { DownloadOutcome, DownloadProgress, ModelManifest, ModelStoreApi, StoredModel } from '../../workers/inference/api';
import { toAppError } from './inference-client';

export interface ModelStoreClient {
  download(manifest: ModelManifest, onProgress?: (progress: DownloadProgress) => void): Promise<DownloadOutcome>;
  pause(id: string): Promise<void>;
  cancel(id: string): Promise<void>;
  delete(id: string): Promise<void>;
  list(): Promise<StoredModel[]>;
  touch(id: string): Promise<boolean>;
  evict(bytes: number): Promise<string[]>;
  storage(): Promise<{ usage: number; quota: number; models: number }>;
}

async function translated<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAppError(error);
  }
}

/** `journal` receives each progress payload (e.g. to append `models.download.progress`). */
export function createModelStoreClient(remote: Comlink.Remote<ModelStoreApi>, journal?: (progress: DownloadProgress) => void): ModelStoreClient {
  return {
    download: (manifest, onProgress) =>
      translated(() =>
        remote.downloadModel(
          { ...manifest },
          Comlink.proxy((progress: DownloadProgress) => {
            journal?.(progress);
            onProgress?.(progress);
          }),
        ),
      ),
    pause: (id) => translated(() => remote.pauseDownload(id)),
    cancel: (id) => translated(() => remote.cancelDownload(id)),
    delete: (id) => translated(() => remote.deleteModel(id)),
    list: () => translated(() => remote.storedModels()),
    touch: (id) => translated(() => remote.touchModel(id)),
    evict: (bytes) => translated(() => remote.evictModels(bytes)),
    storage: () => translated(() => remote.modelStorage()),
  };
}
