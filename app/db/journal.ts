/**
 * The browser journal, the only writer of facts: `openJournal` opens the Dexie
 * database and returns a handle implementing core's `Journal` plus its status. It
 * validates before queuing, refuses writes once storage ran out or a newer app
 * version took the database, and tells subscribers in this and other tabs.
 */
import type { Journal, JournalListener, JournalPage, JournalQuery, StoredEvent } from '../../core/journal/types';
import { validateBatch } from '../../core/journal/validate-batch';
import { AppError } from '../../core/errors';
import { createAppendQueue, refusalFor } from './append-queue';
import { createCommitFeed } from './commit-feed';
import { createStatusCell, type JournalStatus, type StatusCell, type StatusListener } from './journal-status';
import { runQuery } from './query';
import { countEvents, readRange, readTail, scanAll } from './reads';
import { DEFAULT_DB_NAME, createJournalDb, installedVersion, versionsOf, type JournalDb } from './schema';
import { backupStores, dropBackups, touchedStores } from './upgrade-backup';
import { closed, isClosedError, isQuotaError, quotaExceeded } from './write-errors';
import { ingestRows, type IngestResult } from './ingest';
import { eraseConversationRows, readErasedEpisodes } from './erase';
import { countProjectsAfter, createMetaStore, readProjectsAfter, type MetaStore } from './sync-reads';
import type { MetaRow } from './schema';
import type { EventLimits } from '../../spec';

export type { JournalStatus, StatusListener } from './journal-status';
export type { IngestResult } from './ingest';
export type { MetaStore } from './sync-reads';

/** A `Journal` with its lifecycle: status for the UI, the error behind it, close(). */
export interface JournalHandle extends Journal {
  status(): JournalStatus;
  /** The error that caused the last status change (quota, version change). */
  lastError(): AppError | undefined;
  onStatus(listener: StatusListener): () => void;
  /** Closes the connection and the channel; later calls reject with 'journal-closed'. */
  close(): void;
  /**
   * Idempotent import (events from a sync server): validates each event, skips ids
   * already stored, adds the rest and `meta` rows in one transaction, tells subscribers.
   */
  ingest(events: readonly unknown[], meta?: readonly MetaRow[]): Promise<IngestResult>;
  /** Events of `projectIds` after local seq `afterSeq`, ascending, at most `limit`. */
  projectsAfter(afterSeq: number, projectIds: readonly string[], limit: number): Promise<StoredEvent[]>;
  countProjectsAfter(afterSeq: number, projectIds: readonly string[]): Promise<number>;
  /** The key-value `meta` table (sync cursors, pairings, outbox positions). */
  meta: MetaStore;
}

export interface OpenJournalOptions {
  /** Database name (default 'arw-journal'); also names the channel `arw-journal:<name>`. */
  name?: string;
  /** An already built database (tests: an older schema version); `name` is then ignored. */
  db?: JournalDb;
  onStatus?: StatusListener;
  /** Depth and size bounds for appended and ingested events (default: spec/limits.ts). */
  limits?: EventLimits;
}

/**
 * Opens the journal. Rejects with AppError 'journal-unavailable' when IndexedDB cannot
 * be opened (private windows, disabled storage), and with 'journal-closed' when a newer
 * app version already upgraded the database (this tab must reload to get that version).
 */
export async function openJournal(options: OpenJournalOptions = {}): Promise<JournalHandle> {
  const db = options.db ?? createJournalDb(options.name ?? DEFAULT_DB_NAME);
  const installed = await installedVersion(db.name).catch(() => undefined);
  if (installed !== undefined && installed > db.verno) {
    const message = `the journal is at schema version ${installed}, newer than this app's ${db.verno}; reload to update the app`;
    throw new AppError('journal-closed', message, { details: { installed, supported: db.verno } });
  }
  const status = createStatusCell();
  if (options.onStatus) status.subscribe(options.onStatus);
  // Another tab opening a newer version: close instead of blocking its upgrade. Dexie's
  // own handler closes too but allows auto-reopen, which would let old code write
  // under a newer schema; close() without options disables that.
  db.on('versionchange', () => {
    db.close();
    status.advance('closed', closed());
  });
  const backup = await keepWhatTheUpgradeTouches(db, installed);
  try {
    await db.open();
  } catch (error) {
    // Dexie runs the upgrades in IndexedDB's versionchange transaction: one that throws
    // aborts it, and the browser puts the database back as it was (checked in
    // fake-indexeddb and Chromium: same version, same rows). Confirm before saying so.
    const after = installed === undefined ? undefined : await installedVersion(db.name).catch(() => undefined);
    if (installed !== undefined && installed < db.verno && after === installed) {
      const message = `the journal could not be upgraded from schema version ${installed} to ${db.verno} (${describeCause(error)}); it was rolled back and is still at version ${installed} with all its data`;
      throw new AppError('journal-upgrade-failed', message, {
        cause: error,
        details: { installed, target: db.verno },
      });
    }
    throw new AppError('journal-unavailable', `the journal database could not be opened (${describeCause(error)})`, {
      cause: error,
    });
  }
  // Opened: copies kept by earlier upgrades have served; this one's waits for the next open.
  await dropBackups(db.name, backup).catch(() => undefined);
  return createHandle(db, status, options.limits);
}

