/**
 * The app side of the worker's model store (`arw.models` and Settings → Models):
 * forwards calls over Comlink, turns boundary rejections back into AppErrors, hands
 * every `models.download.progress` payload to `journal` before the caller's callback,
 * and tells `changed` what each call changed in the store (for `models.changed`):
 * a download completed, canceled, failed its hash check or evicted older models; a
 * model deleted or evicted by hand.
 */
import * as Comlink from 'comlink';
import type { AppError, ErrorCode } from '../../core/errors';
import type {
  DownloadOutcome,
  DownloadProgress,
  ModelManifest,
  ModelStoreApi,
  StoredModel,
} from '../../workers/inference/api';
import { acrossBoundary } from './boundary';

/** One change to the store, as `models.changed` records it. */
export interface ModelChange {
  op: 'downloaded' | 'delete' | 'canceled' | 'error' | 'evicted';
  id: string;
  /** For `error`: why the file was discarded. */
  error?: { code: ErrorCode; message: string };
}

export interface ModelStoreClient {
  download(manifest: ModelManifest, onProgress?: (progress: DownloadProgress) => void): Promise<DownloadOutcome>;
  pause(id: string): Promise<void>;
  cancel(id: string): Promise<void>;
  /** Deletes a stored model; `why: 'evicted'` when the user evicted the least recently used one. */
  delete(id: string, why?: 'delete' | 'evicted'): Promise<void>;
  list(): Promise<StoredModel[]>;
  touch(id: string): Promise<boolean>;
  evict(bytes: number): Promise<string[]>;
  storage(): Promise<{ usage: number; quota: number; models: number }>;
}

const evictedOf = (details: unknown): string[] => {
  const ids = (details as { evicted?: unknown } | undefined)?.evicted;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
};

/**
 * `journal` receives each progress payload (e.g. to append `models.download.progress`),
 * `changed` each change (e.g. to append `models.changed`); neither may throw.
 */
export function createModelStoreClient(
  remote: Comlink.Remote<ModelStoreApi>,
  journal?: (progress: DownloadProgress) => void,
  changed: (change: ModelChange) => void = () => undefined,
): ModelStoreClient {
  // Downloads running through this client: their outcome reports a cancel, not cancel().
  const downloading = new Set<string>();
  const evicted = (ids: readonly string[]) => ids.forEach((id) => changed({ op: 'evicted', id }));

  return {
    async download(manifest, onProgress) {
      downloading.add(manifest.id);
      try {
        const outcome = await acrossBoundary(() =>
          remote.downloadModel(
            { ...manifest },
            Comlink.proxy((progress: DownloadProgress) => {
              journal?.(progress);
              onProgress?.(progress);
            }),
          ),
        );
        evicted(outcome.evicted ?? []);
        if (outcome.status === 'complete') changed({ op: 'downloaded', id: manifest.id });
        if (outcome.status === 'canceled') changed({ op: 'canceled', id: manifest.id });
        return outcome;
      } catch (error) {
        const failure = error as AppError;
        evicted(evictedOf(failure.details));
        // Only a failed verify changes the store (the file is discarded); a network stop keeps the chunks.
        if (failure.code === 'model-hash-mismatch')
          changed({ op: 'error', id: manifest.id, error: { code: failure.code, message: failure.message } });
        throw error;
      } finally {
        downloading.delete(manifest.id);
      }
    },
    pause: (id) => acrossBoundary(() => remote.pauseDownload(id)),
    async cancel(id) {
      const running = downloading.has(id);
      const partial = running
        ? false
        : (await acrossBoundary(() => remote.storedModels())).some((m) => m.id === id && m.state !== 'cached');
      await acrossBoundary(() => remote.cancelDownload(id));
      if (partial) changed({ op: 'canceled', id });
    },
    async delete(id, why = 'delete') {
      await acrossBoundary(() => remote.deleteModel(id));
      changed({ op: why, id });
    },
    list: () => acrossBoundary(() => remote.storedModels()),
    touch: (id) => acrossBoundary(() => remote.touchModel(id)),
    async evict(bytes) {
      const ids = await acrossBoundary(() => remote.evictModels(bytes));
      evicted(ids);
      return ids;
    },
    storage: () => acrossBoundary(() => remote.modelStorage()),
  };
}
