/**
 * The journal's health as the UI sees it: 'open' → 'read-only' (storage ran out) →
 * 'closed' (a newer app version took the database, or close()). Moves only forward;
 * owns the listeners and the error that caused the last change, nothing else.
 */
import type { AppError } from '../../core/errors';

/** 'read-only': reads work, appends are refused. 'closed': reload the tab. */
export type JournalStatus = 'open' | 'read-only' | 'closed';

/** Told of every status change, with the error that caused it (none for a plain close()). */
export type StatusListener = (status: JournalStatus, error: AppError | undefined) => void;

const RANK: Readonly<Record<JournalStatus, number>> = { open: 0, 'read-only': 1, closed: 2 };

export interface StatusCell {
  current(): JournalStatus;
  lastError(): AppError | undefined;
  /** Moves to `next` if it is further along than now; returns whether it moved. */
  advance(next: JournalStatus, error?: AppError): boolean;
  subscribe(listener: StatusListener): () => void;
}

/** A status that starts 'open' and never moves back (recovery is a reload). */
export function createStatusCell(): StatusCell {
  let status: JournalStatus = 'open';
  let error: AppError | undefined;
  const listeners = new Set<StatusListener>();
  return {
    current: () => status,
    lastError: () => error,
    advance(next, cause) {
      if (RANK[next] <= RANK[status]) return false;
      status = next;
      if (cause) error = cause;
      for (const listener of [...listeners]) {
        try {
          listener(status, cause);
        } catch (listenerError) {
          console.error('journal status listener failed', listenerError);
        }
      }
      return true;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
