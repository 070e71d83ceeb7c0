/**
 * The server's event journal in the embedded database: table `events` with a server
 * sequence. `append` validates, de-duplicates by id and commits one transaction
 * (synchronous=FULL: on disk before it returns), then tells listeners. Knows nothing
 * about sockets, principals or HTTP.
 */
import type { EventEnvelope } from '../../spec/envelope';
import type { ServerEvent } from '../../spec/sync-protocol';
import { validateEvent, type FieldIssue } from '../../spec/validate';
import type { EventFilter } from '../../core/sync/filters';
import type { ServerDb } from './db';
import { createEventQueries } from './event-queries';

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
  /** Already stored (same id), earlier or earlier in this batch: not stored again. */
  duplicates: { index: number; id: string; server_seq: number }[];
  rejected: { index: number; id?: string; issues: FieldIssue[] }[];
  /** The newly stored events, ascending. */
  appended: ServerEvent[];
}

export type AppendListener = (events: readonly ServerEvent[], options: { origin: string; source?: string }) => void;

export interface EventStore {
  /** Validates and stores `events` in one durable transaction (see AppendResult). */
  append(events: readonly unknown[], options: AppendOptions): AppendResult;
  /** Events with `server_seq > cursor` matching `filter`, ascending, at most `limit` (≤ 1000). */
  after(cursor: number, filter?: EventFilter, limit?: number): ServerEvent[];
  /** The newest `n` (≤ 1000) events matching `filter`, ascending. */
  tail(n: number, filter?: EventFilter): ServerEvent[];
  /** Every stored event in ascending order, in chunks (to rebuild read-models). */
  replay(onChunk: (events: readonly ServerEvent[]) => void, chunkSize?: number): void;
  /** The stored event with this id, if any. */
  get(id: string): ServerEvent | undefined;
  /** Highest assigned `server_seq` (0 when empty). */
  lastSeq(): number;
  count(): number;
  /** Called after each commit with the newly stored events; returns an unsubscribe. */
  onAppended(listener: AppendListener): () => void;
  /** Current listeners (SSE streams, hubs, read-models, bridges): for metrics and leak checks. */
  listenerCount(): number;
}

/** Most rows one read returns. */
export const MAX_READ = 1000;

/** Creates the table if needed and returns a store over `db`. */
export interface EventStoreOptions {
  onListenerError?: (error: unknown) => void;
  /** Told of each refused event (for metrics): its kind when readable, and the first issue's path. */
  onRejected?: (kind: string, reason: string) => void;
}

export function createEventStore(db: ServerDb, options: EventStoreOptions = {}): EventStore {
  const queries = createEventQueries(db);
  const listeners = new Set<AppendListener>();

  const write = db.transaction((events: readonly unknown[], opts: AppendOptions): AppendResult => {
    const result: AppendResult = { accepted: [], duplicates: [], rejected: [], appended: [] };
    const inBatch = new Map<string, number>();
    events.forEach((input, index) => {
      const checked = validateEvent(input);
      if (!checked.ok) {
        const id = (input as { id?: unknown } | null)?.id;
        result.rejected.push({ index, ...(typeof id === 'string' ? { id } : {}), issues: checked.issues });
        return;
      }
      const event = checked.event;
      const issues = opts.admit?.(event);
      if (issues !== undefined && issues.length > 0) {
        result.rejected.push({ index, id: event.id, issues });
        return;
      }
      const earlier = inBatch.get(event.id) ?? queries.seqOf(event.id);
      if (earlier !== undefined) {
        result.duplicates.push({ index, id: event.id, server_seq: earlier });
        return;
      }
      const seq = queries.insert(event, opts.origin);
      inBatch.set(event.id, seq);
      result.accepted.push({ index, id: event.id, server_seq: seq });
      result.appended.push({ ...event, server_seq: seq });
    });
    return result;
  });

  return {
    append(events, opts) {
      const result = write(events, opts);
      if (options.onRejected) {
        for (const rejected of result.rejected) {
          const kind = (events[rejected.index] as { kind?: unknown } | null)?.kind;
          options.onRejected(typeof kind === 'string' ? kind.slice(0, 64) : 'unknown', rejected.issues[0]?.path ?? 'unknown');
        }
      }
      if (result.appended.length > 0) {
        const note = opts.source === undefined ? { origin: opts.origin } : { origin: opts.origin, source: opts.source };
        for (const listener of listeners) {
          try {
            listener(result.appended, note);
          } catch (error) {
            // One failing listener must not hide a committed write from the others.
            (options.onListenerError ?? ((e) => console.error('[arw] event listener failed:', e)))(error);
          }
        }
      }
      return result;
    },
    after: (cursor, filter = {}, limit = MAX_READ) => queries.after(cursor, filter, clampLimit(limit)),
    tail: (n, filter = {}) => queries.tail(clampLimit(n), filter),
    replay(onChunk, chunkSize = MAX_READ) {
      let cursor = 0;
      for (;;) {
        const rows = queries.after(cursor, {}, clampLimit(chunkSize));
        if (rows.length === 0) return;
        onChunk(rows);
        cursor = rows[rows.length - 1]!.server_seq;
      }
    },
    get: (id) => queries.get(id),
    lastSeq: () => queries.lastSeq(),
    count: () => queries.count(),
    onAppended(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    listenerCount: () => listeners.size,
  };
}

function clampLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be an integer ≥ 1, got ${limit}`);
  return Math.min(limit, MAX_READ);
}
