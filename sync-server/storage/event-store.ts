/**
 * The server's event journal in the embedded database: table `events` with a server
 * sequence. `append` validates (bounds, contract, clock), de-duplicates by id and commits
 * one transaction (synchronous=FULL: on disk before it returns), then tells listeners.
 * Reads skip rows that cannot be served. Knows nothing about sockets, principals or HTTP.
 */
import type { EventEnvelope } from '../../spec/envelope';
import { DEFAULT_EVENT_LIMITS, EVENT_MAX_FUTURE_SECS, type EventLimits } from '../../spec/limits';
import type { ServerEvent } from '../../spec/sync-protocol';
import type { FieldIssue } from '../../spec/validate';
import type { EventFilter } from '../../core/sync/filters';
import type { ServerDb } from './db';
import { createEventQueries, type StoredRow } from './event-queries';
import { admitEvent } from './admission';
import { createEventErasure, type ErasedRows } from './erasure';

export type { StoredRow } from './event-queries';
export type { ErasedRows } from './erasure';

/** Where a batch came from; the NATS bridge uses `nats` to avoid publishing it back. */
export interface AppendOptions {
  origin: string;
  /** Opaque id of the sender (e.g. a /sync connection), echoed to listeners. */
  source?: string;
  /** Extra per-event check after validation (e.g. project scope); issues reject the event. */
  admit?: (event: EventEnvelope) => FieldIssue[] | undefined;
}

export interface AppendResult {
  accepted: { index: number; id: string; server_seq: number }[];
  /**
   * Already stored (same id), earlier or earlier in this batch: not stored again. An event
   * of an erased conversation (SPEC §7) is answered here too, with its tombstone's seq:
   * handled, never stored, so the sender does not retry it.
   */
  duplicates: { index: number; id: string; server_seq: number }[];
  rejected: { index: number; id?: string; issues: FieldIssue[] }[];
  /** The newly stored events that are still stored, ascending. */
  appended: ServerEvent[];
  /** What tombstones in this batch (or late starts of erased episodes) removed. */
  erased: ErasedRows[];
}

export type ErasedListener = (erased: ErasedRows) => void;

/** `received`: the server's clock (ms) when the batch was stored, also kept per row. */
export type AppendListener = (
  events: readonly ServerEvent[],
  options: { origin: string; source?: string; received: number },
) => void;

export interface EventStore {
  /** Validates and stores `events` in one durable transaction (see AppendResult). */
  append(events: readonly unknown[], options: AppendOptions): AppendResult;
  /** Events with `server_seq > cursor` matching `filter`, ascending, at most `limit` (≤ 1000). */
  after(cursor: number, filter?: EventFilter, limit?: number): ServerEvent[];
  /** The newest `n` (≤ 1000) events matching `filter`, ascending. */
  tail(n: number, filter?: EventFilter): ServerEvent[];
  /** Every stored event in ascending order, in chunks (to rebuild read-models). */
  replay(onChunk: (events: readonly ServerEvent[]) => void, chunkSize?: number): void;
  /** Like `replay`, over the events matching `filter`, each with the time the server received it. */
  scan(onChunk: (rows: readonly StoredRow[]) => void, filter?: EventFilter, chunkSize?: number): void;
  /**
   * Up to `limit` (≤ 1000) rows with `server_seq > cursor` matching `filter`, ascending,
   * each with its receive time: one page of `scan`, for folds that yield between pages.
   */
  rowsAfter(cursor: number, filter?: EventFilter, limit?: number): StoredRow[];
  /**
   * Rows of the kinds starting with `prefixes` after `cursor`, ascending, at most `limit`
   * (≤ 1000), read through the kind index: for rare kinds (the lease fold's), never common ones.
   */
  rowsOfKinds(cursor: number, prefixes: readonly string[], limit?: number): StoredRow[];
  /** The stored event with this id, if any. */
  get(id: string): ServerEvent | undefined;
  /** Highest assigned `server_seq` (0 when empty). */
  lastSeq(): number;
  count(): number;
  /** Called after each commit with the newly stored events; returns an unsubscribe. */
  onAppended(listener: AppendListener): () => void;
  /** True when `corrId` of `projectId` is an episode of an erased conversation (SPEC §7; its leases.* stay). */
  isErasedEpisode(projectId: string | undefined, corrId: string): boolean;
  /** Called after a commit with a tombstone or that erased stored rows (after its onAppended listeners). */
  onErased(listener: ErasedListener): () => void;
  /** Current listeners (SSE streams, hubs, read-models, bridges): for metrics and leak checks. */
  listenerCount(): number;
  /** Distinct stored rows skipped on read because they cannot be served (see stored-row.ts). */
  unreadableCount(): number;
}

