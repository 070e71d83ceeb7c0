/**
 * The hash-addressed model store (issue 5, item 4): resumable chunked downloads into
 * `ModelFiles` (OPFS in the worker), quota checked first with LRU eviction of whole
 * cached models, SHA-256 verified before a file counts as cached, pause/cancel/delete.
 * Every step reports a `models.download.progress` payload; it journals nothing itself.
 */
import { AppError, messageOf } from '../../../core/errors';
import { resumeOffset } from '../../../core/models/chunk-plan';
import { isUsable, nextStoredState } from '../../../core/models/download-state';
import { pickEvictions } from '../../../core/models/lru';
import {
  DEFAULT_CHUNK_BYTES,
  ModelManifestSchema,
  StoredModelSchema,
  type DownloadOutcome,
  type DownloadProgress,
  type StoredModel,
} from '../../../core/models/manifest';
import { fetchChunks, hashStored, type RangeFetch } from './fetch-chunks';
import type { ModelFiles } from './model-files';

export type OnDownloadProgress = (progress: DownloadProgress) => void | Promise<void>;

export interface ModelStoreDeps {
  files: ModelFiles;
  fetch: RangeFetch;
  /** `navigator.storage.estimate()`. */
  estimate: () => Promise<{ usage?: number; quota?: number }>;
  now: () => number;
}

export interface ModelStore {
  /** Downloads (or resumes) the file of `manifest`; resolves complete, paused or canceled. */
  download(manifest: unknown, onProgress?: OnDownloadProgress): Promise<DownloadOutcome>;
  /** Stops a running download, keeping its chunks for a later resume. */
  pause(id: string): Promise<void>;
  /** Stops a running download (if any) and deletes its partial data. */
  cancel(id: string): Promise<void>;
  /** Deletes a stored model (partial or cached). */
  remove(id: string): Promise<void>;
  list(): Promise<StoredModel[]>;
  /**
   * The bytes of the cached model `id`, read from storage (never the network); throws
   * `model-not-cached` when it was deleted, evicted or never finished downloading.
   */
  read(id: string): Promise<{ model: StoredModel; bytes: Uint8Array }>;
  /** Marks `id` as used now (LRU order); false when it is not cached. */
  touch(id: string): Promise<boolean>;
  /** Evicts least-recently-used cached models until `bytes` more are free; returns their ids. */
  evict(bytes: number): Promise<string[]>;
  usage(): Promise<{ usage: number; quota: number; models: number }>;
}

type Stop = 'pause' | 'cancel';

/** The same failure, naming the models evicted before it (the app journals them). */
function withEvictedDetails(error: unknown, evicted: string[]): unknown {
  if (!evicted.length || !(error instanceof AppError)) return error;
  return new AppError(error.code, error.message, {
    cause: error.cause,
    details: { ...(error.details as object | undefined), evicted },
  });
}

