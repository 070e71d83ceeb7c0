/**
 * Fan-out of committed events: listeners in this tab get the stored events directly;
 * other tabs get a BroadcastChannel note `{first, last}` of the seq range and read
 * those rows from their own connection. Posting a range, not the events, keeps the
 * write path free of a second structured clone; the rows in IndexedDB are the truth.
 * Erasures (SPEC §7) go the same way, as a note naming the conversation and the ids.
 */
import type { ErasureListener, ErasureNote, JournalListener, StoredEvent } from '../../core/journal/types';

/** The message on `arw-journal:<name>`; `v` lets a newer app ignore an older shape. */
interface CommitNote {
  type: 'appended';
  v: 1;
  first: number;
  last: number;
}

/** Another tab erased a conversation (J18): the ids it removed. */
interface ErasedNote {
  type: 'erased';
  v: 1;
  conversationId: string;
  ids: string[];
}

function isErasedNote(data: unknown): data is ErasedNote {
  const note = data as Partial<ErasedNote> | null;
  return (
    note !== null &&
    typeof note === 'object' &&
    note.type === 'erased' &&
    note.v === 1 &&
    typeof note.conversationId === 'string' &&
    Array.isArray(note.ids) &&
    note.ids.every((id) => typeof id === 'string')
  );
}

function isCommitNote(data: unknown): data is CommitNote {
  const note = data as Partial<CommitNote> | null;
  return (
    note !== null &&
    typeof note === 'object' &&
    note.type === 'appended' &&
    note.v === 1 &&
    Number.isSafeInteger(note.first) &&
    Number.isSafeInteger(note.last) &&
    note.first! <= note.last!
  );
}

export interface CommitFeed {
  /** Tells local listeners now and other tabs through the channel. */
  publish(stored: readonly StoredEvent[]): void;
  subscribe(listener: JournalListener): () => void;
  /** Tells local erasure listeners now and other tabs through the channel. */
  publishErased(note: ErasureNote): void;
  onErased(listener: ErasureListener): () => void;
  close(): void;
}

export interface CommitFeedDeps {
  /** BroadcastChannel name; tabs of one origin sharing it see each other's commits. */
  channelName: string;
  /** Reads the rows with `first <= seq <= last` (another tab's commit). */
  readRange(first: number, last: number): Promise<StoredEvent[]>;
}

/** Builds the feed; without BroadcastChannel (old runtimes) it stays tab-local. */
export function createCommitFeed(deps: CommitFeedDeps): CommitFeed {
  const listeners = new Set<JournalListener>();
  const erasureListeners = new Set<ErasureListener>();
  const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(deps.channelName);
  // Notes are handled one after another, so other tabs' commits reach listeners in
  // the order they were posted even though each needs an asynchronous read.
  let remoteChain: Promise<void> = Promise.resolve();

  function deliver(events: readonly StoredEvent[]): void {
    for (const listener of [...listeners]) {
      try {
        listener(events);
      } catch (error) {
        console.error('journal subscriber failed', error);
      }
    }
  }

  function deliverErased(note: ErasureNote): void {
    for (const listener of [...erasureListeners]) {
      try {
        listener(note);
      } catch (error) {
        console.error('journal erasure listener failed', error);
      }
    }
  }

  if (channel) {
    // Node's BroadcastChannel would otherwise keep a test process alive.
    (channel as { unref?: () => void }).unref?.();
    channel.onmessage = (message: MessageEvent) => {
      const note: unknown = message.data;
      if (isErasedNote(note)) {
        // Queued behind earlier commits: an erasure never overtakes the rows it removes.
        const { conversationId, ids } = note;
        remoteChain = remoteChain.then(() => deliverErased({ conversationId, ids }));
        return;
      }
      if (!isCommitNote(note) || listeners.size === 0) return;
      remoteChain = remoteChain
        .then(() => deps.readRange(note.first, note.last))
        .then((events) => {
          if (events.length > 0) deliver(events);
        })
        .catch(() => undefined); // a closed connection cannot read; its status already says so
    };
  }

  return {
    publish(stored) {
      if (stored.length === 0) return;
      if (listeners.size > 0) deliver(stored);
      const note: CommitNote = { type: 'appended', v: 1, first: stored[0]!.seq, last: stored[stored.length - 1]!.seq };
      channel?.postMessage(note);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publishErased(note) {
      if (note.ids.length === 0) return;
      deliverErased(note);
      const message: ErasedNote = { type: 'erased', v: 1, conversationId: note.conversationId, ids: note.ids };
      channel?.postMessage(message);
    },
    onErased(listener) {
      erasureListeners.add(listener);
      return () => erasureListeners.delete(listener);
    },
    close() {
      listeners.clear();
      erasureListeners.clear();
      channel?.close();
    },
  };
}
