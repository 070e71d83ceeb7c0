/**
 * Answers `Journal.query`: picks the most selective index, reads at most one page plus
 * one row from it (newest first), and filters the remaining conditions in JS. Index
 * order: [corr_id+seq], [project_id+seq], time, [kind+seq], then seq itself.
 */
import Dexie from 'dexie';
import type { JournalPage, JournalQuery, StoredEvent } from '../../core/journal/types';
import type { JournalDb } from './schema';
import { parseQuery, queryMatcher, type ParsedQuery } from './query-params';

/** Which index answers a query; exported so tests can check the choice. */
export type QueryPlan =
  | { readonly index: 'corr_id' | 'project_id'; readonly value: string }
  | { readonly index: 'time' }
  | { readonly index: 'kind' }
  | { readonly index: 'seq' };

/** Keys fetched per round when the plan collects primary keys first (time plan). */
const FETCH_CHUNK = 256;

/** The index to read for `query`, most selective first. */
export function planQuery(query: ParsedQuery): QueryPlan {
  if (query.corrId !== undefined) return { index: 'corr_id', value: query.corrId };
  if (query.projectId !== undefined) return { index: 'project_id', value: query.projectId };
  if (query.since !== undefined || query.until !== undefined) return { index: 'time' };
  if (query.kindPrefixes.length > 0) return { index: 'kind' };
  return { index: 'seq' };
}

type Match = ((event: StoredEvent) => boolean) | undefined;

/**
 * The conditions the plan's key range does not already enforce. Leaving the covered
 * ones out matters: with no JS filter left, Dexie can read the page in one request
 * instead of stepping a cursor row by row.
 */
function residual(query: ParsedQuery, plan: QueryPlan): ParsedQuery {
  const rest: ParsedQuery = { ...query, beforeSeq: undefined }; // every plan bounds seq in its range
  if (plan.index === 'corr_id') rest.corrId = undefined;
  if (plan.index === 'project_id') rest.projectId = undefined;
  if (plan.index === 'time') rest.since = rest.until = undefined;
  if (plan.index === 'kind') rest.kindPrefixes = [];
  return rest;
}

/** Newest-first rows of `[field+seq]` for one value below `beforeSeq`, up to `take`. */
function readCompound(db: JournalDb, field: string, value: string, query: ParsedQuery, match: Match, take: number) {
  const upper = query.beforeSeq ?? Dexie.maxKey;
  let rows = db.events
    .where(`[${field}+seq]`)
    .between([value, Dexie.minKey], [value, upper], true, query.beforeSeq === undefined)
    .reverse();
  if (match) rows = rows.filter(match);
  return rows.limit(take).toArray();
}

/** Newest-first by seq alone. */
function readBySeq(db: JournalDb, query: ParsedQuery, match: Match, take: number): Promise<StoredEvent[]> {
  let rows = (
    query.beforeSeq === undefined ? db.events.toCollection() : db.events.where(':id').below(query.beforeSeq)
  ).reverse();
  if (match) rows = rows.filter(match);
  return rows.limit(take).toArray();
}

/** Per distinct stored kind under the prefixes, its newest rows; merged by seq. */
async function readByKinds(db: JournalDb, query: ParsedQuery, match: Match, take: number): Promise<StoredEvent[]> {
  const kinds = new Set<string>();
  for (const prefix of query.kindPrefixes) {
    // Walks the distinct keys of the virtual `kind` index (from [kind+seq]) only.
    const found = await db.events.where('kind').startsWith(prefix).uniqueKeys();
    for (const kind of found) kinds.add(String(kind));
  }
  const perKind = await Promise.all([...kinds].map((kind) => readCompound(db, 'kind', kind, query, match, take)));
  return perKind
    .flat()
    .sort((a, b) => b.seq - a.seq)
    .slice(0, take);
}

/** Primary keys from the time range (keys only), newest first, fetched in chunks. */
async function readByTime(db: JournalDb, query: ParsedQuery, match: Match, take: number): Promise<StoredEvent[]> {
  const keys = (await db.events
    .where('time')
    .between(query.since ?? Dexie.minKey, query.until ?? Dexie.maxKey, true, false)
    .primaryKeys()) as number[];
  const before = query.beforeSeq ?? Number.POSITIVE_INFINITY;
  const candidates = keys.filter((seq) => seq < before).sort((a, b) => b - a);
  const found: StoredEvent[] = [];
  for (let start = 0; start < candidates.length && found.length < take; start += FETCH_CHUNK) {
    const rows = await db.events.bulkGet(candidates.slice(start, start + FETCH_CHUNK));
    for (const row of rows) if (row && (!match || match(row)) && found.length < take) found.push(row);
  }
  return found;
}

/** Runs `query` (validated first) in one read transaction. */
export async function runQuery(db: JournalDb, input: JournalQuery): Promise<JournalPage> {
  const query = parseQuery(input);
  const plan = planQuery(query);
  const match = queryMatcher(residual(query, plan));
  const take = query.limit + 1; // one extra row tells whether an older page exists
  const rows = await db.transaction('r', db.events, () => {
    switch (plan.index) {
      case 'corr_id':
      case 'project_id':
        return readCompound(db, plan.index, plan.value, query, match, take);
      case 'time':
        return readByTime(db, query, match, take);
      case 'kind':
        return readByKinds(db, query, match, take);
      case 'seq':
        return readBySeq(db, query, match, take);
    }
  });
  const events = rows.slice(0, query.limit);
  return rows.length > query.limit ? { events, nextBeforeSeq: events[events.length - 1]!.seq } : { events };
}
