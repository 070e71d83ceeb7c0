/**
 * The browser journal's contract, shared by its implementations (the Dexie journal and
 * the in-memory test journal). Append-only, but for the erasure of a conversation (SPEC
 * §7); `seq` is the local order of arrival. The server keeps its own store
 * (sync-server/storage/event-store.ts) with `server_seq`.
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

/** What one erasure removed (SPEC §7): the conversation and the ids of the removed events. */
export interface ErasureNote {
  conversationId: string;
  ids: string[];
}

export type ErasureListener = (note: ErasureNote) => void;

export interface Journal {
  /** Validates and appends one event; appends in the same tick share one transaction. */
  append(event: unknown): Promise<StoredEvent>;
  /** Validates all, then appends all in one transaction, or none. */
  appendBatch(events: readonly unknown[]): Promise<StoredEvent[]>;
  /** The newest `n` events, newest first. */
  tail(n: number): Promise<StoredEvent[]>;
  query(query: JournalQuery): Promise<JournalPage>;
  /**
   * Every event in arrival order, in chunks (for rebuilding read-models); with `afterSeq`,
   * only the events whose `seq` is above it (a start from a read-model snapshot, SPEC §8).
   */
  scan(onChunk: (events: readonly StoredEvent[]) => void, chunkSize?: number, afterSeq?: number): Promise<void>;
  count(): Promise<number>;
  /** New events from this tab and every other tab of the app, in commit order per tab. */
  subscribe(listener: JournalListener): () => void;
  /**
   * The one exception to append-only (SPEC §7, spec/journal.md J17): removes, in one
   * transaction, the conversation's `conversation.created|renamed` events and every event
   * of its episodes (`corrIds` plus the episodes whose `episode.started` names it here),
   * except tombstones and `leases.*`. Resolves with the number of rows removed.
   */
  eraseConversation(conversationId: string, corrIds: readonly string[]): Promise<number>;
  /**
   * Every erased conversation's episodes (corr ids) this journal erased, kept beside the
   * events (J17): their `leases.*` events stay, and read-models must still know them.
   */
  erasedEpisodes(): Promise<Record<string, string[]>>;
  /** Erasures in this tab and every other tab of the app (J18); not called when nothing was removed. */
  onErased(listener: ErasureListener): () => void;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
