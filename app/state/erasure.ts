/**
 * The eraser (SPEC §7): applies every `conversation.deleted` tombstone this journal holds
 * or receives (written here, by another tab, or ingested from a sync server). At start
 * it erases what an earlier session left behind; then, on each new batch, it erases the
 * conversation of a new tombstone and any late event of an erased conversation, and
 * deletes this device's Yjs copy of the conversation's thread. It never writes events.
 */
import type { Journal, JournalQuery, StoredEvent } from '../../core/journal/types';
import {
  createErasureIndex,
  erasedConversationOf,
  erasedCorrIds,
  foldErasure,
  noteErasedEpisodes,
  TOMBSTONE_KIND,
  type ErasureIndex,
} from '../../core/read-models/erasure';
import { conversationThread, localDbName, PERSONAL_PROJECT, threadDocName } from '../collab/doc-names';

export interface EraserDeps {
  journal: Journal;
  /** Deletes one IndexedDB database (this device's copy of a Yjs document). */
  deleteDatabase(name: string): Promise<void>;
  onError?(error: unknown): void;
}

export interface Eraser {
  /** Resolves once the start-up pass (leftovers of earlier sessions) is done. */
  ready: Promise<void>;
  /** Resolves once every erasure asked for so far has run. */
  idle(): Promise<void>;
  /** Rows this eraser removed since start. */
  removed(): number;
  readonly index: ErasureIndex;
  dispose(): void;
}

/** Every event matching `query`, oldest page last (the journal pages newest first). */
async function readAll(journal: Journal, query: JournalQuery): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for (let beforeSeq: number | undefined; ;) {
    const page = await journal.query({ ...query, limit: 1000, ...(beforeSeq === undefined ? {} : { beforeSeq }) });
    out.push(...page.events);
    if (page.nextBeforeSeq === undefined) return out;
    beforeSeq = page.nextBeforeSeq;
  }
}

/** Deletes a database without waiting on other tabs' open connections (it completes when they close). */
export function deleteIndexedDb(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onblocked = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`could not delete the database ${name}`));
  });
}

/** Starts the eraser over `deps.journal`; `dispose()` stops listening. */
export function createEraser(deps: EraserDeps): Eraser {
  const { journal } = deps;
  const index = createErasureIndex();
  /** Project of each erased conversation, from its tombstone: names its thread document. */
  const projects = new Map<string, string>();
  let chain: Promise<void> = Promise.resolve();
  let removed = 0;
  let started = false;
  const waiting: StoredEvent[] = [];
  const report = deps.onError ?? ((error: unknown) => console.error('erasing a conversation failed', error));

  const erase = (conversationId: string, withDoc: boolean) => {
    chain = chain.then(async () => {
      try {
        const known = erasedCorrIds(index, conversationId).length;
        removed += await journal.eraseConversation(conversationId, erasedCorrIds(index, conversationId));
        // The journal found the episodes whose stored start names the conversation (J17) and
        // recorded them: a late event of one is known from the record, not from its start.
        const record = await journal.erasedEpisodes();
        noteErasedEpisodes(index, conversationId, record[conversationId] ?? []);
        // Events of those episodes judged before they were known: one more pass takes them.
        if (erasedCorrIds(index, conversationId).length > known)
          removed += await journal.eraseConversation(conversationId, erasedCorrIds(index, conversationId));
        if (withDoc) {
          const project = projects.get(conversationId) ?? PERSONAL_PROJECT;
          await deps.deleteDatabase(localDbName(threadDocName(project, conversationThread(conversationId))));
        }
      } catch (error) {
        report(error);
      }
    });
  };

  /** Folds `events` in and erases what they call for. */
  const handle = (events: readonly StoredEvent[]) => {
    const grown = new Map<string, boolean>();
    for (const event of events) {
      if (event.kind === TOMBSTONE_KIND) {
        const conversation = (event.payload as { conversation_id?: unknown }).conversation_id;
        if (typeof conversation === 'string' && !projects.has(conversation))
          projects.set(conversation, event.project_id ?? PERSONAL_PROJECT);
      }
      const conversation = foldErasure(index, event);
      if (conversation !== undefined) grown.set(conversation, grown.get(conversation) || event.kind === TOMBSTONE_KIND);
    }
    // A late event of an erased conversation (judged after the whole batch is folded).
    for (const event of events) {
      const conversation = erasedConversationOf(index, event);
      if (conversation !== undefined && !grown.has(conversation)) grown.set(conversation, false);
    }
    for (const [conversation, withDoc] of grown) erase(conversation, withDoc);
  };

  // Subscribed first: a batch committed during the start-up reads waits and is handled after.
  const unsubscribe = journal.subscribe((events) => {
    if (started) handle(events);
    else waiting.push(...events);
  });

  const ready = (async () => {
    try {
      // Episodes erased in earlier sessions: a late event of one is known without its start.
      const record = await journal.erasedEpisodes();
      for (const [conversation, corrIds] of Object.entries(record)) noteErasedEpisodes(index, conversation, corrIds);
      // No episode starts are read (they grow with the journal): erasing a tombstone's
      // conversation finds its stored starts itself and records their episodes (J17),
      // which `erase` then notes. An ordinary start without tombstones reads nothing more.
      handle((await readAll(journal, { kindPrefixes: [TOMBSTONE_KIND] })).reverse());
    } catch (error) {
      report(error);
    } finally {
      started = true;
      handle(waiting.splice(0));
    }
    await chain;
  })();

  return {
    ready,
    idle: async () => {
      await ready;
      for (let current = chain; ; current = chain) {
        await current;
        if (current === chain) return;
      }
    },
    removed: () => removed,
    index,
    dispose: unsubscribe,
  };
}
