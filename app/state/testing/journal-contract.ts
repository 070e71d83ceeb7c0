/**
 * The journal's contract suite (spec/journal.md J1–J13), in tldraw's manner: one function
 * that declares the tests, called once per implementation (app/db/journal-contract.test.ts
 * runs it against the Dexie journal and the in-memory test journal). Where they differ,
 * the implementation is fixed, never the contract.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { EventEnvelope } from '../../../spec';
import { EVENT_MAX_BYTES, EVENT_MAX_DEPTH } from '../../../spec';
import type { Journal, JournalQuery, StoredEvent } from '../../../core/journal/types';
import type { IngestResult } from '../../db/ingest';
import { createEventMaker, tokenEvent } from '../../db/test-support';

/** What every journal under contract offers: core's `Journal` plus idempotent ingest. */
export interface ContractJournal extends Journal {
  ingest(events: readonly unknown[]): Promise<IngestResult>;
}

/** A fresh, empty journal and how to release it after the test. */
export interface ContractSubject {
  journal: ContractJournal;
  close(): void;
}

const TOTAL = 130;
const old = (seconds: number) => new Date(Date.UTC(2025, 11, 31, 0, 0, seconds)).toISOString();

/** A mix of kinds, corr ids and projects; every 7th event carries an older time (synced in late). */
function mixedEvents(): EventEnvelope[] {
  const maker = createEventMaker({ seed: 7 });
  return Array.from({ length: TOTAL }, (_, i) => {
    const context = { corr_id: `c${i % 3}`, ...(i % 4 === 0 ? {} : { project_id: `p${i % 2}` }) };
    const event =
      i % 5 === 0
        ? maker.make('episode.started', { agent: 'probe' }, context)
        : i % 5 === 1
          ? maker.make('tool.ran', { tool: 'search', call_id: `k${i}`, duration_ms: 3 }, context)
          : maker.make('tokens.out', { seq: i, count: 1, text: 't' }, context);
    if (i % 7 === 0) event.time = old(i);
    return event;
  });
}

