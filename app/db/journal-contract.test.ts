/** The journal contract (spec/journal.md J1–J13) against both implementations: Dexie on fake-indexeddb, and in memory. */
import 'fake-indexeddb/auto';
import { journalContract } from '../state/testing/journal-contract';
import { createMemoryJournal } from '../state/testing/memory-journal';
import { openJournal } from './journal';
import { createJournalDb } from './schema';
import { freshDbName } from './test-support';

journalContract('Dexie journal', async () => {
  const journal = await openJournal({ db: createJournalDb(freshDbName()) });
  return { journal, close: () => journal.close() };
});

journalContract('in-memory journal', async () => ({ journal: createMemoryJournal(), close: () => undefined }));