/** Copies the stores the pending upgrades touch (nothing when none touches data); the copy's name. */
async function keepWhatTheUpgradeTouches(db: JournalDb, installed: number | undefined): Promise<string | undefined> {
  if (installed === undefined || installed >= db.verno) return undefined;
  const stores = touchedStores(versionsOf(db), installed);
  if (stores.length === 0) return undefined;
  try {
    return await backupStores(db.name, installed, stores);
  } catch (error) {
    const message = `the journal was not upgraded from schema version ${installed} to ${db.verno}: keeping a copy of ${stores.join(', ')} first failed (${describeCause(error)}); nothing was changed`;
    throw new AppError('journal-upgrade-failed', message, { cause: error, details: { installed, target: db.verno } });
  }
}

/** The meta store behind the journal's closed-state guard. */
function guardedMeta(meta: MetaStore, guarded: <T>(read: () => Promise<T>) => Promise<T>): MetaStore {
  return {
    get: (key) => guarded(() => meta.get(key)),
    set: (key, value) => guarded(() => meta.set(key, value)),
    delete: (key) => guarded(() => meta.delete(key)),
    list: (prefix) => guarded(() => meta.list(prefix)),
  };
}

function describeCause(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function createHandle(db: JournalDb, status: StatusCell, limits: EventLimits | undefined): JournalHandle {
  const feed = createCommitFeed({
    channelName: `arw-journal:${db.name}`,
    readRange: (first, last) => guarded(() => readRange(db, first, last)),
  });
  const queue = createAppendQueue({ db, status, onCommit: (stored) => feed.publish(stored) });
  status.subscribe((next) => {
    if (next === 'closed') feed.close();
  });

  /** Runs a read unless closed; a connection lost mid-read becomes 'journal-closed'. */
  async function guarded<T>(read: () => Promise<T>): Promise<T> {
    if (status.current() === 'closed') throw refusalFor(status);
    try {
      return await read();
    } catch (error) {
      if (isClosedError(error)) throw closed(error);
      throw error;
    }
  }

  return {
    async append(event: unknown): Promise<StoredEvent> {
      const [stored] = await queue.enqueue(validateBatch([event], limits));
      return stored!;
    },
    async appendBatch(events: readonly unknown[]): Promise<StoredEvent[]> {
      if (events.length === 0) return [];
      return queue.enqueue(validateBatch(events, limits));
    },
    tail: (n: number) => guarded(() => readTail(db, n)),
    query: (query: JournalQuery): Promise<JournalPage> => guarded(() => runQuery(db, query)),
    scan: (onChunk, chunkSize, afterSeq) => guarded(() => scanAll(db, onChunk, chunkSize, afterSeq)),
    count: () => guarded(() => countEvents(db)),
    subscribe: (listener: JournalListener) => feed.subscribe(listener),
    async eraseConversation(conversationId, corrIds) {
      // Allowed while read-only: removing rows is how a full disk gets room back.
      const { ids } = await guarded(() => eraseConversationRows(db, conversationId, corrIds));
      feed.publishErased({ conversationId, ids });
      return ids.length;
    },
    erasedEpisodes: () => guarded(() => readErasedEpisodes(db)),
    onErased: (listener) => feed.onErased(listener),
    async ingest(events, meta = []) {
      const refusal = refusalFor(status);
      if (refusal) throw refusal;
      let result: IngestResult;
      try {
        result = await ingestRows(db, events, meta, limits);
      } catch (error) {
        if (isQuotaError(error)) {
          const appError = quotaExceeded(error);
          status.advance('read-only', appError);
          throw appError;
        }
        if (isClosedError(error)) throw closed(error);
        throw error;
      }
      feed.publish(result.stored);
      return result;
    },
    projectsAfter: (afterSeq, projectIds, limit) => guarded(() => readProjectsAfter(db, afterSeq, projectIds, limit)),
    countProjectsAfter: (afterSeq, projectIds) => guarded(() => countProjectsAfter(db, afterSeq, projectIds)),
    meta: guardedMeta(createMetaStore(db), guarded),
    status: () => status.current(),
    lastError: () => status.lastError(),
    onStatus: (listener) => status.subscribe(listener),
    close() {
      status.advance('closed');
      feed.close();
      db.close();
    },
  };
}
