/**
 * Opens and verifies a vault without writing anything: the manifest's format version
 * first (a newer one is refused by number), then every part's size and SHA-256, then the
 * passphrase against the first frame of every sealed part. Afterwards parts stream out
 * as plaintext. A failure names the part (SPEC §8: nothing is written before this).
 */
import { createSHA256 } from 'hash-wasm';
import { AppError } from '../errors';
import {
  VAULT_FORMAT,
  VAULT_MANIFEST_PART,
  VaultManifestSchema,
  type VaultManifest,
  type VaultPart,
} from '../../spec/vault';
import { createOpener, deriveKey, FrameOpenError, type VaultKey } from './seal';
import { readDirectory, readEntry, type RandomAccess, type ZipEntry } from './zip-read';
import type { VaultProgress } from './types';
import { createUtf8Decoder } from './text';

export type { RandomAccess } from './zip-read';

export interface OpenedVault {
  file: RandomAccess;
  manifest: VaultManifest;
  entries: Map<string, ZipEntry>;
}

const MANIFEST_LIMIT = 64 << 20;

function partError(part: string, why: string): AppError {
  return new AppError('vault-part-invalid', `part ${part} ${why}`, { details: { part } });
}

/** Reads the directory and the manifest; refuses a newer format before parsing the rest. */
export async function openVault(file: RandomAccess): Promise<OpenedVault> {
  const entries = await readDirectory(file);
  const entry = entries.get(VAULT_MANIFEST_PART);
  if (!entry) throw new AppError('vault-not-a-vault', `the file is a zip without ${VAULT_MANIFEST_PART}`);
  if (entry.size > MANIFEST_LIMIT) throw partError(VAULT_MANIFEST_PART, 'is too large');
  const chunks: Uint8Array[] = [];
  await readEntry(file, entry, (bytes) => void chunks.push(bytes));
  let raw: unknown;
  try {
    raw = JSON.parse(createUtf8Decoder().decode(concatAll(chunks)));
  } catch {
    throw partError(VAULT_MANIFEST_PART, 'is not JSON');
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (typeof format === 'number' && format > VAULT_FORMAT)
    throw new AppError(
      'vault-format-newer',
      `this vault was written by a newer ARW Hub (format ${format}); this app reads format ${VAULT_FORMAT}`,
      { details: { format, supported: VAULT_FORMAT } },
    );
  const parsed = VaultManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw partError(
      VAULT_MANIFEST_PART,
      `does not fit format ${VAULT_FORMAT}: ${issue.path.join('.') || 'the top level'}: ${issue.message}`,
    );
  }
  return { file, manifest: parsed.data, entries };
}

function concatAll(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function entryOf(vault: OpenedVault, part: VaultPart): ZipEntry {
  const entry = vault.entries.get(part.name);
  if (!entry) throw partError(part.name, 'is listed in the manifest but missing from the file');
  return entry;
}

/**
 * Checks every part's size and SHA-256, then derives the key and tries the first frame
 * of each sealed part. Resolves with the key (undefined when nothing is sealed).
 */
export async function verifyVault(
  vault: OpenedVault,
  passphrase: string | undefined,
  onProgress?: (progress: VaultProgress) => void,
): Promise<VaultKey | undefined> {
  const { manifest } = vault;
  const sealed = manifest.parts.filter((part) => part.encrypted);
  if (sealed.length > 0 && !manifest.kdf)
    throw partError(VAULT_MANIFEST_PART, 'lists encrypted parts but no key derivation (kdf)');
  if (sealed.length > 0 && !passphrase)
    throw new AppError('vault-passphrase-needed', 'this vault is encrypted; enter its passphrase', {
      details: { part: sealed[0]!.name },
    });
  const total = manifest.parts.reduce((n, part) => n + part.bytes, 0);
  let done = 0;
  const hasher = await createSHA256();
  for (const part of manifest.parts) {
    const entry = entryOf(vault, part);
    hasher.init();
    let bytes = 0;
    await readEntry(vault.file, entry, (chunk) => {
      bytes += chunk.length;
      done += chunk.length;
      if (bytes > part.bytes) throw partError(part.name, `is longer than the ${part.bytes} bytes the manifest lists`);
      hasher.update(chunk);
      onProgress?.({ phase: 'verify', done, total });
    });
    if (bytes < part.bytes) throw partError(part.name, `is cut short: ${bytes} of ${part.bytes} bytes`);
    if (hasher.digest('hex') !== part.sha256)
      throw partError(part.name, 'does not match its SHA-256 in the manifest (it was changed or damaged)');
  }
  if (sealed.length === 0) return undefined;
  onProgress?.({ phase: 'key', done: 0, total: 1 });
  const key = await deriveKey(passphrase!, manifest.kdf!);
  for (const part of sealed) await checkFirstFrame(vault, part, key);
  return key;
}

/** Opens the part's first frame only: the hash already vouched for the bytes, so a failure is the key. */
async function checkFirstFrame(vault: OpenedVault, part: VaultPart, key: VaultKey): Promise<void> {
  const stop = new Error('first frame opened');
  const opener = createOpener(key, part.name, () => {
    throw stop;
  });
  try {
    await readEntry(vault.file, entryOf(vault, part), (chunk) => opener.write(chunk));
    await opener.end();
  } catch (error) {
    if (error === stop) return;
    if (error instanceof FrameOpenError)
      throw new AppError('vault-wrong-passphrase', `wrong passphrase: part ${part.name} could not be decrypted`, {
        details: { part: part.name },
      });
    throw error;
  }
}

/** Streams a verified part's plaintext to `onPlain` (opened frame by frame when sealed). */
export async function streamPart(
  vault: OpenedVault,
  name: string,
  key: VaultKey | undefined,
  onPlain: (bytes: Uint8Array) => Promise<void> | void,
): Promise<void> {
  const part = vault.manifest.parts.find((candidate) => candidate.name === name);
  if (!part) throw partError(name, 'is not in the manifest');
  const entry = entryOf(vault, part);
  if (!part.encrypted) return readEntry(vault.file, entry, onPlain);
  if (!key) throw new AppError('vault-passphrase-needed', 'this vault is encrypted; enter its passphrase');
  const opener = createOpener(key, name, onPlain);
  try {
    await readEntry(vault.file, entry, (chunk) => opener.write(chunk));
    await opener.end();
  } catch (error) {
    if (error instanceof FrameOpenError) throw partError(name, `could not be decrypted (${error.message})`);
    throw error;
  }
}

/** A whole (small) part as text. */
export async function readPartText(vault: OpenedVault, name: string, key: VaultKey | undefined): Promise<string> {
  const chunks: Uint8Array[] = [];
  await streamPart(vault, name, key, (bytes) => void chunks.push(bytes));
  return createUtf8Decoder().decode(concatAll(chunks));
}

/** A whole (small) part as bytes. */
export async function readPartBytes(vault: OpenedVault, name: string, key: VaultKey | undefined): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  await streamPart(vault, name, key, (bytes) => void chunks.push(bytes.slice()));
  return concatAll(chunks);
}
