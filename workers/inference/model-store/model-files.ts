/**
 * Where model bytes live: one folder per stored file (keyed by its SHA-256) holding
 * `data.bin` and `meta.json`. The OPFS implementation writes chunks in place through a
 * sync access handle (workers only; no whole-file copy per chunk as createWritable does);
 * the in-memory one serves tests in Node. Neither knows about HTTP or hashes.
 */
import { AppError } from '../../../core/errors';

export interface ModelFiles {
  /** Bytes in the key's data file (0 when absent). */
  size(key: string): Promise<number>;
  /** Writes `bytes` at `offset` and flushes: once resolved, the chunk survives a reload. */
  write(key: string, offset: number, bytes: Uint8Array): Promise<void>;
  truncate(key: string, size: number): Promise<void>;
  read(key: string, start: number, end: number): Promise<Uint8Array>;
  readMeta(key: string): Promise<unknown>;
  writeMeta(key: string, meta: unknown): Promise<void>;
  remove(key: string): Promise<void>;
  keys(): Promise<string[]>;
}

const DATA = 'data.bin';

/** The worker-only part of OPFS (absent from the DOM lib that tests compile against). */
interface SyncAccessHandle {
  write(buffer: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}
type SyncCapableFile = FileSystemFileHandle & { createSyncAccessHandle(): Promise<SyncAccessHandle> };
const META = 'meta.json';

/** OPFS under `<root>/<folder>/<key>/`; `root` is `navigator.storage.getDirectory()`. */
export function createOpfsModelFiles(
  root: () => Promise<FileSystemDirectoryHandle>,
  folder = 'arw-models',
): ModelFiles {
  const base = async () => {
    try {
      return await (await root()).getDirectoryHandle(folder, { create: true });
    } catch (error) {
      throw new AppError(
        'model-storage-unavailable',
        `the origin private file system is not available (${String(error)})`,
        { cause: error },
      );
    }
  };
  const dir = async (key: string, create: boolean) => {
    try {
      return await (await base()).getDirectoryHandle(key, { create });
    } catch (error) {
      if ((error as { name?: string }).name === 'NotFoundError') return undefined;
      throw error;
    }
  };
  const file = async (key: string, name: string, create: boolean) => {
    const folderHandle = await dir(key, create);
    try {
      return folderHandle && (await folderHandle.getFileHandle(name, { create }));
    } catch (error) {
      if ((error as { name?: string }).name === 'NotFoundError') return undefined;
      throw error;
    }
  };
  const withHandle = async <T>(key: string, use: (handle: SyncAccessHandle) => T): Promise<T> => {
    const handle = await ((await file(key, DATA, true)) as SyncCapableFile).createSyncAccessHandle();
    try {
      return use(handle);
    } finally {
      handle.close();
    }
  };
  return {
    size: async (key) => (await (await file(key, DATA, false))?.getFile())?.size ?? 0,
    write: (key, offset, bytes) =>
      withHandle(key, (handle) => {
        let written = 0;
        while (written < bytes.length) written += handle.write(bytes.subarray(written), { at: offset + written });
        handle.flush();
      }),
    truncate: (key, size) => withHandle(key, (handle) => (handle.truncate(size), handle.flush())),
    async read(key, start, end) {
      const data = await (await file(key, DATA, false))?.getFile();
      return new Uint8Array(data ? await data.slice(start, end).arrayBuffer() : new ArrayBuffer(0));
    },
    async readMeta(key) {
      const data = await (await file(key, META, false))?.getFile();
      if (!data) return undefined;
      try {
        return JSON.parse(await data.text()) as unknown;
      } catch {
        return undefined;
      }
    },
    async writeMeta(key, meta) {
      const writable = await (await file(key, META, true))!.createWritable();
      await writable.write(JSON.stringify(meta));
      await writable.close();
    },
    async remove(key) {
      await (await base()).removeEntry(key, { recursive: true }).catch((error: { name?: string }) => {
        if (error.name !== 'NotFoundError') throw error;
      });
    },
    async keys() {
      const out: string[] = [];
      for await (const [name, handle] of (await base()) as unknown as AsyncIterable<[string, FileSystemHandle]>)
        if (handle.kind === 'directory') out.push(name);
      return out;
    },
  };
}

/** In memory, for Node tests of the store. */
export function createMemoryModelFiles(): ModelFiles {
  const data = new Map<string, Uint8Array>();
  const metas = new Map<string, unknown>();
  return {
    size: async (key) => data.get(key)?.length ?? 0,
    async write(key, offset, bytes) {
      const old = data.get(key) ?? new Uint8Array(0);
      const next = new Uint8Array(Math.max(old.length, offset + bytes.length));
      next.set(old);
      next.set(bytes, offset);
      data.set(key, next);
    },
    truncate: async (key, size) => void data.set(key, (data.get(key) ?? new Uint8Array(0)).slice(0, size)),
    read: async (key, start, end) => (data.get(key) ?? new Uint8Array(0)).slice(start, end),
    readMeta: async (key) => (metas.has(key) ? JSON.parse(JSON.stringify(metas.get(key))) : undefined),
    writeMeta: async (key, meta) => void metas.set(key, JSON.parse(JSON.stringify(meta))),
    remove: async (key) => void (data.delete(key), metas.delete(key)),
    keys: async () => [...new Set([...data.keys(), ...metas.keys()])],
  };
}
