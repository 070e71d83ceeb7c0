/**
 * The simple reads of the journal: the newest n, a scan in arrival order (all, or after
 * a seq), the count, and a seq range (for other tabs' commits). All go straight to the primary
 * key, so they cost what they return, not what is stored.
 */
import { AppError } from '../../core/errors';
import type { StoredEvent } from '../../core/journal/types';
import type { JournalDb } from './schema';

/** Default rows per `scan` chunk. */
export const DEFAULT_SCAN_CHUNK = 2000;

function positiveInteger(field: string, value: number, allowZero: boolean): void {
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    const kind = allowZero ? 'non-negative' : 'positive';
    throw new AppError(
      'journal-query-invalid',
      `invalid journal read: ${field} must be a ${kind} integer, got ${String(value)}`,
      { details: { field } },
    );
  }
}

/** The newest `n` events, newest first: a reverse walk of the primary key, stopped at n. */
export async function readTail(db: JournalDb, n: number): Promise<StoredEvent[]> {
  positiveInteger('n', n, true);
  if (n === 0) return [];
  return db.events.reverse().limit(n).toArray();
}

/**
 * Every event with seq above `afterSeq` (default: all), in seq order, `chunkSize` at a
 * time; each chunk is one bounded getAll, so the scan never holds the whole journal.
 */
export async function scanAll(
  db: JournalDb,
  onChunk: (events: readonly StoredEvent[]) => void,
  chunkSize: number = DEFAULT_SCAN_CHUNK,
  afterSeq?: number,
): Promise<void> {
  positiveInteger('chunkSize', chunkSize, false);
  if (afterSeq !== undefined) positiveInteger('afterSeq', afterSeq, true);
  let after = afterSeq ?? Number.NEGATIVE_INFINITY;
  for (;;) {
    const chunk = await db.events.where(':id').above(after).limit(chunkSize).toArray();
    if (chunk.length === 0) return;
    onChunk(chunk);
    if (chunk.length < chunkSize) return;
    after = chunk[chunk.length - 1]!.seq;
  }
}

/** Rows with `first <= seq <= last`, in seq order. */
export function readRange(db: JournalDb, first: number, last: number): Promise<StoredEvent[]> {
  return db.events.where(':id').between(first, last, true, true).toArray();
}

/** How many events are stored. */
export function countEvents(db: JournalDb): Promise<number> {
  return db.events.count();
}
