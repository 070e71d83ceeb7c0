/**
 * Range planning for chunked, resumable downloads: where to resume from what is
 * stored, the next byte range, and whether a server's answer really is that range.
 * Pure arithmetic; the worker does the fetching and the writing.
 */

/** An inclusive byte range, as HTTP Range uses. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Resume at the last whole chunk stored (a torn last chunk is fetched again). */
export function resumeOffset(storedBytes: number, chunkBytes: number, total: number): number {
  if (storedBytes >= total) return total;
  return Math.floor(Math.max(0, storedBytes) / chunkBytes) * chunkBytes;
}

/** The range to fetch next from `offset`, or undefined when the file is complete. */
export function nextRange(offset: number, chunkBytes: number, total: number): ByteRange | undefined {
  if (offset >= total) return undefined;
  return { start: offset, end: Math.min(total, offset + chunkBytes) - 1 };
}

export const rangeHeader = (range: ByteRange) => `bytes=${range.start}-${range.end}`;

export const rangeLength = (range: ByteRange) => range.end - range.start + 1;

/** `Content-Range: bytes 0-99/1000` → parts; undefined when it is not that form. */
export function parseContentRange(
  value: string | null,
): { start: number; end: number; total: number | undefined } | undefined {
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  return { start: Number(match[1]), end: Number(match[2]), total: match[3] === '*' ? undefined : Number(match[3]) };
}

/**
 * Why a response to `range` cannot be stored as that range, or undefined when it can:
 * a 206 whose Content-Range matches, or a 200 when the range is the whole file.
 */
export function checkRangeResponse(
  status: number,
  contentRange: string | null,
  range: ByteRange,
  total: number,
): string | undefined {
  if (status === 200) {
    return range.start === 0 && range.end === total - 1
      ? undefined
      : 'the server ignores HTTP Range requests (answered 200), so the download cannot be chunked or resumed';
  }
  if (status !== 206) return `the server answered HTTP ${status}`;
  const parsed = parseContentRange(contentRange);
  if (!parsed) return `the server sent no usable Content-Range (${contentRange ?? 'none'})`;
  if (parsed.start !== range.start || parsed.end !== range.end)
    return `asked for bytes ${range.start}-${range.end}, got ${parsed.start}-${parsed.end}`;
  if (parsed.total !== undefined && parsed.total !== total)
    return `the file on the server is ${parsed.total} bytes, the manifest says ${total}`;
  return undefined;
}
