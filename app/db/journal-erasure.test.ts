/** Erasure (spec/journal.md J17–J18) against both journals, and across tabs for the Dexie one. */
import 'fake-indexeddb/auto';
import { afterEach, expect, test } from 'vitest';
import type { ErasureNote, StoredEvent } from '../../core/journal/types';
import { conversationEvents, erasureMaker, tombstoneOf } from '../../core/read-models/testing/erasure-scenario';
import { erasureContract } from '../state/testing/erasure-contract';
import { createMemoryJournal } from '../state/testing/memory-journal';
import { openJournal, type JournalHandle } from './journal';
import { createJournalDb } from './schema';
import { freshDbName } from './test-support';

erasureContract('Dexie journal', async () => {
  const journal = await openJournal({ db: createJournalDb(freshDbName()) });
  return { journal, close: () => journal.close() };
});

erasureContract('in-memory journal', async () => ({ journal: createMemoryJournal(), close: () => undefined }));

const open: JournalHandle[] = [];
afterEach(() => open.splice(0).forEach((journal) => journal.close()));

test('J18: another tab hears the erasure after the commits that came before it', async () => {
  const name = freshDbName();
  const writer = await openJournal({ name });
  const reader = await openJournal({ name });
  open.push(writer, reader);
  const make = erasureMaker();
  const a = conversationEvents(make, 'a', 1);
  const order: string[] = [];
  const heard = new Promise<ErasureNote>((resolve) =>
    reader.onErased((note) => {
      order.push('erased');
      resolve(note);
    }),
  );
  reader.subscribe((events: readonly StoredEvent[]) => order.push(`appended ${events.length}`));
  await writer.appendBatch([...a.own, tombstoneOf(make, 'a')]);
  expect(await writer.eraseConversation('a', [])).toBe(a.own.length);
  const note = await heard;
  expect(note.conversationId).toBe('a');
  expect(note.ids.sort()).toEqual(a.own.map((event) => event.id).sort());
  // The other tab reads the commit's rows when the note arrives: rows erased by then are
  // never delivered (here, maybe only the tombstone is left), but the erasure comes last.
  expect(order).toHaveLength(2);
  expect(order[0]).toMatch(/^appended [1-7]$/);
  expect(order[1]).toBe('erased');
  expect(await reader.count()).toBe(1);
});