export function createModelStore(deps: ModelStoreDeps): ModelStore {
  const { files } = deps;
  const active = new Map<string, { key: string; controller: AbortController }>();

  const readMeta = async (key: string): Promise<StoredModel | undefined> => {
    const parsed = StoredModelSchema.safeParse(await files.readMeta(key));
    if (!parsed.success) return undefined;
    // The data file is the truth for how much is stored (the meta is written per state, not per chunk).
    return { ...parsed.data, downloaded: Math.min(parsed.data.bytes, await files.size(key)) } as StoredModel;
  };
  const all = async () =>
    (await Promise.all((await files.keys()).map(async (key) => ({ key, meta: await readMeta(key) })))).filter(
      (e) => e.meta !== undefined,
    ) as { key: string; meta: StoredModel }[];
  const keyOf = async (id: string) => active.get(id)?.key ?? (await all()).find((e) => e.meta.id === id)?.key;

  const freeBytes = async () => {
    const { usage = 0, quota = 0 } = await deps.estimate();
    return { usage, quota, free: Math.max(0, quota - usage) };
  };

  /** Frees `need` bytes by LRU eviction, or throws `model-quota-exceeded`. */
  const makeRoom = async (need: number, keep: ReadonlySet<string>): Promise<string[]> => {
    const { free, quota, usage } = await freeBytes();
    const stored = await all();
    const picked = pickEvictions(
      stored.map((e) => ({ key: e.key, bytes: e.meta.bytes, lastUsed: e.meta.lastUsed, state: e.meta.state })),
      free,
      need,
      keep,
    );
    if (picked === undefined) {
      throw new AppError(
        'model-quota-exceeded',
        `the download needs ${need} bytes; ${free} are free (${usage} of ${quota} used) even after evicting every unused model`,
        { details: { need, free, quota, usage } },
      );
    }
    for (const key of picked) await files.remove(key);
    return picked.map((key) => stored.find((e) => e.key === key)!.meta.id);
  };

  const stop = async (id: string, how: Stop) => {
    const running = active.get(id);
    running?.controller.abort(how);
    return running;
  };

  return {
    async download(input, onProgress) {
      const parsed = ModelManifestSchema.safeParse(input);
      if (!parsed.success)
        throw new AppError(
          'invalid-request',
          `model manifest: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      const manifest = parsed.data;
      const { id, bytes: total } = manifest;
      const key = manifest.sha256;
      const chunkBytes = manifest.chunkBytes ?? DEFAULT_CHUNK_BYTES;
      if (active.has(id))
        throw new AppError('model-download-failed', `${id} is already downloading`, { details: { id } });
      const emit = async (status: DownloadProgress['status'], downloaded: number, error?: string) => {
        await Promise.resolve(
          onProgress?.(
            error === undefined ? { id, status, downloaded, total } : { id, status, downloaded, total, error },
          ),
        ).catch(() => undefined);
      };
      const previous = await readMeta(key);
      const base = {
        id,
        url: manifest.url,
        sha256: key,
        bytes: total,
        chunkBytes,
        ...(manifest.label ? { label: manifest.label } : {}),
        ...(manifest.format ? { format: manifest.format } : {}),
        ...(manifest.config ? { config: manifest.config } : {}),
      };
      if (previous && isUsable(previous)) {
        // Same bytes under a new manifest: the newest id, label and format describe them.
        const model: StoredModel = { ...previous, ...base, downloaded: total, state: 'cached', lastUsed: deps.now() };
        await files.writeMeta(key, model);
        await emit('complete', total);
        return { status: 'complete', model };
      }
      const size = await files.size(key);
      let offset = resumeOffset(size, chunkBytes, total);
      if (size !== offset) await files.truncate(key, offset);
      await emit('preflight', offset);
      const controller = new AbortController();
      active.set(id, { key, controller });
      let evicted: string[] = [];
      // The evicted ids travel with every outcome (and a failure's details): they are gone either way.
      const withEvicted = <T extends object>(outcome: T) => (evicted.length ? { ...outcome, evicted } : outcome);
      try {
        try {
          evicted = await makeRoom(total - offset, new Set([key]));
        } catch (error) {
          await emit('error', offset, messageOf(error));
          throw error;
        }
        await files.writeMeta(key, {
          ...base,
          downloaded: offset,
          state: 'partial',
          lastUsed: deps.now(),
        } satisfies StoredModel);
        await emit(offset > 0 ? 'resumed' : 'started', offset);
        try {
          offset = await fetchChunks(deps.fetch, files, {
            key,
            url: manifest.url,
            total,
            chunkBytes,
            offset,
            signal: controller.signal,
            onChunk: (at) => emit('downloading', at),
          });
        } catch (error) {
          const reason = controller.signal.reason as Stop | undefined;
          if (controller.signal.aborted && reason === 'cancel') {
            await files.remove(key);
            await emit('canceled', 0);
            return withEvicted({ status: 'canceled' as const });
          }
          const stored = Math.min(total, await files.size(key));
          if (controller.signal.aborted) {
            await emit('paused', stored);
            return withEvicted({
              status: 'paused' as const,
              model: { ...base, downloaded: stored, state: 'partial' as const, lastUsed: deps.now() },
            });
          }
          await emit('error', stored, messageOf(error));
          throw withEvictedDetails(error, evicted);
        }
        const verifying = nextStoredState('partial', { type: 'verify', downloaded: offset, total });
        if (verifying !== 'verifying') throw new AppError('internal', `model store: ${JSON.stringify(verifying)}`);
        await files.writeMeta(key, {
          ...base,
          downloaded: offset,
          state: 'verifying',
          lastUsed: deps.now(),
        } satisfies StoredModel);
        const actual = await hashStored(files, key, total, chunkBytes);
        if (nextStoredState('verifying', { type: 'hash-checked', matches: actual === key }) !== 'cached') {
          await files.remove(key);
          const error = new AppError(
            'model-hash-mismatch',
            `${id}: the downloaded file's SHA-256 is ${actual}, expected ${key}; it was deleted`,
            { details: { id, expected: key, actual } },
          );
          await emit('error', 0, error.message);
          throw withEvictedDetails(error, evicted);
        }
        const model: StoredModel = { ...base, downloaded: total, state: 'cached', lastUsed: deps.now() };
        await files.writeMeta(key, model);
        await emit('complete', total);
        return withEvicted({ status: 'complete' as const, model });
      } finally {
        active.delete(id);
      }
    },

    pause: async (id) => void (await stop(id, 'pause')),

    async cancel(id) {
      // A running download deletes its own data once its fetch has stopped.
      if (await stop(id, 'cancel')) return;
      const key = await keyOf(id);
      const meta = key === undefined ? undefined : await readMeta(key);
      if (key !== undefined && meta && !isUsable(meta)) await files.remove(key);
    },

    async remove(id) {
      await stop(id, 'cancel');
      const key = await keyOf(id);
      if (key !== undefined) await files.remove(key);
    },

    list: async () => (await all()).map((e) => e.meta).sort((a, b) => b.lastUsed - a.lastUsed),

    async read(id) {
      const key = await keyOf(id);
      const model = key === undefined ? undefined : await readMeta(key);
      const gone = () =>
        new AppError(
          'model-not-cached',
          `${id} is not in the model store (deleted, evicted or not fully downloaded); download it again in Settings → Models`,
          { details: { id } },
        );
      if (key === undefined || !model || !isUsable(model)) throw gone();
      const bytes = await files.read(key, 0, model.bytes);
      if (bytes.length !== model.bytes) throw gone();
      return { model, bytes };
    },

    async touch(id) {
      const key = await keyOf(id);
      const meta = key === undefined ? undefined : await readMeta(key);
      if (key === undefined || !meta || !isUsable(meta)) return false;
      await files.writeMeta(key, { ...meta, lastUsed: deps.now() });
      return true;
    },

    evict: async (bytes) => makeRoom(bytes, new Set([...active.values()].map((a) => a.key))),

    async usage() {
      const { usage, quota } = await freeBytes();
      const models = (await all()).reduce((sum, e) => sum + e.meta.downloaded, 0);
      return { usage, quota, models };
    },
  };
}
