/**
 * Reads the sync client needs: events of some projects after a local seq (ascending,
 * from the [project_id+seq] index, so unshared projects cost nothing), how many are
 * left, and the `meta` key-value rows (cursors, pairings, outbox positions).
 */
import Dexie from 'dexie';
import type { StoredEvent } from '../../core/journal/types';
import type { JournalDb } from './schema';

/**
 * Events of `projectIds` with seq > `afterSeq`, in seq order, at most `limit`. Every
 * matching event with a seq at or below the last returned one is included.
 */
export async function readProjectsAfter(
  db: JournalDb,
  afterSeq: number,
  projectIds: readonly string[],
  limit: number,
): Promise<StoredEvent[]> {
  const lists = await Promise.all(
    [...new Set(projectIds)].map((project) =>
      db.events
        .where('[project_id+seq]')
        .between([project, afterSeq + 1], [project, Dexie.maxKey], true, true)
        .limit(limit)
        .toArray(),
    ),
  );
  return lists
    .flat()
    .sort((a, b) => a.seq - b.seq)
    .slice(0, limit);
}

/** How many events of `projectIds` have seq > `afterSeq`. */
export async function countProjectsAfter(
  db: JournalDb,
  afterSeq: number,
  projectIds: readonly string[],
): Promise<number> {
  const counts = await Promise.all(
    [...new Set(projectIds)].map((project) =>
      db.events
        .where('[project_id+seq]')
        .between([project, afterSeq + 1], [project, Dexie.maxKey], true, true)
        .count(),
    ),
  );
  return counts.reduce((sum, n) => sum + n, 0);
}

/** The `meta` table as a small async key-value store. */
export interface MetaStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every row whose key starts with `prefix`. */
  list(prefix: string): Promise<{ key: string; value: unknown }[]>;
}

export function createMetaStore(db: JournalDb): MetaStore {
  return {
    get: async <T>(key: string) => (await db.meta.get(key))?.value as T | undefined,
    set: async (key, value) => void (await db.meta.put({ key, value })),
    delete: (key) => db.meta.delete(key),
    list: (prefix) => db.meta.where('key').startsWith(prefix).toArray(),
  };
}
