/**
 * Turns what IndexedDB and Dexie throw on a write into the app's error codes. Browsers
 * report a full disk in several shapes (a QuotaExceededError DOMException, a Dexie
 * QuotaExceededError, an AbortError whose `inner` is one, a BulkError listing it), so
 * the checks walk the whole chain. It decides nothing about journal status.
 */
import { AppError } from '../../core/errors';

/** Legacy DOMException code for QUOTA_EXCEEDED_ERR, still set by some engines. */
const QUOTA_EXCEEDED_CODE = 22;
const MAX_DEPTH = 5;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  inner?: unknown;
  cause?: unknown;
  failures?: unknown;
}

/** The error, its `inner` and `cause` chain, and a BulkError's failures, depth-limited. */
function* errorChain(error: unknown, depth = 0): Generator<ErrorLike> {
  if (depth > MAX_DEPTH || error === null || typeof error !== 'object') return;
  const current = error as ErrorLike;
  yield current;
  yield* errorChain(current.inner, depth + 1);
  yield* errorChain(current.cause, depth + 1);
  if (Array.isArray(current.failures)) {
    for (const failure of current.failures) yield* errorChain(failure, depth + 1);
  } else if (current.failures && typeof current.failures === 'object') {
    for (const failure of Object.values(current.failures)) yield* errorChain(failure, depth + 1);
  }
}

/** True when the device ran out of storage somewhere in `error`'s chain. */
export function isQuotaError(error: unknown): boolean {
  for (const link of errorChain(error)) {
    if (link.name === 'QuotaExceededError') return true;
    if (link.code === QUOTA_EXCEEDED_CODE && typeof DOMException !== 'undefined' && link instanceof DOMException)
      return true;
  }
  return false;
}

/** True when a unique index refused a row (a duplicate event id). */
export function isConstraintError(error: unknown): boolean {
  for (const link of errorChain(error)) if (link.name === 'ConstraintError') return true;
  return false;
}

/** True when the connection is gone (closed by us, by a version change, or by the browser). */
export function isClosedError(error: unknown): boolean {
  for (const link of errorChain(error))
    if (link.name === 'DatabaseClosedError' || link.name === 'InvalidStateError') return true;
  return false;
}

/** The error an append caller sees when storage ran out. */
export function quotaExceeded(cause: unknown): AppError {
  return new AppError(
    'journal-quota-exceeded',
    'storage is full: nothing of this append was written; the journal is now read-only',
    {
      cause,
    },
  );
}

/** Refusal without touching the database, after storage ran out earlier. */
export function readOnly(): AppError {
  return new AppError('journal-read-only', 'the journal is read-only since storage ran out; nothing was written');
}

/** Refusal after the connection closed (a newer app version upgraded the database, or close()). */
export function closed(cause?: unknown): AppError {
  return new AppError(
    'journal-closed',
    'the journal connection is closed (a newer version opened it, or it was closed); reload',
    {
      cause,
    },
  );
}

/** A duplicate id: the batch was refused as a whole. */
export function duplicateId(ids: readonly string[], cause: unknown): AppError {
  const named = ids.length > 0 ? ids.join(', ') : '(unknown)';
  return new AppError('event-invalid', `invalid event, nothing written; id: already in the journal: ${named}`, {
    cause,
    details: { reason: 'duplicate-id', ids },
  });
}

/** Any other write failure: the transaction aborted, so nothing of it was written. */
export function writeFailed(cause: unknown): AppError {
  const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  return new AppError(
    'journal-write-failed',
    `the journal could not write; nothing of the batch was written (${reason})`,
    { cause },
  );
}
