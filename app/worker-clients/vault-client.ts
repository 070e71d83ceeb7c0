/**
 * The app side of the vault worker: starts it on first use (most sessions never export),
 * passes the page's source, target and callbacks as Comlink proxies, and turns boundary
 * rejections back into AppErrors.
 */
import * as Comlink from 'comlink';
import type {
  ImportPlan,
  ImportSummary,
  VaultExportOptions,
  VaultManifest,
  VaultProgress,
  VaultSource,
  VaultTarget,
  VaultWorkerApi,
} from '../../workers/vault/api';
import { acrossBoundary } from './boundary';

export type { ImportPlan, ImportSummary, VaultExportOptions, VaultManifest, VaultProgress };

export interface VaultClient {
  exportVault(
    options: VaultExportOptions,
    source: VaultSource,
    sink: (bytes: Uint8Array) => Promise<void>,
    onProgress?: (progress: VaultProgress) => void,
  ): Promise<VaultManifest>;
  inspect(
    file: Blob,
    passphrase: string | undefined,
    target: Pick<VaultTarget, 'countPresent'>,
    onProgress?: (progress: VaultProgress) => void,
  ): Promise<ImportPlan>;
  importVault(target: VaultTarget, onProgress?: (progress: VaultProgress) => void): Promise<ImportSummary>;
  cancel(): Promise<void>;
}

const WORKER = 'vault worker';
const noop = () => undefined;

export function createVaultClient(
  startWorker: () => Worker = () =>
    new Worker(new URL('../../workers/vault/vault.worker.ts', import.meta.url), { type: 'module' }),
): VaultClient {
  let remote: Comlink.Remote<VaultWorkerApi> | undefined;
  const worker = () => (remote ??= Comlink.wrap<VaultWorkerApi>(startWorker()));
  return {
    exportVault: (options, source, sink, onProgress = noop) =>
      acrossBoundary(
        () => worker().exportVault(options, Comlink.proxy(source), Comlink.proxy(sink), Comlink.proxy(onProgress)),
        WORKER,
      ),
    inspect: (file, passphrase, target, onProgress = noop) =>
      acrossBoundary(
        () => worker().inspect(file, passphrase, Comlink.proxy(target), Comlink.proxy(onProgress)),
        WORKER,
      ),
    importVault: (target, onProgress = noop) =>
      acrossBoundary(() => worker().importVault(Comlink.proxy(target), Comlink.proxy(onProgress)), WORKER),
    cancel: () => acrossBoundary(() => worker().cancel(), WORKER),
  };
}
