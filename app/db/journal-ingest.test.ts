/** The idempotent import path (events from a sync server) and the sync reads / meta table. */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test } from 'vitest';
import { openJournal, type JournalHandle } from './journal';
import { createJournalDb } from './schema';
import { createEventMaker, freshDbName, tokenEvent } from './test-support';

const open: JournalHandle[] = [];
async function fresh(name = freshDbName()) {
  const journal = await openJournal({ db: createJournalDb(name) });
  open.push(journal);
  return journal;
}
afterEach(() => open.splice(0).forEach((journal) => journal.close()));

describe('ingest', () => {
  test('J4 J15: stores new events, skips ids already stored or repeated, and writes meta in the same transaction', async () => {
    const journal = await fresh();
    const maker = createEventMaker({ actor: 'device:other' });
    const [a, b, c] = [0, 1, 2].map((i) => tokenEvent(maker, i, { project_id: 'p1' }));
    await journal.append(a);
    const seen: string[] = [];
    journal.subscribe((events) => seen.push(...events.map((event) => event.id)));
    const result = await journal.ingest([a, b, b, c], [{ key: 'sync:s1:cursor:p1', value: 7 }]);
    expect(result.stored.map((event) => event.id)).toEqual([b!.id, c!.id]);
    expect(result.skipped).toEqual([a!.id, b!.id]);
    expect(result.invalid).toEqual([]);
    expect(await journal.count()).toBe(3);
    expect(seen).toEqual([b!.id, c!.id]);
    expect(await journal.meta.get('sync:s1:cursor:p1')).toBe(7);
    // Sending the same batch again changes nothing.
    const again = await journal.ingest([a, b, c]);
    expect(again.stored).toEqual([]);
    expect(await journal.count()).toBe(3);
  });

  test('an invalid event is reported with its issues and does not block the valid ones', async () => {
    const journal = await fresh();
    const maker = createEventMaker();
    const good = tokenEvent(maker, 0, { project_id: 'p1' });
    const bad = { ...tokenEvent(maker, 1), kind: 'Not Valid' };
    const result = await journal.ingest([bad, good]);
    expect(result.stored.map((event) => event.id)).toEqual([good.id]);
    expect(result.invalid).toHaveLength(1);
    expect(result.invalid[0]).toMatchObject({ index: 0, id: bad.id });
    expect(result.invalid[0]!.issues[0]!.path).toBe('kind');
  });

  test('J15: two tabs ingesting the same events at once store each exactly once', async () => {
    const name = freshDbName();
    const [one, two] = [await fresh(name), await fresh(name)];
    const maker = createEventMaker();
    const events = Array.from({ length: 50 }, (_, i) => tokenEvent(maker, i, { project_id: 'p1' }));
    await Promise.all([one.ingest(events), two.ingest(events)]);
    expect(await one.count()).toBe(50);
  });
});

describe('sync reads', () => {
  test('projectsAfter returns only the named projects after a seq, ascending, bounded', async () => {
    const journal = await fresh();
    const maker = createEventMaker();
    const projects = ['p1', 'p2', undefined, 'p1', 'p3', 'p2', 'p1'];
    await journal.appendBatch(projects.map((project_id, i) => tokenEvent(maker, i, project_id ? { project_id } : {})));
    const all = await journal.projectsAfter(0, ['p1', 'p2'], 100);
    expect(all.map((event) => event.seq)).toEqual([1, 2, 4, 6, 7]);
    expect((await journal.projectsAfter(2, ['p1', 'p2'], 2)).map((event) => event.seq)).toEqual([4, 6]);
    expect(await journal.countProjectsAfter(2, ['p1', 'p2'])).toBe(3);
    expect(await journal.countProjectsAfter(0, [])).toBe(0);
  });

  test('meta get / set / list / delete', async () => {
    const journal = await fresh();
    await journal.meta.set('sync:a', { x: 1 });
    await journal.meta.set('sync:b', 2);
    await journal.meta.set('other', 3);
    expect(await journal.meta.get('sync:a')).toEqual({ x: 1 });
    expect((await journal.meta.list('sync:')).map((row) => row.key)).toEqual(['sync:a', 'sync:b']);
    await journal.meta.delete('sync:a');
    expect(await journal.meta.get('sync:a')).toBeUndefined();
  });
});
