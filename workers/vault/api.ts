/**
 * The vault worker's contract (Comlink): export and import of `.arwvault` files (SPEC
 * §8) run here, off the page's thread: zipping, hashing, Argon2id and AES-GCM. The page
 * keeps the storage: the worker reads the journal and documents through the `source`
 * proxy, writes through `target`, and hands the file's bytes to `sink` as produced.
 * Failures reject with the boundary error shape of `../inference/api.ts`.
 */
import type { ImportPlan, ImportSummary } from '../../core/vault/merge';
import type { VaultProgress, VaultSource, VaultTarget } from '../../core/vault/types';
import type { VaultManifest } from '../../spec/vault';

export type { ImportPlan, ImportSummary, VaultManifest, VaultProgress, VaultSource, VaultTarget };

export interface VaultExportOptions {
  appVersion: string;
  /** ISO time written into the manifest. */
  created: string;
  passphrase?: string;
  /** Argon2id cost override (tests); default 64 MiB, t=3, p=1. */
  kdfCost?: { m: number; t: number; p: number };
}

export interface VaultWorkerApi {
  /** Streams a vault of `source` to `sink`; resolves with its manifest. */
  exportVault(
    options: VaultExportOptions,
    source: VaultSource,
    sink: (bytes: Uint8Array) => Promise<void>,
    onProgress: (progress: VaultProgress) => void,
  ): Promise<VaultManifest>;
  /**
   * Opens `file`, checks the format, every hash and the passphrase, validates every
   * event and counts what is new; writes nothing. The checked file is kept for `importVault`.
   */
  inspect(
    file: Blob,
    passphrase: string | undefined,
    target: Pick<VaultTarget, 'countPresent'>,
    onProgress: (progress: VaultProgress) => void,
  ): Promise<ImportPlan>;
  /**
   * Imports the file the last `inspect` checked (rejects when there is none). After
   * `cancel` it stops at the next batch boundary and resolves with `canceled: true` and
   * the counts written so far.
   */
  importVault(target: VaultTarget, onProgress: (progress: VaultProgress) => void): Promise<ImportSummary>;
  /** Stops the running export or check with 'vault-canceled'; an import under way stops after its current batch. */
  cancel(): void;
}
