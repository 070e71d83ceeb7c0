/**
 * Writes a vault (SPEC §8) as a stream: the journal page by page as NDJSON, one part per
 * Yjs document, settings and model manifests, then the manifest with every part's
 * SHA-256. Output goes to `sink` as it is produced and the next page is read only after
 * the sink took the bytes, so memory stays bounded by a page, whatever the journal size.
 */
import { Zip, ZipDeflate, ZipPassThrough, type ZipInputFile } from 'fflate';
import { createSHA256 } from 'hash-wasm';
import { AppError } from '../errors';
import {
  VAULT_FORMAT,
  VAULT_IN_JOURNAL,
  VAULT_JOURNAL_PART,
  VAULT_MANIFEST_PART,
  VAULT_MODELS_PART,
  VAULT_SETTINGS_PART,
  type VaultKdf,
  type VaultManifest,
  type VaultPart,
} from '../../spec/vault';
import { createSealer, deriveKey, DEFAULT_KDF, type VaultKey } from './seal';
import { toBase64, utf8 } from './text';
import { docPartName, type VaultProgress, type VaultSource } from './types';

export interface WriteVaultOptions {
  appVersion: string;
  /** ISO time of the export (passed in: core reads no clock). */
  created: string;
  /** Encrypts every part but the manifest when given. */
  passphrase?: string;
  /** Argon2id cost (default 64 MiB, t=3, p=1); tests lower it. */
  kdfCost?: { m: number; t: number; p: number };
  random: (n: number) => Uint8Array;
  onProgress?: (progress: VaultProgress) => void;
  /** Polled between pages and parts; true stops with 'vault-canceled'. */
  canceled?: () => boolean;
  /** Events per journal page (default 2000). */
  pageSize?: number;
}

/** Text is batched to about this many characters before it is encoded and compressed. */
const TEXT_BATCH = 1 << 20;

/** Writes the vault to `sink`; resolves with the manifest once the last byte was taken. */
export async function writeVault(
  source: VaultSource,
  sink: (bytes: Uint8Array) => Promise<void>,
  options: WriteVaultOptions,
): Promise<VaultManifest> {
  const pending: Uint8Array[] = [];
  let zipError: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) zipError = error;
    else pending.push(chunk);
  });
  const flush = async () => {
    if (zipError) throw zipError;
    while (pending.length > 0) await sink(pending.shift()!);
  };
  const checkCanceled = () => {
    if (options.canceled?.()) throw new AppError('vault-canceled', 'the export was canceled; the file is incomplete');
  };

  let kdf: VaultKdf | undefined;
  let key: VaultKey | undefined;
  if (options.passphrase !== undefined) {
    kdf = { name: 'argon2id', salt: toBase64(options.random(16)), ...(options.kdfCost ?? DEFAULT_KDF) };
    key = await deriveKey(options.passphrase, kdf);
  }
  const parts: VaultPart[] = [];

  /** Opens a part; its bytes are hashed as stored (after sealing), then zipped. */
  async function openPart(name: string) {
    const hasher = await createSHA256();
    hasher.init();
    let bytes = 0;
    const sealer = key ? createSealer(key, name, options.random) : undefined;
    const entry: ZipInputFile & { push(chunk: Uint8Array, final?: boolean): void } = sealer
      ? new ZipPassThrough(name)
      : new ZipDeflate(name, { level: 6 });
    zip.add(entry);
    const store = async (chunk: Uint8Array, final = false) => {
      hasher.update(chunk);
      bytes += chunk.length;
      entry.push(chunk, final);
      await flush();
    };
    return {
      async write(plain: Uint8Array) {
        if (!sealer) return store(plain);
        for (const frame of await sealer.write(plain)) await store(frame);
      },
      async end(items?: number) {
        await store(sealer ? await sealer.end() : new Uint8Array(0), true);
        const part: VaultPart = { name, sha256: hasher.digest('hex'), bytes };
        if (sealer) part.encrypted = true;
        if (items !== undefined) part.items = items;
        parts.push(part);
      },
    };
  }

  // The journal, page by page, in journal order; `seq` is this device's, so it stays out.
  const total = await source.journalCount();
  const journal = await openPart(VAULT_JOURNAL_PART);
  let after = 0;
  let written = 0;
  let text = '';
  for (;;) {
    checkCanceled();
    const page = await source.journalAfter(after, options.pageSize ?? 2000);
    if (page.length === 0) break;
    for (const stored of page) {
      const { seq, ...event } = stored;
      after = seq;
      text += JSON.stringify(event) + '\n';
      if (text.length >= TEXT_BATCH) {
        await journal.write(utf8(text));
        text = '';
      }
    }
    written += page.length;
    options.onProgress?.({ phase: 'journal', done: written, total });
  }
  if (text) await journal.write(utf8(text));
  await journal.end(written);

  const docs = await source.docNames();
  for (const [index, name] of docs.entries()) {
    checkCanceled();
    const part = await openPart(docPartName(name));
    await part.write(await source.docState(name));
    await part.end();
    options.onProgress?.({ phase: 'documents', done: index + 1, total: docs.length });
  }
  for (const [name, read] of [
    [VAULT_SETTINGS_PART, () => source.settings()],
    [VAULT_MODELS_PART, () => source.models()],
  ] as const) {
    checkCanceled();
    const part = await openPart(name);
    await part.write(utf8(JSON.stringify(await read())));
    await part.end();
  }

  const manifest: VaultManifest = {
    format: VAULT_FORMAT,
    app_version: options.appVersion,
    created: options.created,
    parts,
    ...(kdf ? { kdf } : {}),
    in_journal: [...VAULT_IN_JOURNAL],
  };
  const last = new ZipDeflate(VAULT_MANIFEST_PART, { level: 6 });
  zip.add(last);
  last.push(utf8(JSON.stringify(manifest, null, 2)), true);
  zip.end();
  await flush();
  options.onProgress?.({ phase: 'done', done: 1, total: 1 });
  return manifest;
}