/** Most rows one read returns. */
export const MAX_READ = 1000;

export interface EventStoreOptions {
  onListenerError?: (error: unknown) => void;
  /** Told of each refused event (for metrics): its kind when readable, and the first issue's path. */
  onRejected?: (kind: string, reason: string) => void;
  /** Told once per stored row that reads skip (log it, count it). */
  onUnreadable?: (serverSeq: number, reason: string) => void;
  /** Depth and size bounds per event (default spec/limits.ts; ARW_EVENT_MAX_DEPTH / _BYTES). */
  limits?: EventLimits;
  /** How far ahead of `now` an event's time may be (default 300 s; ARW_EVENT_MAX_FUTURE_SECS). */
  maxFutureMs?: number;
  /** The server's clock (ms), for the future check and each row's receive time. */
  now?: () => number;
}

/** An id already stored: its seq, and its project (null when it has none) to tell a replay from a collision. */
interface Earlier {
  server_seq: number;
  project_id: string | null;
}

/** A store over `db` (its tables come from storage/migrations.ts, applied by openServerDb). */
export function createEventStore(db: ServerDb, options: EventStoreOptions = {}): EventStore {
  const now = options.now ?? Date.now;
  const limits = options.limits ?? DEFAULT_EVENT_LIMITS;
  const maxFutureMs = options.maxFutureMs ?? EVENT_MAX_FUTURE_SECS * 1000;
  // Each bad row is reported once, however often it is read past; they are few (old versions wrote them).
  const reported = new Set<number>();
  const queries = createEventQueries(db, now, (serverSeq, reason) => {
    if (reported.has(serverSeq)) return;
    reported.add(serverSeq);
    (options.onUnreadable ?? ((seq, why) => console.warn(`[arw] stored event ${seq} skipped on read: ${why}`)))(
      serverSeq,
      reason,
    );
  });
  const listeners = new Set<AppendListener>();
  const erasedListeners = new Set<ErasedListener>();
  const erasure = createEventErasure(db);

  const write = db.transaction((events: readonly unknown[], opts: AppendOptions, received: number): AppendResult => {
    const result: AppendResult = { accepted: [], duplicates: [], rejected: [], appended: [], erased: [] };
    const inBatch = new Map<string, Earlier>();
    events.forEach((input, index) => {
      // Everything about the input itself is decided here, outside SQL: a throw below is a storage failure.
      // Another instance already judged a NATS event's time by its own clock: refusing it here for
      // clock skew would make instances diverge (read-models still fold it at its receive time).
      const future = opts.origin === 'nats' ? Number.POSITIVE_INFINITY : maxFutureMs;
      const verdict = admitEvent(input, {
        limits,
        maxFutureMs: future,
        now: received,
        ...(opts.admit ? { admit: opts.admit } : {}),
      });
      if (!verdict.ok) {
        result.rejected.push({
          index,
          ...(verdict.id === undefined ? {} : { id: verdict.id }),
          issues: verdict.issues,
        });
        return;
      }
      const { event, json } = verdict;
      const earlier = inBatch.get(event.id) ?? queries.existing(event.id);
      if (earlier !== undefined) {
        // Another project's id: say only that it is taken, not where or at which seq.
        if (earlier.project_id !== (event.project_id ?? null))
          result.rejected.push({ index, id: event.id, issues: [ID_TAKEN] });
        else result.duplicates.push({ index, id: event.id, server_seq: earlier.server_seq });
        return;
      }
      const tombstoneSeq = erasure.erasedBy(event, result.erased);
      if (tombstoneSeq !== undefined) {
        result.duplicates.push({ index, id: event.id, server_seq: tombstoneSeq });
        return;
      }
      const seq = queries.insert(event, opts.origin, json, received);
      inBatch.set(event.id, { server_seq: seq, project_id: event.project_id ?? null });
      result.accepted.push({ index, id: event.id, server_seq: seq });
      result.appended.push({ ...event, server_seq: seq });
      erasure.applyTombstone(event, seq, result.erased);
    });
    if (result.erased.length > 0) {
      // Stored earlier in this batch and erased by a later tombstone of it: nobody is told of them.
      const gone = new Set(result.erased.flatMap((erased) => erased.ids));
      result.appended = result.appended.filter((event) => !gone.has(event.id));
    }
    return result;
  });

  const scan: EventStore['scan'] = (onChunk, filter = {}, chunkSize = MAX_READ) => {
    for (let cursor = 0; ;) {
      const rows = queries.after(cursor, filter, clampLimit(chunkSize));
      if (rows.length === 0) return;
      onChunk(rows);
      cursor = rows[rows.length - 1]!.event.server_seq;
    }
  };

  return {
    append(events, opts) {
      const received = now();
      const result = write(events, opts, received);
      if (options.onRejected) {
        for (const rejected of result.rejected) {
          const kind = (events[rejected.index] as { kind?: unknown } | null)?.kind;
          options.onRejected(
            typeof kind === 'string' ? kind.slice(0, 64) : 'unknown',
            rejected.issues[0]?.path ?? 'unknown',
          );
        }
      }
      if (result.appended.length > 0) {
        const note =
          opts.source === undefined
            ? { origin: opts.origin, received }
            : { origin: opts.origin, source: opts.source, received };
        for (const listener of listeners) {
          try {
            listener(result.appended, note);
          } catch (error) {
            // One failing listener must not hide a committed write from the others.
            (options.onListenerError ?? ((e) => console.error('[arw] event listener failed:', e)))(error);
          }
        }
      }
      for (const erased of result.erased) {
        for (const listener of erasedListeners) {
          try {
            listener(erased);
          } catch (error) {
            (options.onListenerError ?? ((e) => console.error('[arw] erasure listener failed:', e)))(error);
          }
        }
      }
      return result;
    },
    after: (cursor, filter = {}, limit = MAX_READ) => queries.after(cursor, filter, clampLimit(limit)).map(eventOf),
    tail: (n, filter = {}) => queries.tail(clampLimit(n), filter).map(eventOf),
    replay: (onChunk, chunkSize = MAX_READ) => scan((rows) => onChunk(rows.map(eventOf)), {}, chunkSize),
    scan,
    rowsAfter: (cursor, filter = {}, limit = MAX_READ) => queries.after(cursor, filter, clampLimit(limit)),
    rowsOfKinds: (cursor, prefixes, limit = MAX_READ) => queries.afterByKinds(cursor, prefixes, clampLimit(limit)),
    get: (id) => queries.get(id)?.event,
    lastSeq: () => queries.lastSeq(),
    count: () => queries.count(),
    onAppended(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    isErasedEpisode: (projectId, corrId) => erasure.isErasedEpisode(projectId, corrId),
    onErased(listener) {
      erasedListeners.add(listener);
      return () => erasedListeners.delete(listener);
    },
    listenerCount: () => listeners.size + erasedListeners.size,
    unreadableCount: () => reported.size,
  };
}

const ID_TAKEN: FieldIssue = { path: 'id', message: 'an event with this id already exists' };

const eventOf = (row: StoredRow): ServerEvent => row.event;

function clampLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be an integer ≥ 1, got ${limit}`);
  return Math.min(limit, MAX_READ);
}
