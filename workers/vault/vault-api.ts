/**
 * The vault worker's behaviour, without Comlink (so tests can call it directly): runs
 * core/vault's writer and reader, coalesces output into ~1 MiB chunks so the page gets
 * few messages, and keeps the last checked file and key between `inspect` and
 * `importVault`. Cancel of an export or a check works through the reads: the next read
 * after it throws. Cancel of an import is polled between batches instead (see
 * core/vault/merge.ts): it resolves with what was written, never stops inside a write.
 */
import { AppError } from '../../core/errors';
import { applyImport, planImport } from '../../core/vault/merge';
import { openVault, verifyVault, type OpenedVault, type RandomAccess } from '../../core/vault/read';
import type { VaultKey } from '../../core/vault/seal';
import { writeVault } from '../../core/vault/write';
import type { VaultWorkerApi } from './api';

const OUT_CHUNK = 1 << 20;

/** A Blob read by ranges; a canceled run fails its next read. */
function blobFile(blob: Blob, canceled: () => boolean): RandomAccess {
  return {
    size: blob.size,
    async read(offset, length) {
      if (canceled()) throw new AppError('vault-canceled', 'the import was canceled; nothing was written');
      return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
    },
  };
}

export function createVaultApi(random: (n: number) => Uint8Array): VaultWorkerApi {
  let canceled = false;
  // While writing, reads never throw: the import stops at its next batch boundary and says how far it got.
  let importing = false;
  const stopped = () => canceled && !importing;
  let checked: { vault: OpenedVault; key: VaultKey | undefined } | undefined;
  return {
    async exportVault(options, source, sink, onProgress) {
      canceled = false;
      let buffered: Uint8Array[] = [];
      let size = 0;
      const flush = async () => {
        if (size === 0) return;
        const out = new Uint8Array(size);
        let at = 0;
        for (const chunk of buffered) {
          out.set(chunk, at);
          at += chunk.length;
        }
        buffered = [];
        size = 0;
        await sink(out);
      };
      const manifest = await writeVault(
        source,
        async (bytes) => {
          buffered.push(bytes.slice());
          size += bytes.length;
          if (size >= OUT_CHUNK) await flush();
        },
        { ...options, random, onProgress, canceled: () => canceled },
      );
      await flush();
      return manifest;
    },
    async inspect(file, passphrase, target, onProgress) {
      canceled = false;
      checked = undefined;
      const vault = await openVault(blobFile(file, stopped));
      const key = await verifyVault(vault, passphrase, onProgress);
      const plan = await planImport(vault, key, target, onProgress);
      checked = { vault, key };
      return plan;
    },
    async importVault(target, onProgress) {
      if (!checked) throw new AppError('vault-not-a-vault', 'no vault was checked: choose a file first');
      const { vault, key } = checked;
      checked = undefined;
      // A Cancel pressed after Import was chosen arrives after this call (messages keep their order).
      canceled = false;
      importing = true;
      try {
        return await applyImport(vault, key, target, { onProgress, canceled: () => canceled });
      } finally {
        importing = false;
      }
    },
    cancel() {
      canceled = true;
    },
  };
}
