/**
 * The write path: validated events wait in a queue and are flushed on a microtask, so
 * appends issued in the same tick share one strict-durability transaction. One flush
 * runs at a time, which keeps seq order equal to call order. Validation happens before
 * anything is queued (journal.ts); this module only writes and maps write failures.
 */
import type { EventEnvelope } from '../../spec';
import type { StoredEvent } from '../../core/journal/types';
import type { AppError } from '../../core/errors';
import type { JournalDb } from './schema';
import type { StatusCell } from './journal-status';
import {
  closed,
  duplicateId,
  isClosedError,
  isConstraintError,
  isQuotaError,
  quotaExceeded,
  readOnly,
  writeFailed,
} from './write-errors';

/** One caller's events: written together with the rest of the flush, or not at all. */
interface WriteUnit {
  readonly events: EventEnvelope[];
  resolve(stored: StoredEvent[]): void;
  reject(error: AppError): void;
}

export interface AppendQueue {
  /** Queues already-validated events; resolves once they are committed. */
  enqueue(events: EventEnvelope[]): Promise<StoredEvent[]>;
}

export interface AppendQueueDeps {
  db: JournalDb;
  status: StatusCell;
  /** Called after each commit with what it stored, in seq order. */
  onCommit(stored: StoredEvent[]): void;
}

/** The refusal for a journal that cannot take writes, or undefined when it can. */
export function refusalFor(status: StatusCell): AppError | undefined {
  const current = status.current();
  if (current === 'closed') return status.lastError()?.code === 'journal-closed' ? status.lastError() : closed();
  if (current === 'read-only') return readOnly();
  return undefined;
}

/** Adds the rows in one transaction; all or nothing. Returns them with their seq. */
async function writeRows(db: JournalDb, rows: EventEnvelope[]): Promise<StoredEvent[]> {
  const keys = await db.transaction('rw', db.events, () => db.events.bulkAdd(rows, { allKeys: true }));
  return rows.map((row, index) => Object.assign(row, { seq: keys[index]! }));
}

/** Ids of `rows` that repeat inside the rows or are already stored (for the error message). */
async function findDuplicateIds(db: JournalDb, rows: readonly EventEnvelope[]): Promise<string[]> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const row of rows) (seen.has(row.id) ? repeated : seen).add(row.id);
  try {
    const stored = await db.events
      .where('id')
      .anyOf([...seen])
      .keys();
    for (const id of stored) repeated.add(String(id));
  } catch {
    // The message loses the id names, but the refusal itself stands.
  }
  return [...repeated];
}

/** Builds the queue for one open database. */
export function createAppendQueue(deps: AppendQueueDeps): AppendQueue {
  const { db, status } = deps;
  let pending: WriteUnit[] = [];
  let running = false;

  async function flush(units: WriteUnit[]): Promise<void> {
    const refusal = refusalFor(status);
    if (refusal) return units.forEach((unit) => unit.reject(refusal));
    const rows = units.length === 1 ? units[0]!.events : units.flatMap((unit) => unit.events);
    let stored: StoredEvent[];
    try {
      stored = await writeRows(db, rows);
    } catch (error) {
      if (isConstraintError(error) && units.length > 1) {
        // One caller's duplicate id must not fail the others it was coalesced with:
        // retry each caller alone, in the original order.
        for (const unit of units) await flush([unit]);
        return;
      }
      const appError = await classify(error, rows);
      units.forEach((unit) => unit.reject(appError));
      return;
    }
    let offset = 0;
    for (const unit of units) {
      unit.resolve(stored.slice(offset, offset + unit.events.length));
      offset += unit.events.length;
    }
    deps.onCommit(stored);
  }

  async function classify(error: unknown, rows: readonly EventEnvelope[]): Promise<AppError> {
    if (isQuotaError(error)) {
      const appError = quotaExceeded(error);
      status.advance('read-only', appError);
      return appError;
    }
    if (status.current() === 'closed' || isClosedError(error)) return refusalFor(status) ?? closed(error);
    if (isConstraintError(error)) return duplicateId(await findDuplicateIds(db, rows), error);
    return writeFailed(error);
  }

  async function run(): Promise<void> {
    try {
      while (pending.length > 0) {
        const units = pending;
        pending = [];
        await flush(units);
      }
    } finally {
      running = false;
    }
  }

  return {
    enqueue(events) {
      const refusal = refusalFor(status);
      if (refusal) return Promise.reject(refusal);
      return new Promise<StoredEvent[]>((resolve, reject) => {
        pending.push({ events, resolve, reject });
        if (running) return;
        running = true;
        // Everything enqueued before this microtask runs shares the first transaction.
        queueMicrotask(() => void run());
      });
    },
  };
}
