/** Append behaviour of the browser journal: coalescing, validation, all-or-nothing, duplicate ids. */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { AppError } from '../../core/errors';
import { openJournal, type JournalHandle } from './journal';
import { createJournalDb } from './schema';
import { createEventMaker, freshDbName, tokenEvent } from './test-support';

const open: JournalHandle[] = [];
async function fresh() {
  const db = createJournalDb(freshDbName());
  const journal = await openJournal({ db });
  open.push(journal);
  return { db, journal, maker: createEventMaker() };
}
afterEach(() => open.splice(0).forEach((journal) => journal.close()));

describe('append', () => {
  test('three appends in one tick share one transaction and get increasing seqs', async () => {
    const { db, journal, maker } = await fresh();
    const spy = vi.spyOn(db, 'transaction');
    const stored = await Promise.all([0, 1, 2].map((i) => journal.append(tokenEvent(maker, i))));
    expect(spy).toHaveBeenCalledTimes(1);
    expect(stored.map((event) => event.seq)).toEqual([1, 2, 3]);
    expect(stored[1]!.payload).toMatchObject({ seq: 1 });
    expect(await journal.count()).toBe(3);
  });

  test('appends made while a transaction is in flight share the next one, in call order', async () => {
    const { db, journal, maker } = await fresh();
    const spy = vi.spyOn(db, 'transaction');
    const first = journal.append(tokenEvent(maker, 0));
    await Promise.resolve(); // the first flush has started its transaction
    const second = journal.append(tokenEvent(maker, 1));
    const batch = journal.appendBatch([tokenEvent(maker, 2), tokenEvent(maker, 3)]);
    await Promise.resolve();
    const last = journal.append(tokenEvent(maker, 4));
    const seqs = [await first, await second, ...(await batch), await last].map((event) => event.seq);
    expect(spy).toHaveBeenCalledTimes(2);
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
  });

  test('appends in different ticks are stored in call order', async () => {
    const { journal, maker } = await fresh();
    const first = await journal.append(tokenEvent(maker, 0));
    const second = await journal.append(tokenEvent(maker, 1));
    expect(second.seq).toBeGreaterThan(first.seq);
  });

  test('an invalid event rejects only its own call, naming the field', async () => {
    const { journal, maker } = await fresh();
    const bad = { ...tokenEvent(maker, 1), time: 'yesterday' };
    const results = await Promise.allSettled([
      journal.append(tokenEvent(maker, 0)),
      journal.append(bad),
      journal.append(tokenEvent(maker, 2)),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const error = (results[1] as PromiseRejectedResult).reason as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('event-invalid');
    expect(error.message).toContain('time');
    expect(await journal.count()).toBe(2);
  });

  test('a batch with one invalid event writes nothing and names the index and field', async () => {
    const { journal, maker } = await fresh();
    const batch = [
      tokenEvent(maker, 0),
      tokenEvent(maker, 1),
      { ...tokenEvent(maker, 2), payload: { seq: -1, count: 1, text: 'x' } },
    ];
    const error = (await journal.appendBatch(batch).catch((caught: unknown) => caught)) as AppError;
    expect(error.code).toBe('event-invalid');
    expect(error.message).toMatch(/event 2 of the batch.*payload\.seq/);
    expect(await journal.count()).toBe(0);
  });

  test('a batch is stored in one transaction and returned in order with seqs', async () => {
    const { db, journal, maker } = await fresh();
    const spy = vi.spyOn(db, 'transaction');
    const batch = Array.from({ length: 50 }, (_, i) => tokenEvent(maker, i));
    const stored = await journal.appendBatch(batch);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(stored.map((event) => event.id)).toEqual(batch.map((event) => event.id));
    expect(stored.map((event) => event.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  test('CamelCase kinds are stored normalized', async () => {
    const { journal, maker } = await fresh();
    const stored = await journal.append({ ...tokenEvent(maker, 0), kind: 'Tokens.Out' });
    expect(stored.kind).toBe('tokens.out');
  });
});

describe('duplicate ids (decision: refuse, never skip silently)', () => {
  test('re-appending a stored id rejects with event-invalid naming the id and writes nothing of its batch', async () => {
    const { journal, maker } = await fresh();
    const first = tokenEvent(maker, 0);
    await journal.append(first);
    const error = (await journal
      .appendBatch([tokenEvent(maker, 1), first])
      .catch((caught: unknown) => caught)) as AppError;
    expect(error.code).toBe('event-invalid');
    expect(error.message).toContain(first.id);
    expect(error.details).toMatchObject({ reason: 'duplicate-id', ids: [first.id] });
    expect(await journal.count()).toBe(1);
  });

  test('a batch repeating an id inside itself writes nothing', async () => {
    const { journal, maker } = await fresh();
    const event = tokenEvent(maker, 0);
    await expect(journal.appendBatch([event, tokenEvent(maker, 1), event])).rejects.toMatchObject({
      code: 'event-invalid',
    });
    expect(await journal.count()).toBe(0);
  });

  // A duplicate among coalesced appends failing only its caller: J2 J5 in the journal contract (run on Dexie too).
});
