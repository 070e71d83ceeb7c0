/** Reads of the browser journal: query filters and paging, index choice, tail, scan, count. */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { EventEnvelope } from '../../spec';
import type { JournalQuery, StoredEvent } from '../../core/journal/types';
import { openJournal, type JournalHandle } from './journal';
import { planQuery } from './query';
import { parseQuery } from './query-params';
import { createEventMaker, freshDbName } from './test-support';

const TOTAL = 240;
let journal: JournalHandle;
const all: StoredEvent[] = [];

/** A mix of kinds, corr ids and projects; every 7th event carries an older time (synced in late). */
function makeEvents(): EventEnvelope[] {
  const maker = createEventMaker({ seed: 7 });
  return Array.from({ length: TOTAL }, (_, i) => {
    const context = { corr_id: `c${i % 3}`, ...(i % 4 === 0 ? {} : { project_id: `p${i % 2}` }) };
    const event =
      i % 5 === 0
        ? maker.make('episode.started', { agent: 'probe' }, context)
        : i % 5 === 1
          ? maker.make('tool.ran', { tool: 'search', call_id: `k${i}`, duration_ms: 3 }, context)
          : maker.make('tokens.out', { seq: i, count: 1, text: 't' }, context);
    if (i % 7 === 0) event.time = new Date(Date.UTC(2025, 11, 31, 0, 0, i)).toISOString();
    return event;
  });
}

beforeAll(async () => {
  journal = await openJournal({ name: freshDbName() });
  const events = makeEvents();
  await journal.appendBatch(events.slice(0, 100));
  await journal.appendBatch(events.slice(100));
  await journal.scan((chunk) => void all.push(...chunk), 64);
});
afterAll(() => journal.close());

/** Every page of `query`, following nextBeforeSeq. */
async function allPages(query: JournalQuery): Promise<StoredEvent[][]> {
  const pages: StoredEvent[][] = [];
  let beforeSeq: number | undefined;
  do {
    const page = await journal.query({ ...query, beforeSeq });
    pages.push(page.events);
    beforeSeq = page.nextBeforeSeq;
  } while (beforeSeq !== undefined && pages.length < 1000);
  return pages;
}

const t = (seconds: number) => new Date(Date.UTC(2025, 11, 31, 0, 0, seconds)).toISOString();
const CASES: { name: string; query: JournalQuery; keep: (event: StoredEvent) => boolean }[] = [
  { name: 'no filter', query: {}, keep: () => true },
  { name: 'corrId', query: { corrId: 'c1' }, keep: (e) => e.corr_id === 'c1' },
  { name: 'projectId', query: { projectId: 'p0' }, keep: (e) => e.project_id === 'p0' },
  {
    name: 'corrId + projectId + kind',
    query: { corrId: 'c2', projectId: 'p1', kindPrefixes: ['tokens.'] },
    keep: (e) => e.corr_id === 'c2' && e.project_id === 'p1' && e.kind === 'tokens.out',
  },
  {
    name: 'kind prefixes (OR)',
    query: { kindPrefixes: ['episode.', 'tool.'] },
    keep: (e) => e.kind === 'episode.started' || e.kind === 'tool.ran',
  },
  { name: 'since/until', query: { since: t(30), until: t(150) }, keep: (e) => e.time >= t(30) && e.time < t(150) },
  {
    name: 'since + kind',
    query: { since: '2026-01-01T00:00:00.000Z', kindPrefixes: ['tool.'] },
    keep: (e) => e.time >= '2026-01-01' && e.kind === 'tool.ran',
  },
  { name: 'until alone', query: { until: '2026-01-01T00:00:00Z' }, keep: (e) => e.time < '2026-01-01' },
  { name: 'no match', query: { corrId: 'nobody' }, keep: () => false },
];

describe('query', () => {
  for (const { name, query, keep } of CASES) {
    test(`${name}: pages are newest first with no overlap or gap`, async () => {
      const expected = all.filter(keep).reverse();
      for (const limit of [7, 100]) {
        const pages = await allPages({ ...query, limit });
        expect(pages.flat().map((event) => event.seq)).toEqual(expected.map((event) => event.seq));
        expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
      }
    });
  }

  test('the last page has no nextBeforeSeq', async () => {
    const page = await journal.query({ corrId: 'c0', limit: 1000 });
    expect(page.nextBeforeSeq).toBeUndefined();
    expect(page.events.length).toBe(all.filter((e) => e.corr_id === 'c0').length);
  });

  test('the default page size is 100', async () => {
    expect((await journal.query({})).events).toHaveLength(100);
  });

  test.each([0, 1001, 2.5, Number.NaN])('limit %s is refused with an error naming limit', async (limit) => {
    await expect(journal.query({ limit })).rejects.toMatchObject({
      code: 'journal-query-invalid',
      details: { field: 'limit' },
      message: expect.stringContaining('limit'),
    });
  });

  test('a time that is not ISO is refused naming the field', async () => {
    await expect(journal.query({ since: 'last tuesday' })).rejects.toMatchObject({ details: { field: 'since' } });
  });

  test('the planner prefers corrId, then projectId, then time, then kind, then seq', () => {
    const plan = (query: JournalQuery) => planQuery(parseQuery(query)).index;
    expect(plan({ corrId: 'c', projectId: 'p', since: t(1), kindPrefixes: ['a.'] })).toBe('corr_id');
    expect(plan({ projectId: 'p', since: t(1), kindPrefixes: ['a.'] })).toBe('project_id');
    expect(plan({ until: t(1), kindPrefixes: ['a.'] })).toBe('time');
    expect(plan({ kindPrefixes: ['a.'] })).toBe('kind');
    expect(plan({ kindPrefixes: [''] })).toBe('seq');
  });
});

describe('tail, scan, count', () => {
  test('tail(n) returns the newest n, newest first', async () => {
    const tail = await journal.tail(10);
    expect(tail.map((event) => event.seq)).toEqual(
      all
        .slice(-10)
        .reverse()
        .map((event) => event.seq),
    );
    expect(await journal.tail(0)).toEqual([]);
    expect(await journal.tail(TOTAL + 5)).toHaveLength(TOTAL);
  });

  test('scan delivers every event once, in seq order, in chunks of the given size', async () => {
    const sizes: number[] = [];
    const seqs: number[] = [];
    await journal.scan((chunk) => {
      sizes.push(chunk.length);
      seqs.push(...chunk.map((event) => event.seq));
    }, 100);
    expect(sizes).toEqual([100, 100, 40]);
    expect(seqs).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
  });

  test('count is the number stored', async () => {
    expect(await journal.count()).toBe(TOTAL);
  });
});
