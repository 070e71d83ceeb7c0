/**
 * The browser journal's contract, shared by its implementations (the Dexie journal and
 * the in-memory test journal). Append-only; `seq` is the local order of arrival. The
 * server keeps its own store (sync-server/storage/event-store.ts) with `server_seq`.
 */
import type { EventEnvelope } from '../../spec';

/** An event as a journal stored it: the envelope plus the local arrival sequence. */
export type StoredEvent = EventEnvelope & { readonly seq: number };

export interface JournalQuery {
  /** Kind prefixes, OR-combined (`episode.`, `tool.`); empty or absent = all kinds. */
  kindPrefixes?: readonly string[];
  corrId?: string;
  projectId?: string;
  /** ISO time, inclusive lower bound. */
  since?: string;
  /** ISO time, exclusive upper bound. */
  until?: string;
  /** Paging cursor: only events with `seq` below this. */
  beforeSeq?: number;
  /** Page size, 1–1000 (default 100). */
  limit?: number;
}

export interface JournalPage {
  /** Newest first. */
  events: StoredEvent[];
  /** Pass as `beforeSeq` for the next (older) page; absent on the last page. */
  nextBeforeSeq?: number;
}

export type JournalListener = (events: readonly StoredEvent[]) => void;

export interface Journal {
  /** Validates and appends one event; appends in the same tick share one transaction. */
  append(event: unknown): Promise<StoredEvent>;
  /** Validates all, then appends all in one transaction, or none. */
  appendBatch(events: readonly unknown[]): Promise<StoredEvent[]>;
  /** The newest `n` events, newest first. */
  tail(n: number): Promise<StoredEvent[]>;
  query(query: JournalQuery): Promise<JournalPage>;
  /** Every event in arrival order, in chunks (for rebuilding read-models). */
  scan(onChunk: (events: readonly StoredEvent[]) => void, chunkSize?: number): Promise<void>;
  count(): Promise<number>;
  /** New events from this tab and every other tab of the app, in commit order per tab. */
  subscribe(listener: JournalListener): () => void;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
