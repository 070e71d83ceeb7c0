/**
 * Reads a vault's zip container with random access: the central directory at the end
 * first (so the manifest, the last entry, is read before any part), then one entry's
 * bytes at a time, inflated in bounded slices. Never holds the whole file in memory and
 * never writes anything; it only knows zip, not what the parts mean.
 */
import { Inflate } from 'fflate';
import { AppError } from '../errors';
import { createUtf8Decoder } from './text';

/** A file read by ranges (a browser Blob/File, or bytes in tests). */
export interface RandomAccess {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** The end record is 22 bytes plus a comment of at most 65535. */
const EOCD_SEARCH = 22 + 0xffff;
const SLICE = 1 << 20;

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
const latin = (b: Uint8Array) => String.fromCharCode(...b);

/** An `AppError` for a file that is cut short, naming the last part it starts when one is found. */
function truncated(lastPart: string | undefined): AppError {
  const where = lastPart ? `; it breaks off in part ${lastPart}` : '';
  return new AppError('vault-truncated', `the vault file is cut short: its table of contents is missing${where}`, {
    details: { part: lastPart },
  });
}

/** The name in the last local header of the file's tail: where a cut-short file broke off. */
async function lastLocalName(file: RandomAccess): Promise<string | undefined> {
  const start = Math.max(0, file.size - 4 * SLICE);
  const tail = await file.read(start, file.size - start);
  for (let at = tail.length - 30; at >= 0; at--) {
    if (u32(tail, at) !== LOCAL_SIGNATURE) continue;
    const nameLength = u16(tail, at + 26);
    const name = latin(tail.subarray(at + 30, at + 30 + nameLength));
    // Compressed bytes can contain the signature by chance: only a plausible name counts.
    if (nameLength > 0 && /^[\x20-\x7e]+$/.test(name)) return name;
  }
  return undefined;
}

/** Lists the entries from the central directory. Refuses files that are not zips or are cut short. */
export async function readDirectory(file: RandomAccess): Promise<Map<string, ZipEntry>> {
  if (file.size < 22) throw new AppError('vault-not-a-vault', `the file has ${file.size} bytes, too few for a vault`);
  const start = Math.max(0, file.size - EOCD_SEARCH);
  const tail = await file.read(start, file.size - start);
  let eocd = -1;
  for (let at = tail.length - 22; at >= 0; at--) {
    if (u32(tail, at) === EOCD_SIGNATURE) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) {
    const head = await file.read(0, 4);
    if (u32(head, 0) !== LOCAL_SIGNATURE) throw new AppError('vault-not-a-vault', 'the file is not a zip archive');
    throw truncated(await lastLocalName(file));
  }
  const count = u16(tail, eocd + 10);
  const dirSize = u32(tail, eocd + 12);
  const dirOffset = u32(tail, eocd + 16);
  if (dirOffset + dirSize > file.size) throw truncated(undefined);
  const dir = await file.read(dirOffset, dirSize);
  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let index = 0; index < count; index++) {
    if (at + 46 > dir.length || u32(dir, at) !== CENTRAL_SIGNATURE)
      throw new AppError('vault-not-a-vault', `the zip directory is damaged at entry ${index + 1}`);
    const nameLength = u16(dir, at + 28);
    const entry: ZipEntry = {
      method: u16(dir, at + 10),
      compressedSize: u32(dir, at + 20),
      size: u32(dir, at + 24),
      localOffset: u32(dir, at + 42),
      name: createUtf8Decoder().decode(dir.subarray(at + 46, at + 46 + nameLength)),
    };
    entries.set(entry.name, entry);
    at += 46 + nameLength + u16(dir, at + 30) + u16(dir, at + 32);
  }
  return entries;
}

function damaged(entry: ZipEntry, why: string): AppError {
  return new AppError('vault-part-invalid', `part ${entry.name} is damaged: ${why}`, { details: { part: entry.name } });
}

/**
 * Streams one entry's bytes (inflated when deflated) to `onBytes`, a slice at a time;
 * the next slice is read only after `onBytes` resolved (backpressure).
 */
export async function readEntry(
  file: RandomAccess,
  entry: ZipEntry,
  onBytes: (bytes: Uint8Array) => Promise<void> | void,
): Promise<void> {
  const header = await file.read(entry.localOffset, 30);
  if (header.length < 30 || u32(header, 0) !== LOCAL_SIGNATURE) throw damaged(entry, 'its local header is missing');
  const dataStart = entry.localOffset + 30 + u16(header, 26) + u16(header, 28);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > file.size) throw damaged(entry, 'it is cut short');
  if (entry.method !== 0 && entry.method !== 8) throw damaged(entry, `unknown zip method ${entry.method}`);
  let pending: Uint8Array[] = [];
  const inflate = entry.method === 8 ? new Inflate((chunk) => void pending.push(chunk)) : undefined;
  for (let offset = dataStart; offset < dataEnd || offset === dataStart; offset += SLICE) {
    const length = Math.min(SLICE, dataEnd - offset);
    const slice = length > 0 ? await file.read(offset, length) : new Uint8Array(0);
    const final = offset + length >= dataEnd;
    if (inflate) {
      try {
        inflate.push(slice, final);
      } catch (error) {
        throw damaged(entry, `its compressed data is broken (${(error as Error).message})`);
      }
    } else pending.push(slice);
    const ready = pending;
    pending = [];
    for (const bytes of ready) await onBytes(bytes);
    if (final) break;
  }
}
