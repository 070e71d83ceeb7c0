/**
 * A small in-memory `Journal` for the app's state tests, without IndexedDB. It keeps the
 * journal's contract (spec/journal.md J1–J13, proved by journal-contract.ts against it
 * and the Dexie journal): validation, duplicate ids, seq order, newest-first reads and
 * paging, subscribers and idempotent ingest. Test-only: nothing here is durable.
 */
import type { EventEnvelope, EventLimits } from '../../../spec';
import { AppError } from '../../../core/errors';
import { validateBatch } from '../../../core/journal/validate-batch';
import type { ErasureListener, Journal, JournalListener, JournalPage, StoredEvent } from '../../../core/journal/types';
import { isErasable } from '../../../core/read-models/erasure';
import { sortInputs, type IngestResult } from '../../db/ingest';
import { parseQuery, queryMatcher } from '../../db/query-params';
import { duplicateId } from '../../db/write-errors';

export interface MemoryJournal extends Journal {
  readonly events: StoredEvent[];
  /** Idempotent import, as the browser journal's (J4, J6): ids already stored are skipped. */
  ingest(events: readonly unknown[]): Promise<IngestResult>;
  /** Makes the next appends reject with `error`. */
  failWith(error: unknown): void;
}

export interface MemoryJournalOptions {
  /** Depth and size bounds (default: spec/limits.ts), as the browser journal takes them. */
  limits?: EventLimits;
}

/** The same refusal as the browser journal's reads for a bad count or chunk size (J11). */
function checkInteger(field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    const kind = min === 0 ? 'non-negative' : 'positive';
    throw new AppError(
      'journal-query-invalid',
      `invalid journal read: ${field} must be a ${kind} integer, got ${String(value)}`,
      { details: { field } },
    );
  }
}

/** A journal holding `initial` (validated like any append) and whatever is appended later. */
export function createMemoryJournal(
  initial: readonly EventEnvelope[] = [],
  options: MemoryJournalOptions = {},
): MemoryJournal {
  const events: StoredEvent[] = [];
  const ids = new Set<string>();
  const listeners = new Set<JournalListener>();
  const erasureListeners = new Set<ErasureListener>();
  const erasedEpisodes = new Map<string, Set<string>>();
  let failure: unknown;
  let lastSeq = 0;

  const deliver = (stored: readonly StoredEvent[]) => {
    if (stored.length === 0) return;
    for (const listener of [...listeners]) {
      try {
        listener(stored);
      } catch (error) {
        console.error('journal subscriber failed', error);
      }
    }
  };
  const store = (batch: readonly EventEnvelope[]): StoredEvent[] => {
    const out = batch.map((event) => {
      // A counter, not the length: erasure removes rows and seq never repeats (J3).
      const stored: StoredEvent = { ...event, seq: ++lastSeq };
      events.push(stored);
      ids.add(event.id);
      return stored;
    });
    deliver(out);
    return out;
  };
  /** Validates, refuses duplicate ids (J5), then stores all or nothing (J2). */
  const append = (batch: readonly unknown[]): StoredEvent[] => {
    const valid = validateBatch(batch, options.limits);
    if (failure) throw failure;
    const seen = new Set<string>();
    const repeated = new Set<string>();
    for (const event of valid) (seen.has(event.id) || ids.has(event.id) ? repeated : seen).add(event.id);
    if (repeated.size > 0) throw duplicateId([...repeated], undefined);
    return store(valid);
  };
  store(validateBatch(initial, options.limits));

  return {
    events,
    failWith: (error) => void (failure = error),
    async append(event) {
      return append([event])[0]!;
    },
    async appendBatch(batch) {
      return batch.length === 0 ? [] : append(batch);
    },
    async tail(n) {
      checkInteger('n', n, 0);
      return n === 0 ? [] : events.slice(-n).reverse();
    },
    async query(query): Promise<JournalPage> {
      const parsed = parseQuery(query);
      const match = queryMatcher(parsed);
      const found = (match ? events.filter(match) : events.slice()).reverse();
      const page = found.slice(0, parsed.limit);
      return found.length > parsed.limit
        ? { events: page, nextBeforeSeq: page[page.length - 1]!.seq }
        : { events: page };
    },
    async scan(onChunk, chunkSize = 500, afterSeq) {
      checkInteger('chunkSize', chunkSize, 1);
      if (afterSeq !== undefined) checkInteger('afterSeq', afterSeq, 0);
      const after = afterSeq === undefined ? events : events.filter((event) => event.seq > afterSeq);
      for (let i = 0; i < after.length; i += chunkSize) onChunk(after.slice(i, i + chunkSize));
    },
    async count() {
      return events.length;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async eraseConversation(conversationId, corrIds) {
      // The same rule as the Dexie journal's (app/db/erase.ts), over the array.
      const names = (event: StoredEvent) =>
        (event.payload as { conversation_id?: unknown }).conversation_id === conversationId;
      const episodes = new Set(corrIds);
      for (const event of events)
        if (event.kind === 'episode.started' && event.corr_id !== undefined && names(event))
          episodes.add(event.corr_id);
      const doomed = (event: StoredEvent) =>
        ((event.kind === 'conversation.created' || event.kind === 'conversation.renamed') && names(event)) ||
        (event.corr_id !== undefined && episodes.has(event.corr_id) && isErasable(event.kind));
      const removed = events.filter(doomed).map((event) => event.id);
      if (episodes.size > 0)
        erasedEpisodes.set(conversationId, new Set([...(erasedEpisodes.get(conversationId) ?? []), ...episodes]));
      if (removed.length === 0) return 0;
      const keep = events.filter((event) => !doomed(event));
      events.splice(0, events.length, ...keep);
      // Freed, as IndexedDB's unique index frees them: a late copy is stored again (and erased again).
      for (const id of removed) ids.delete(id);
      for (const listener of [...erasureListeners]) {
        try {
          listener({ conversationId, ids: removed });
        } catch (error) {
          console.error('journal erasure listener failed', error);
        }
      }
      return removed.length;
    },
    async erasedEpisodes() {
      return Object.fromEntries([...erasedEpisodes].map(([conversation, corrIds]) => [conversation, [...corrIds]]));
    },
    onErased(listener) {
      erasureListeners.add(listener);
      return () => erasureListeners.delete(listener);
    },
    async ingest(inputs) {
      const { valid, invalid } = sortInputs(inputs, options.limits);
      const taken = new Set(ids);
      const fresh: EventEnvelope[] = [];
      const skipped: string[] = [];
      for (const event of valid) {
        if (taken.has(event.id)) skipped.push(event.id);
        else {
          taken.add(event.id);
          fresh.push(event);
        }
      }
      return { stored: store(fresh), skipped, invalid };
    },
  };
}
