/**
 * A small in-memory `Journal` for the app's state tests: same contract (newest-first
 * tail/query, chunked scan, subscribe) without IndexedDB or validation. Test-only.
 */
import type { EventEnvelope } from '../../../spec';
import type { Journal, JournalListener, JournalPage, JournalQuery, StoredEvent } from '../../../core/journal/types';

export interface MemoryJournal extends Journal {
  readonly events: StoredEvent[];
  /** Makes the next appends reject with `error`. */
  failWith(error: unknown): void;
}

export function createMemoryJournal(initial: readonly EventEnvelope[] = []): MemoryJournal {
  const events: StoredEvent[] = [];
  const listeners = new Set<JournalListener>();
  let failure: unknown;
  const store = (batch: readonly unknown[]): StoredEvent[] => {
    const out = batch.map((event) => {
      const stored = { ...(event as EventEnvelope), seq: events.length + 1 } as StoredEvent;
      events.push(stored);
      return stored;
    });
    for (const listener of listeners) listener(out);
    return out;
  };
  for (const event of initial) events.push({ ...event, seq: events.length + 1 });
  const matches = (query: JournalQuery) => (event: StoredEvent) =>
    (!query.corrId || event.corr_id === query.corrId) &&
    (!query.projectId || event.project_id === query.projectId) &&
    (!query.kindPrefixes?.length || query.kindPrefixes.some((prefix) => event.kind.startsWith(prefix))) &&
    (query.beforeSeq === undefined || event.seq < query.beforeSeq);
  return {
    events,
    failWith: (error) => void (failure = error),
    async append(event) {
      if (failure) throw failure;
      return store([event])[0]!;
    },
    async appendBatch(batch) {
      if (failure) throw failure;
      return store(batch);
    },
    async tail(n) {
      return events.slice(-n).reverse();
    },
    async query(query): Promise<JournalPage> {
      const limit = query.limit ?? 100;
      const found = events.filter(matches(query)).reverse();
      const page = found.slice(0, limit);
      return found.length > limit ? { events: page, nextBeforeSeq: page[page.length - 1]!.seq } : { events: page };
    },
    async scan(onChunk, chunkSize = 500) {
      for (let i = 0; i < events.length; i += chunkSize) onChunk(events.slice(i, i + chunkSize));
    },
    async count() {
      return events.length;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
