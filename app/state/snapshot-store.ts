/**
 * The browser's read-model snapshot (SPEC §8): one row of the journal's `meta` table,
 * key `read-models.snapshot`, holding core's `ReadModelSnapshot` as plain data plus
 * what this journal needs to resume exactly (the folded seq ranges near the top, and
 * how big the erasure record was). `openSnapshot` decides whether a stored row may be
 * used; anything it cannot vouch for is refused with a reason, and the stream rebuilds.
 */
import {
  restoreReadModels,
  type ReadModels,
  type ReadModelSnapshot,
  type ReadModelStates,
} from '../../core/read-models';
import type { MetaStore } from '../db/sync-reads';
import { checkRanges, createFoldedSeqs, type FoldedSeqs, type SeqRange } from './folded-seqs';

export const SNAPSHOT_META_KEY = 'read-models.snapshot';

/** The row's value: core's snapshot, and the browser's own resume facts. */
export interface StoredSnapshot extends ReadModelSnapshot {
  /** Folded seq ranges in the window below `position` (folded-seqs.ts): holes there are re-read at start. */
  folded: SeqRange[];
  /**
   * Corr ids in the journal's erasure record (J17) when the snapshot was taken. The
   * record only grows: a bigger one at start means an erasure came after, and the
   * snapshot may still hold erased events (SPEC §8), so it is not used.
   */
  erased: number;
  /** Events the stream counted when it was taken (every seq it holds): a start adds what it folds. */
  count: number;
}

export interface SnapshotStore {
  /** The stored row's value as it is (unchecked), or undefined when there is none. */
  loadSnapshot(): Promise<unknown>;
  saveSnapshot(snapshot: StoredSnapshot): Promise<void>;
  clearSnapshot(): Promise<void>;
}

/** The snapshot row in `meta` (the journal's key-value table). */
export function createSnapshotStore(meta: Pick<MetaStore, 'get' | 'set' | 'delete'>): SnapshotStore {
  return {
    loadSnapshot: () => meta.get(SNAPSHOT_META_KEY),
    saveSnapshot: (snapshot) => meta.set(SNAPSHOT_META_KEY, snapshot),
    clearSnapshot: () => meta.delete(SNAPSHOT_META_KEY),
  };
}

/** What the journal is now, to judge a snapshot against. */
export interface JournalNow {
  /** The newest seq stored (0 when empty). */
  newestSeq: number;
  /** Corr ids in the journal's erasure record now. */
  erased: number;
}

export type OpenedSnapshot =
  | { ok: true; states: ReadModelStates; position: number; folded: FoldedSeqs; count: number }
  | { ok: false; reason: string };

/** Restores `raw` for `models` when it fits the journal as it is now; otherwise why not, in words. */
export function openSnapshot(models: ReadModels, raw: unknown, journal: JournalNow): OpenedSnapshot {
  if (raw === undefined || raw === null) return { ok: false, reason: 'no snapshot stored yet' };
  const restored = restoreReadModels(models, raw);
  if (!restored.ok) return { ok: false, reason: restored.reason };
  const { position } = restored;
  const { folded, erased, count } = raw as Partial<StoredSnapshot>;
  if (position > journal.newestSeq) {
    return {
      ok: false,
      reason: `the snapshot was taken at position ${position}, beyond the journal's newest event (${journal.newestSeq}): the journal is not the one it was taken from`,
    };
  }
  const badRanges = checkRanges(folded, position);
  if (badRanges !== undefined) return { ok: false, reason: `the snapshot's ${badRanges}` };
  if (!Number.isSafeInteger(erased) || (erased as number) < 0) {
    return { ok: false, reason: 'the snapshot has no erasure count (erased must be a whole number, 0 or more)' };
  }
  if (!Number.isSafeInteger(count) || (count as number) < 0) {
    return { ok: false, reason: 'the snapshot has no event count (count must be a whole number, 0 or more)' };
  }
  if (erased !== journal.erased) {
    return {
      ok: false,
      reason: `an erasure came after the snapshot was taken (it knew ${erased as number} erased episodes, the journal now ${journal.erased})`,
    };
  }
  return {
    ok: true,
    states: restored.states,
    position,
    folded: createFoldedSeqs({ top: position, ranges: folded as SeqRange[] }),
    count: count as number,
  };
}
