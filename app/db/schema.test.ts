/** Schema versions: an older tab steps aside for an upgrade, data survives, new indexes work. */
import 'fake-indexeddb/auto';
import { afterEach, expect, test, vi } from 'vitest';
import type { JournalStatus } from './journal-status';
import { openJournal, type JournalHandle } from './journal';
import { CURRENT_VERSION, SCHEMA_VERSIONS, createJournalDb, installedVersion } from './schema';
import { createEventMaker, freshDbName, tokenEvent } from './test-support';

const open: JournalHandle[] = [];
afterEach(() => open.splice(0).forEach((journal) => journal.close()));

/** Dexie warns on the console when it closes for another connection's upgrade; expected here. */
function quietWarnings() {
  return vi.spyOn(console, 'warn').mockImplementation(() => undefined);
}

test('versions are listed in increasing order and the current one is the last', () => {
  const versions = SCHEMA_VERSIONS.map((entry) => entry.version);
  expect(versions).toEqual([...versions].sort((a, b) => a - b));
  expect(CURRENT_VERSION).toBe(versions[versions.length - 1]);
});

test('databases use strict durability', () => {
  const db = createJournalDb(freshDbName());
  expect(
    (db as unknown as { _options: { chromeTransactionDurability?: string } })._options.chromeTransactionDurability,
  ).toBe('strict');
});

test('J16: opening the current version closes an open v1 connection instead of being blocked, and keeps its data', async () => {
  quietWarnings();
  const name = freshDbName();
  const statuses: JournalStatus[] = [];
  const old = await openJournal({
    db: createJournalDb(name, { maxVersion: 1 }),
    onStatus: (status) => statuses.push(status),
  });
  open.push(old);
  const maker = createEventMaker();
  const written = await old.appendBatch([
    tokenEvent(maker, 0, { corr_id: 'a', project_id: 'p' }),
    tokenEvent(maker, 1, { corr_id: 'b' }),
    tokenEvent(maker, 2, { corr_id: 'a' }),
  ]);
  expect(await installedVersion(name)).toBe(1);

  const current = await openJournal({ name });
  open.push(current);
  expect(await installedVersion(name)).toBe(CURRENT_VERSION);
  expect(old.status()).toBe('closed');
  expect(statuses).toEqual(['closed']);
  expect(old.lastError()?.code).toBe('journal-closed');
  await expect(old.append(tokenEvent(maker, 3))).rejects.toMatchObject({ code: 'journal-closed' });
  await expect(old.count()).rejects.toMatchObject({ code: 'journal-closed' });

  expect(await current.count()).toBe(3);
  const byCorr = await current.query({ corrId: 'a' });
  expect(byCorr.events.map((event) => event.id)).toEqual([written[2]!.id, written[0]!.id]);
  expect((await current.query({ projectId: 'p' })).events.map((event) => event.seq)).toEqual([written[0]!.seq]);
  expect((await current.query({ kindPrefixes: ['tokens.'] })).events).toHaveLength(3);
  const next = await current.append(tokenEvent(maker, 4));
  expect(next.seq).toBe(4); // the auto-increment carries on from the old rows
});

test('an app older than the installed schema refuses to open and leaves the newer tab alone', async () => {
  quietWarnings();
  const name = freshDbName();
  const current = await openJournal({ name });
  open.push(current);
  await expect(openJournal({ db: createJournalDb(name, { maxVersion: 1 }) })).rejects.toMatchObject({
    code: 'journal-closed',
  });
  expect(current.status()).toBe('open');
  await expect(current.append(tokenEvent(createEventMaker(), 0))).resolves.toMatchObject({ seq: 1 });
});

test('close() makes later calls reject with journal-closed', async () => {
  const journal = await openJournal({ name: freshDbName() });
  journal.close();
  expect(journal.status()).toBe('closed');
  await expect(journal.tail(1)).rejects.toMatchObject({ code: 'journal-closed' });
  await expect(journal.append(tokenEvent(createEventMaker(), 0))).rejects.toMatchObject({ code: 'journal-closed' });
});
