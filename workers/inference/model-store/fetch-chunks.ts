/**
 * The chunk loop of one download: fetch the next byte range with HTTP Range, check the
 * answer is exactly that range, persist it, report progress; then read the file back
 * and hash it incrementally. Stops between (and during) chunks when `signal` aborts.
 */
import { AppError, messageOf } from '../../../core/errors';
import { checkRangeResponse, nextRange, rangeHeader, rangeLength } from '../../../core/models/chunk-plan';
import { createSha256 } from '../../../core/models/sha256';
import type { ModelFiles } from './model-files';

export type RangeFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface ChunkJob {
  key: string;
  url: string;
  total: number;
  chunkBytes: number;
  /** Where the stored bytes end (a chunk boundary). */
  offset: number;
  signal: AbortSignal;
  /** Called after each chunk is persisted with the bytes stored so far. */
  onChunk: (downloaded: number) => void | Promise<void>;
}

const failed = (url: string, why: string, cause?: unknown) =>
  new AppError('model-download-failed', `downloading ${url} stopped: ${why}`, { cause, details: { url } });

/** Downloads from `job.offset` to the end; resolves with the stored size (== total). */
export async function fetchChunks(fetcher: RangeFetch, files: ModelFiles, job: ChunkJob): Promise<number> {
  let offset = job.offset;
  for (
    let range = nextRange(offset, job.chunkBytes, job.total);
    range;
    range = nextRange(offset, job.chunkBytes, job.total)
  ) {
    let bytes: Uint8Array;
    try {
      const response = await fetcher(job.url, {
        headers: { Range: rangeHeader(range) },
        signal: job.signal,
        cache: 'no-store',
      });
      const problem = checkRangeResponse(response.status, response.headers.get('content-range'), range, job.total);
      if (problem) {
        await response.body?.cancel().catch(() => undefined);
        throw failed(job.url, problem);
      }
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      if (job.signal.aborted || error instanceof AppError) throw error;
      throw failed(job.url, `the network failed at byte ${offset} (${messageOf(error)}); it resumes from there`, error);
    }
    if (bytes.length !== rangeLength(range))
      throw failed(job.url, `got ${bytes.length} bytes for a ${rangeLength(range)}-byte range`);
    // A pause or cancel that raced the body: do not write after it.
    if (job.signal.aborted) throw job.signal.reason;
    await files.write(job.key, offset, bytes);
    offset = range.end + 1;
    await job.onChunk(offset);
  }
  return offset;
}

/** SHA-256 (hex) of the stored file, read back chunk by chunk. */
export async function hashStored(files: ModelFiles, key: string, total: number, chunkBytes: number): Promise<string> {
  const hasher = createSha256();
  for (let at = 0; at < total; at += chunkBytes)
    hasher.update(await files.read(key, at, Math.min(total, at + chunkBytes)));
  return hasher.hex();
}
