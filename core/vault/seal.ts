/**
 * Encryption of vault parts (SPEC §8): passphrase → Argon2id (hash-wasm) → an AES-256-GCM
 * key (WebCrypto). WebCrypto's GCM is one-shot, so a part is sealed as a sequence of
 * frames of at most FRAME_BYTES plaintext, each raw-deflated, with its own random IV and
 * the part name, frame index and a last-frame flag as additional data: frames cannot be
 * moved between parts, reordered, or dropped from the end without failing to open.
 * Frame layout: u32 (big-endian) ciphertext length, 12-byte IV, ciphertext with tag.
 */
import { argon2id } from 'hash-wasm';
import { deflateSync, inflateSync } from 'fflate';
import type { VaultKdf } from '../../spec/vault';
import { fromBase64, utf8 } from './text';

/** Plaintext bytes per frame. */
export const FRAME_BYTES = 1 << 20;
const IV_BYTES = 12;

/** The defaults the brief and SPEC fix: 64 MiB, 3 passes, 1 lane. */
export const DEFAULT_KDF = { m: 64 * 1024, t: 3, p: 1 } as const;

/** The WebCrypto subset used here (core has no DOM types; browsers and Node 20 have it). */
interface Subtle {
  importKey(
    format: 'raw',
    key: Uint8Array,
    algo: { name: 'AES-GCM' },
    extractable: false,
    usages: string[],
  ): Promise<unknown>;
  encrypt(
    algo: { name: 'AES-GCM'; iv: Uint8Array; additionalData: Uint8Array },
    key: unknown,
    data: Uint8Array,
  ): Promise<ArrayBuffer>;
  decrypt(
    algo: { name: 'AES-GCM'; iv: Uint8Array; additionalData: Uint8Array },
    key: unknown,
    data: Uint8Array,
  ): Promise<ArrayBuffer>;
}
const subtle = (): Subtle => (globalThis as unknown as { crypto: { subtle: Subtle } }).crypto.subtle;

/** An opened key (opaque CryptoKey). */
export interface VaultKey {
  readonly key: unknown;
}

/** Derives the part key from a passphrase and the manifest's KDF parameters. */
export async function deriveKey(passphrase: string, kdf: VaultKdf): Promise<VaultKey> {
  const raw = await argon2id({
    password: passphrase,
    salt: fromBase64(kdf.salt),
    iterations: kdf.t,
    parallelism: kdf.p,
    memorySize: kdf.m,
    hashLength: 32,
    outputType: 'binary',
  });
  return { key: await subtle().importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']) };
}

const aad = (part: string, index: number, last: boolean) => utf8(`${part}\u0000${index}\u0000${last ? 1 : 0}`);

/** Seals a part's plaintext, frame by frame, as it is written. */
export function createSealer(key: VaultKey, part: string, random: (n: number) => Uint8Array) {
  let buffered: Uint8Array[] = [];
  let size = 0;
  let index = 0;
  async function frame(plain: Uint8Array, last: boolean): Promise<Uint8Array> {
    const iv = random(IV_BYTES);
    const algo = { name: 'AES-GCM' as const, iv, additionalData: aad(part, index++, last) };
    const sealed = new Uint8Array(await subtle().encrypt(algo, key.key, deflateSync(plain)));
    const out = new Uint8Array(4 + IV_BYTES + sealed.length);
    new DataView(out.buffer).setUint32(0, sealed.length);
    out.set(iv, 4);
    out.set(sealed, 4 + IV_BYTES);
    return out;
  }
  const take = (n: number): Uint8Array => {
    const all = concat(buffered, size);
    buffered = n < all.length ? [all.subarray(n)] : [];
    size = all.length - n;
    return all.subarray(0, n);
  };
  return {
    /** Buffers `bytes`; returns the frames that became full. */
    async write(bytes: Uint8Array): Promise<Uint8Array[]> {
      buffered.push(bytes);
      size += bytes.length;
      const frames: Uint8Array[] = [];
      // Strictly more than a frame: the last frame must be sealed as last, at end().
      while (size > FRAME_BYTES) frames.push(await frame(take(FRAME_BYTES), false));
      return frames;
    },
    /** Seals what is left (possibly nothing) as the last frame. */
    async end(): Promise<Uint8Array> {
      return frame(take(size), true);
    },
  };
}

export function concat(parts: readonly Uint8Array[], size = parts.reduce((n, p) => n + p.length, 0)): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Thrown by an opener when a frame does not open: wrong key (the hash was checked first). */
export class FrameOpenError extends Error {}

/** Opens a sealed part's frames as its bytes arrive; `end()` checks the last frame was seen. */
export function createOpener(key: VaultKey, part: string, onPlain: (bytes: Uint8Array) => Promise<void> | void) {
  let buffered: Uint8Array = new Uint8Array(0);
  let index = 0;
  let sawLast = false;
  /** Opens the complete frames; before the end only those with bytes after them (not the last). */
  async function open(final: boolean): Promise<void> {
    for (;;) {
      if (buffered.length < 4 + IV_BYTES) return;
      const end = 4 + IV_BYTES + new DataView(buffered.buffer, buffered.byteOffset).getUint32(0);
      if (final ? buffered.length < end : buffered.length <= end) return;
      const last = final && end === buffered.length;
      const iv = buffered.slice(4, 4 + IV_BYTES);
      const sealed = buffered.slice(4 + IV_BYTES, end);
      buffered = buffered.subarray(end);
      let plain: ArrayBuffer;
      try {
        const algo = { name: 'AES-GCM' as const, iv, additionalData: aad(part, index++, last) };
        plain = await subtle().decrypt(algo, key.key, sealed);
      } catch (error) {
        throw new FrameOpenError(`frame ${index - 1} of ${part} did not open`, { cause: error });
      }
      if (last) sawLast = true;
      await onPlain(inflateSync(new Uint8Array(plain)));
    }
  }
  return {
    async write(bytes: Uint8Array): Promise<void> {
      buffered = concat([buffered, bytes]);
      await open(false);
    },
    async end(): Promise<void> {
      await open(true);
      if (!sawLast || buffered.length > 0) throw new FrameOpenError(`${part} ends before its last frame`);
    },
  };
}
