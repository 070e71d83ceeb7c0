/**
 * Vault export and import for this device (issue 13 items 1–2): builds the source and
 * target over the journal, documents and settings, runs the work in the vault worker,
 * and saves the file through the File System Access picker where it exists (written
 * as it streams) or else as a Blob offered as a download. Import is two steps on
 * purpose: `inspect` checks everything and counts, `importChecked` writes.
 */
import { createJournalDb } from '../db/schema';
import type { JournalHandle } from '../db/journal';
import type { ModelStoreClient } from '../worker-clients/model-store-client';
import type {
  ImportPlan,
  ImportSummary,
  VaultClient,
  VaultManifest,
  VaultProgress,
} from '../worker-clients/vault-client';
import { recordExport } from '../state/storage-advice';
import { createBrowserHub } from './browser-hub';

export type { ImportPlan, ImportSummary, VaultProgress };

export interface ExportOptions {
  passphrase?: string;
  onProgress?: (progress: VaultProgress) => void;
  /** Argon2id cost override (tests). */
  kdfCost?: { m: number; t: number; p: number };
}

export interface VaultService {
  /** Exports into a Blob (the download fallback, and tests). */
  exportBlob(options?: ExportOptions): Promise<{ blob: Blob; manifest: VaultManifest }>;
  /**
   * Streams an export into `sink`, chunk by chunk (~1 MiB each), keeping nothing: the
   * caller decides what to keep (the scale bench only counts the bytes).
   */
  exportTo(sink: (bytes: Uint8Array) => void | Promise<void>, options?: ExportOptions): Promise<VaultManifest>;
  /**
   * Asks where to save (call it from the click: the picker needs the gesture), then
   * streams the export there; without a picker the Blob is offered as a download.
   * Resolves with the file name, or undefined when the person closed the picker.
   */
  save(options?: ExportOptions): Promise<string | undefined>;
  inspect(file: Blob, passphrase?: string, onProgress?: (progress: VaultProgress) => void): Promise<ImportPlan>;
  importChecked(onProgress?: (progress: VaultProgress) => void): Promise<ImportSummary>;
  cancel(): Promise<void>;
}

export interface VaultServiceDeps {
  journal: JournalHandle;
  dbName: string;
  localStore: Storage | undefined;
  models?: Pick<ModelStoreClient, 'list'>;
  client: VaultClient;
  appVersion: string;
  now: () => Date;
  window: Window;
}

interface SavePickerWindow {
  showSaveFilePicker(options: {
    suggestedName: string;
    types: { description: string; accept: Record<string, string[]> }[];
  }): Promise<{
    name: string;
    createWritable(): Promise<{ write(b: Uint8Array): Promise<void>; close(): Promise<void>; abort(): Promise<void> }>;
  }>;
}

export function createVaultService(deps: VaultServiceDeps): VaultService {
  let db: ReturnType<typeof createJournalDb> | undefined;
  const hub = async () => {
    if (!db) {
      db = createJournalDb(deps.dbName);
      await db.open();
    }
    return createBrowserHub({
      journal: deps.journal,
      db,
      localStore: deps.localStore,
      models: deps.models ? () => deps.models!.list().then((list) => list.map(manifestOf)) : undefined,
    });
  };
  const fileName = () => `arw-hub-${deps.now().toISOString().slice(0, 10)}.arwvault`;
  async function run(sink: (bytes: Uint8Array) => Promise<void>, options: ExportOptions): Promise<VaultManifest> {
    const { passphrase, onProgress, kdfCost } = options;
    const exportOptions = {
      appVersion: deps.appVersion,
      created: deps.now().toISOString(),
      ...(passphrase ? { passphrase } : {}),
      ...(kdfCost ? { kdfCost } : {}),
    };
    return deps.client.exportVault(exportOptions, await hub(), sink, onProgress);
  }
  async function exportBlob(options: ExportOptions = {}) {
    // Blob parts, not one growing array: the browser may keep large blobs on disk.
    const parts: Blob[] = [];
    const manifest = await run(async (bytes) => void parts.push(new Blob([bytes as Uint8Array<ArrayBuffer>])), options);
    return { blob: new Blob(parts, { type: 'application/zip' }), manifest };
  }
  return {
    exportBlob,
    exportTo: (sink, options = {}) => run(async (bytes) => void (await sink(bytes)), options),
    async save(options = {}) {
      const name = fileName();
      const picker = (deps.window as unknown as Partial<SavePickerWindow>).showSaveFilePicker;
      if (picker) {
        let handle;
        try {
          handle = await picker.call(deps.window, {
            suggestedName: name,
            types: [{ description: 'ARW Hub vault', accept: { 'application/zip': ['.arwvault'] } }],
          });
        } catch (error) {
          if ((error as Error).name === 'AbortError') return undefined;
          throw error;
        }
        const writable = await handle.createWritable();
        try {
          await run((bytes) => writable.write(bytes), options);
          await writable.close();
        } catch (error) {
          await writable.abort().catch(() => undefined);
          throw error;
        }
        // Settings → Data's export reminder counts from here (state/storage-advice.ts).
        recordExport(deps.localStore, deps.now(), deps.window);
        return handle.name;
      }
      const { blob } = await exportBlob(options);
      const url = URL.createObjectURL(blob);
      const link = deps.window.document.createElement('a');
      link.href = url;
      link.download = name;
      link.rel = 'external';
      link.click();
      // The download has the bytes once it started; keep the URL a minute for slow starts.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      recordExport(deps.localStore, deps.now(), deps.window);
      return name;
    },
    async inspect(file, passphrase, onProgress) {
      return deps.client.inspect(file, passphrase || undefined, await hub(), onProgress);
    },
    async importChecked(onProgress) {
      return deps.client.importVault(await hub(), onProgress);
    },
    cancel: () => deps.client.cancel(),
  };
}

/** What of a stored model is its manifest: no download state, no weights. */
function manifestOf(model: Awaited<ReturnType<ModelStoreClient['list']>>[number]): Record<string, unknown> {
  const { state: _state, downloaded: _downloaded, lastUsed: _lastUsed, ...manifest } = model;
  return manifest;
}