/** `levels` objects nested in one another, built without recursion. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

const QUERIES: { name: string; query: JournalQuery; keep: (event: StoredEvent) => boolean }[] = [
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
  {
    name: 'since/until',
    query: { since: old(30), until: old(100) },
    keep: (e) => e.time >= old(30) && e.time < old(100),
  },
  {
    name: 'until + kind',
    query: { until: '2026-01-01T00:00:00Z', kindPrefixes: ['tokens.'] },
    keep: (e) => e.time < '2026-01-01' && e.kind === 'tokens.out',
  },
  { name: 'no match', query: { corrId: 'nobody' }, keep: () => false },
];

/** Declares the contract's tests for the journals `makeImpl` builds (a fresh one per call). */
export function journalContract(name: string, makeImpl: () => Promise<ContractSubject>): void {
  describe(`${name} (journal contract)`, () => {
    const open: ContractSubject[] = [];
    afterEach(() => open.splice(0).forEach((subject) => subject.close()));
    const fresh = async () => {
      const subject = await makeImpl();
      open.push(subject);
      return { journal: subject.journal, maker: createEventMaker() };
    };
    /** Every page of `query`, following nextBeforeSeq. */
    const allPages = async (journal: Journal, query: JournalQuery) => {
      const pages: StoredEvent[][] = [];
      let beforeSeq: number | undefined;
      do {
        const page = await journal.query({ ...query, beforeSeq });
        pages.push(page.events);
        beforeSeq = page.nextBeforeSeq;
      } while (beforeSeq !== undefined && pages.length < 1000);
      return pages;
    };

    test('J1: an invalid event rejects only its own call with event-invalid naming the field', async () => {
      const { journal, maker } = await fresh();
      const bad = { ...tokenEvent(maker, 1), time: 'yesterday' };
      const results = await Promise.allSettled([
        journal.append(tokenEvent(maker, 0)),
        journal.append(bad),
        journal.append(tokenEvent(maker, 2)),
      ]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason).toMatchObject({
        code: 'event-invalid',
        message: expect.stringContaining('time'),
      });
      expect(await journal.count()).toBe(2);
    });

    test('J1 J2: a batch with one invalid event names its index and field and writes nothing', async () => {
      const { journal, maker } = await fresh();
      const batch = [
        tokenEvent(maker, 0),
        tokenEvent(maker, 1),
        { ...tokenEvent(maker, 2), payload: { seq: -1, count: 1, text: 'x' } },
      ];
      const error = await journal.appendBatch(batch).catch((caught: unknown) => caught);
      expect(error).toMatchObject({
        code: 'event-invalid',
        message: expect.stringMatching(/event 2 of the batch.*payload\.seq/),
      });
      expect(await journal.count()).toBe(0);
    });

    test('J1: events past the depth or size bound are refused naming payload and the limit', async () => {
      const { journal, maker } = await fresh();
      const deep = {
        ...tokenEvent(maker, 0),
        payload: { seq: 0, count: 1, text: '', data: nested(EVENT_MAX_DEPTH + 10) },
      };
      await expect(journal.append(deep)).rejects.toMatchObject({
        code: 'event-invalid',
        details: { issues: [{ path: 'payload', message: expect.stringContaining(String(EVENT_MAX_DEPTH)) }] },
      });
      const big = tokenEvent(maker, 1, {}, EVENT_MAX_BYTES + 1);
      await expect(journal.append(big)).rejects.toMatchObject({
        code: 'event-invalid',
        details: {
          issues: [{ path: 'payload', message: expect.stringContaining(`limit is ${EVENT_MAX_BYTES} bytes`) }],
        },
      });
      expect(await journal.count()).toBe(0);
    });

    test('J2 J3: seqs are positive and increase in call order across appends and batches', async () => {
      const { journal, maker } = await fresh();
      const events = [0, 1, 2, 3, 4, 5].map((i) => tokenEvent(maker, i));
      const stored = [
        await journal.append(events[0]!),
        ...(await Promise.all([journal.appendBatch(events.slice(1, 3)), journal.append(events[3]!)])).flat(),
        ...(await journal.appendBatch(events.slice(4))),
      ];
      expect(stored.map((event) => event.id)).toEqual(events.map((event) => event.id));
      expect(stored[0]!.seq).toBeGreaterThan(0);
      for (let i = 1; i < stored.length; i++) expect(stored[i]!.seq).toBeGreaterThan(stored[i - 1]!.seq);
      expect(stored[1]!.payload).toMatchObject({ seq: 1 });
      expect(await journal.count()).toBe(6);
    });

    test('J4: a duplicate event id is ignored by ingest, and ingesting again changes nothing', async () => {
      const { journal } = await fresh();
      const other = createEventMaker({ actor: 'device:other' });
      const [a, b, c] = [0, 1, 2].map((i) => tokenEvent(other, i, { project_id: 'p1' }));
      await journal.append(a!);
      const result = await journal.ingest([a, b, b, c]);
      expect(result.stored.map((event) => event.id)).toEqual([b!.id, c!.id]);
      expect(result.skipped).toEqual([a!.id, b!.id]);
      expect(result.invalid).toEqual([]);
      expect(await journal.count()).toBe(3);
      const again = await journal.ingest([a, b, c]);
      expect(again.stored).toEqual([]);
      expect(again.skipped).toEqual([a!.id, b!.id, c!.id]);
      expect(await journal.count()).toBe(3);
    });

    test('J5: a duplicate event id is refused by append, named, and nothing of its batch is written', async () => {
      const { journal, maker } = await fresh();
      const first = tokenEvent(maker, 0);
      await journal.append(first);
      const error = await journal.appendBatch([tokenEvent(maker, 1), first]).catch((caught: unknown) => caught);
      expect(error).toMatchObject({
        code: 'event-invalid',
        message: expect.stringContaining(first.id),
        details: { reason: 'duplicate-id', ids: [first.id] },
      });
      const twice = tokenEvent(maker, 2);
      await expect(journal.appendBatch([twice, tokenEvent(maker, 3), twice])).rejects.toMatchObject({
        code: 'event-invalid',
      });
      expect(await journal.count()).toBe(1);
    });

    test('J2 J5: a duplicate among simultaneous appends fails only its own caller', async () => {
      const { journal, maker } = await fresh();
      const stored = tokenEvent(maker, 0);
      await journal.append(stored);
      const results = await Promise.allSettled([
        journal.append(tokenEvent(maker, 1)),
        journal.append(stored),
        journal.append(tokenEvent(maker, 2)),
      ]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const seqs = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value.seq] : []));
      expect(seqs[0]).toBeLessThan(seqs[1]!);
      expect(await journal.count()).toBe(3);
    });

    test('J6: ingest reports an invalid event alone with its field and stores its neighbours', async () => {
      const { journal, maker } = await fresh();
      const good = tokenEvent(maker, 0, { project_id: 'p1' });
      const bad = { ...tokenEvent(maker, 1), kind: 'Not Valid' };
      const deep = {
        ...tokenEvent(maker, 2),
        payload: { seq: 2, count: 1, text: '', data: nested(EVENT_MAX_DEPTH + 10) },
      };
      const result = await journal.ingest([bad, good, deep]);
      expect(result.stored.map((event) => event.id)).toEqual([good.id]);
      expect(result.invalid).toEqual([
        { index: 0, id: bad.id, issues: [expect.objectContaining({ path: 'kind' })] },
        {
          index: 2,
          id: deep.id,
          issues: [{ path: 'payload', message: expect.stringContaining(String(EVENT_MAX_DEPTH)) }],
        },
      ]);
      expect(await journal.count()).toBe(1);
    });

    test('J7: CamelCase kinds are stored normalized', async () => {
      const { journal, maker } = await fresh();
      expect((await journal.append({ ...tokenEvent(maker, 0), kind: 'Tokens.Out' })).kind).toBe('tokens.out');
      expect((await journal.tail(1))[0]!.kind).toBe('tokens.out');
    });

    test('J8: tail is newest first, scan gives every event once in seq order and in chunks, count is what is stored', async () => {
      const { journal, maker } = await fresh();
      const stored = await journal.appendBatch(Array.from({ length: 25 }, (_, i) => tokenEvent(maker, i)));
      expect((await journal.tail(10)).map((event) => event.seq)).toEqual(
        stored
          .slice(-10)
          .reverse()
          .map((event) => event.seq),
      );
      expect(await journal.tail(0)).toEqual([]);
      expect(await journal.tail(30)).toHaveLength(25);
      const sizes: number[] = [];
      const seqs: number[] = [];
      await journal.scan((chunk) => {
        sizes.push(chunk.length);
        seqs.push(...chunk.map((event) => event.seq));
      }, 10);
      expect(sizes).toEqual([10, 10, 5]);
      expect(seqs).toEqual(stored.map((event) => event.seq));
      expect(await journal.count()).toBe(25);
    });

    test('J8: scan with afterSeq gives only the events above it, in seq order and in chunks', async () => {
      const { journal, maker } = await fresh();
      const stored = await journal.appendBatch(Array.from({ length: 25 }, (_, i) => tokenEvent(maker, i)));
      const scanAfter = async (afterSeq: number, chunkSize = 4) => {
        const chunks: number[][] = [];
        await journal.scan((chunk) => void chunks.push(chunk.map((event) => event.seq)), chunkSize, afterSeq);
        return chunks;
      };
      const pivot = stored[14]!.seq;
      const chunks = await scanAfter(pivot);
      expect(chunks.map((chunk) => chunk.length)).toEqual([4, 4, 2]);
      expect(chunks.flat()).toEqual(stored.slice(15).map((event) => event.seq));
      expect((await scanAfter(0, 100)).flat()).toEqual(stored.map((event) => event.seq));
      expect(await scanAfter(stored[24]!.seq)).toEqual([]);
      expect(await scanAfter(stored[24]!.seq + 1000)).toEqual([]);
    });

    test('J9 J10: every filter pages newest first with no overlap or gap, full pages but the last, which has no cursor', async () => {
      const { journal } = await fresh();
      const events = mixedEvents();
      await journal.appendBatch(events.slice(0, 60));
      await journal.appendBatch(events.slice(60));
      const all: StoredEvent[] = [];
      await journal.scan((chunk) => void all.push(...chunk), 64);
      for (const { name: filter, query, keep } of QUERIES) {
        const expected = all
          .filter(keep)
          .reverse()
          .map((event) => event.seq);
        for (const limit of [7, 100]) {
          const pages = await allPages(journal, { ...query, limit });
          expect(
            pages.flat().map((event) => event.seq),
            `${filter}, limit ${limit}`,
          ).toEqual(expected);
          expect(
            pages.slice(0, -1).every((page) => page.length === limit),
            `${filter}, limit ${limit}: full pages`,
          ).toBe(true);
        }
      }
      const whole = await journal.query({ corrId: 'c0', limit: 1000 });
      expect(whole.nextBeforeSeq).toBeUndefined();
      expect(whole.events).toHaveLength(all.filter((e) => e.corr_id === 'c0').length);
      const first = await journal.query({});
      expect(first.events).toHaveLength(100);
      expect(first.nextBeforeSeq).toBe(first.events[99]!.seq);
    });

    test('J11: a bad query or read argument is refused with journal-query-invalid naming the field', async () => {
      const { journal } = await fresh();
      for (const limit of [0, 1001, 2.5, Number.NaN]) {
        await expect(journal.query({ limit })).rejects.toMatchObject({
          code: 'journal-query-invalid',
          details: { field: 'limit' },
          message: expect.stringContaining('limit'),
        });
      }
      await expect(journal.query({ since: 'last tuesday' })).rejects.toMatchObject({
        code: 'journal-query-invalid',
        details: { field: 'since' },
      });
      await expect(journal.query({ beforeSeq: 0 })).rejects.toMatchObject({
        code: 'journal-query-invalid',
        details: { field: 'beforeSeq' },
      });
      await expect(journal.tail(-1)).rejects.toMatchObject({ code: 'journal-query-invalid', details: { field: 'n' } });
      await expect(journal.scan(() => undefined, 0)).rejects.toMatchObject({
        code: 'journal-query-invalid',
        details: { field: 'chunkSize' },
      });
      for (const afterSeq of [-1, 1.5, Number.NaN]) {
        await expect(journal.scan(() => undefined, 10, afterSeq)).rejects.toMatchObject({
          code: 'journal-query-invalid',
          details: { field: 'afterSeq' },
          message: expect.stringContaining('afterSeq'),
        });
      }
    });

    test('J12: subscribers get each commit in one call, in commit order, before the append resolves; ingest tells only what is new', async () => {
      const { journal, maker } = await fresh();
      const calls: StoredEvent[][] = [];
      journal.subscribe((events) => void calls.push([...events]));
      const batch = await journal.appendBatch([tokenEvent(maker, 0), tokenEvent(maker, 1), tokenEvent(maker, 2)]);
      expect(calls).toEqual([batch]);
      const single = await journal.append(tokenEvent(maker, 3));
      expect(calls).toEqual([batch, [single]]);
      const theirs = tokenEvent(createEventMaker({ actor: 'device:other', seed: 3 }), 0);
      const ingested = await journal.ingest([batch[0], theirs]);
      expect(ingested.stored.map((event) => event.id)).toEqual([theirs.id]);
      expect(calls).toEqual([batch, [single], ingested.stored]);
      await journal.ingest([theirs]);
      expect(calls).toHaveLength(3);
    });

    test('J13: unsubscribe stops delivery; a throwing subscriber stops neither the others nor the append', async () => {
      const { journal, maker } = await fresh();
      const seen: string[] = [];
      const stop = journal.subscribe((events) => seen.push(...events.map((event) => event.id)));
      const first = await journal.append(tokenEvent(maker, 0));
      stop();
      await journal.append(tokenEvent(maker, 1));
      expect(seen).toEqual([first.id]);

      const lengths: number[] = [];
      const quiet = console.error;
      console.error = () => undefined;
      try {
        journal.subscribe(() => {
          throw new Error('listener bug');
        });
        journal.subscribe((events) => lengths.push(events.length));
        await expect(journal.append(tokenEvent(maker, 2))).resolves.toMatchObject({ payload: { seq: 2 } });
      } finally {
        console.error = quiet;
      }
      expect(lengths).toEqual([1]);
    });
  });
}
