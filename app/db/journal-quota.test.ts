/** Running out of storage: the journal turns read-only, keeps what it has, and says so. */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { AppError } from '../../core/errors';
import { openJournal, type JournalHandle, type JournalStatus } from './journal';
import { createJournalDb } from './schema';
import { createEventMaker, freshDbName, tokenEvent } from './test-support';

const open: JournalHandle[] = [];
afterEach(() => open.splice(0).forEach((journal) => journal.close()));

const SHAPES: { name: string; make: () => unknown }[] = [
  { name: 'a QuotaExceededError DOMException', make: () => new DOMException('disk full', 'QuotaExceededError') },
  { name: 'a Dexie QuotaExceededError', make: () => new Dexie.QuotaExceededError('quota exceeded') },
  {
    name: 'a Dexie AbortError wrapping one',
    make: () => new Dexie.AbortError('transaction aborted', new DOMException('disk full', 'QuotaExceededError')),
  },
];

describe('quota exceeded', () => {
  for (const shape of SHAPES) {
    test(`J16: ${shape.name} turns the journal read-only without losing stored events`, async () => {
      const db = createJournalDb(freshDbName());
      const changes: [JournalStatus, string | undefined][] = [];
      const journal = await openJournal({ db, onStatus: (status, error) => changes.push([status, error?.code]) });
      open.push(journal);
      const maker = createEventMaker();
      const kept = await journal.appendBatch([tokenEvent(maker, 0), tokenEvent(maker, 1)]);

      const bulkAdd = vi.spyOn(db.events, 'bulkAdd').mockRejectedValueOnce(shape.make());
      const error = (await journal.append(tokenEvent(maker, 2)).catch((caught: unknown) => caught)) as AppError;
      expect(error.code).toBe('journal-quota-exceeded');
      expect(journal.status()).toBe('read-only');
      expect(journal.lastError()?.code).toBe('journal-quota-exceeded');
      expect(changes).toEqual([['read-only', 'journal-quota-exceeded']]);

      const calls = bulkAdd.mock.calls.length;
      await expect(journal.append(tokenEvent(maker, 3))).rejects.toMatchObject({ code: 'journal-read-only' });
      await expect(journal.appendBatch([tokenEvent(maker, 4)])).rejects.toMatchObject({ code: 'journal-read-only' });
      expect(bulkAdd.mock.calls.length).toBe(calls); // refused without touching the database

      expect((await journal.tail(10)).map((event) => event.id)).toEqual(kept.map((event) => event.id).reverse());
      expect(await journal.count()).toBe(2);
    });
  }

  test('every caller coalesced into the failing transaction gets the quota error', async () => {
    const db = createJournalDb(freshDbName());
    const journal = await openJournal({ db });
    open.push(journal);
    const maker = createEventMaker();
    vi.spyOn(db.events, 'bulkAdd').mockRejectedValueOnce(new DOMException('disk full', 'QuotaExceededError'));
    const results = await Promise.allSettled([0, 1, 2].map((i) => journal.append(tokenEvent(maker, i))));
    expect(results.map((result) => result.status === 'rejected' && (result.reason as AppError).code)).toEqual([
      'journal-quota-exceeded',
      'journal-quota-exceeded',
      'journal-quota-exceeded',
    ]);
    expect(await journal.count()).toBe(0);
  });

  test('any other write failure rejects with journal-write-failed and leaves the journal open', async () => {
    const db = createJournalDb(freshDbName());
    const journal = await openJournal({ db });
    open.push(journal);
    const maker = createEventMaker();
    vi.spyOn(db.events, 'bulkAdd').mockRejectedValueOnce(new DOMException('boom', 'UnknownError'));
    await expect(journal.append(tokenEvent(maker, 0))).rejects.toMatchObject({ code: 'journal-write-failed' });
    expect(journal.status()).toBe('open');
    await expect(journal.append(tokenEvent(maker, 1))).resolves.toMatchObject({ seq: expect.any(Number) });
  });
});
