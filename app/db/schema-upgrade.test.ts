/**
 * Browser schema upgrades (issue 13 item 3, SPEC §8): a journal written at every earlier
 * shipped version opens with the current app with all its events, and an upgrade that
 * fails midway is rolled back by IndexedDB: same version, same rows, and a plain error.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { fatalCopy } from '../pwa/fatal-copy';
import { openJournal, type JournalHandle } from './journal';
import { CURRENT_VERSION, SCHEMA_VERSIONS, createJournalDb, installedVersion, type SchemaVersion } from './schema';
import { createEventMaker, freshDbName, tokenEvent } from './test-support';
import { backupNameOf } from './upgrade-backup';

const open: JournalHandle[] = [];
afterEach(() => open.splice(0).forEach((journal) => journal.close()));

async function openAt(name: string, maxVersion?: number, versions?: readonly SchemaVersion[]) {
  const journal = await openJournal({ db: createJournalDb(name, { maxVersion, versions }) });
  open.push(journal);
  return journal;
}

/** Writes events of several kinds, corrs and projects (and meta rows where the version has them). */
async function fill(journal: JournalHandle, version: number) {
  const maker = createEventMaker();
  const written = await journal.appendBatch(
    Array.from({ length: 9 }, (_, i) =>
      tokenEvent(maker, i, { corr_id: `c${i % 3}`, ...(i % 2 ? { project_id: 'p1' } : {}) }),
    ),
  );
  if (version >= 2) await journal.meta.set('sync:cursor', { seq: 7 });
  return written;
}

/** Every row of `store` in database `name`, read with raw IndexedDB. */
async function rawRows(name: string, store: string): Promise<{ seq: number; id: string; kind: string }[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    return await new Promise((resolve, reject) => {
      const request = db.transaction(store).objectStore(store).getAll();
      request.onsuccess = () => resolve(request.result as never);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

const earlier = SCHEMA_VERSIONS.filter((entry) => entry.version < CURRENT_VERSION);

test('there is at least one earlier shipped version to upgrade from', () => {
  expect(earlier.length).toBeGreaterThan(0);
});

describe.each(earlier.map((entry) => entry.version))('a journal written at schema version %i', (version) => {
  test('opens with the current app: every event reads back and the queries work', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const name = freshDbName('upgrade');
    const old = await openAt(name, version);
    const written = await fill(old, version);
    old.close();
    expect(await installedVersion(name)).toBe(version);

    const current = await openAt(name);
    expect(await installedVersion(name)).toBe(CURRENT_VERSION);
    expect(await current.tail(100)).toEqual(written.slice().reverse());
    expect((await current.query({ corrId: 'c1' })).events.map((event) => event.id)).toEqual(
      written
        .filter((event) => event.corr_id === 'c1')
        .map((event) => event.id)
        .reverse(),
    );
    expect((await current.query({ projectId: 'p1' })).events).toHaveLength(4);
    if (version >= 2) expect(await current.meta.get('sync:cursor')).toEqual({ seq: 7 });
    expect((await current.append(tokenEvent(createEventMaker({ seed: 9 }), 0))).seq).toBe(written.length + 1);
  });
});

test('an upgrade that fails midway is rolled back: same version, same rows, and the person is told plainly', async () => {
  const name = freshDbName('upgrade-fail');
  const before = await openAt(name);
  const written = await fill(before, CURRENT_VERSION);
  before.close();

  const failing: SchemaVersion = {
    version: CURRENT_VERSION + 1,
    stores: { ...SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.stores, extra: 'key' },
    touches: ['events', 'meta'],
    // Touches data first, so a partial upgrade would show.
    upgrade: async (tx) => {
      await tx
        .table('events')
        .toCollection()
        .modify((row: { kind: string }) => void (row.kind = 'changed'));
      await tx.table('events').where('seq').below(4).delete();
      await tx.table('meta').clear();
      throw new Error('disk on fire');
    },
    note: 'injected failure',
  };
  const refused = openAt(name, undefined, [...SCHEMA_VERSIONS, failing]);
  await expect(refused).rejects.toMatchObject({
    code: 'journal-upgrade-failed',
    details: { installed: CURRENT_VERSION, target: CURRENT_VERSION + 1 },
  });
  const error = await refused.catch((thrown: unknown) => thrown);
  expect((error as Error).message).toBe(
    `the journal could not be upgraded from schema version ${CURRENT_VERSION} to ${CURRENT_VERSION + 1} (Error: disk on fire); it was rolled back and is still at version ${CURRENT_VERSION} with all its data`,
  );
  const copy = fatalCopy(error);
  expect(copy.message).toContain('The upgrade was undone');
  expect(copy.advice).toContain('Reload to try the upgrade again');

  expect(await installedVersion(name)).toBe(CURRENT_VERSION);
  // The copy made before it stays (no open succeeded since).
  expect((await rawRows(backupNameOf(name, CURRENT_VERSION), 'events')).map((row) => row.id)).toEqual(
    written.map((event) => event.id),
  );
  const after = await openAt(name);
  expect(await after.tail(100)).toEqual(written.slice().reverse());
  expect(await after.meta.get('sync:cursor')).toEqual({ seq: 7 });
});

test('every shipped upgrade that changes data declares the stores it touches', () => {
  for (const entry of SCHEMA_VERSIONS) if (entry.upgrade) expect(entry.touches?.length, entry.note).toBeGreaterThan(0);
});

test('before an upgrade that touches data, those stores are copied; the copy goes at the next successful open', async () => {
  const name = freshDbName('upgrade-copy');
  const before = await openAt(name);
  const written = await fill(before, CURRENT_VERSION);
  before.close();
  const rewriting: SchemaVersion = {
    version: CURRENT_VERSION + 1,
    stores: {},
    touches: ['events'],
    upgrade: async (tx) => {
      await tx
        .table('events')
        .toCollection()
        .modify((row: { kind: string }) => void (row.kind = 'changed'));
    },
    note: 'rewrites every row',
  };
  const versions = [...SCHEMA_VERSIONS, rewriting];
  const upgraded = await openAt(name, undefined, versions);
  expect((await upgraded.tail(1))[0]!.kind).toBe('changed');
  const backup = backupNameOf(name, CURRENT_VERSION);
  const copy = await rawRows(backup, 'events');
  expect(copy.map((row) => [row.seq, row.id, row.kind])).toEqual(
    written.map((event) => [event.seq, event.id, event.kind]),
  );
  upgraded.close();

  const next = await openAt(name, undefined, versions);
  expect(await next.count()).toBe(written.length);
  expect((await indexedDB.databases()).map((info) => info.name)).not.toContain(backup);
});
