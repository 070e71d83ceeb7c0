/** Sharing one more project with a pairing: it joins the saved list, and its older events are sent too. */
import 'fake-indexeddb/auto';
import { afterEach, expect, test } from 'vitest';
import { openJournal, type JournalHandle } from '../db/journal';
import { createEventMaker, freshDbName, tokenEvent } from '../db/test-support';
import { loadPairings, outboxKey, savePairings } from './pairings';
import { createPushTracker } from './push-tracker';
import { addProjectToPairing, removeProjectFromPairing, rewindForAddedProjects } from './share-project';
import type { Pairing } from './types';

const open: JournalHandle[] = [];
afterEach(() => open.splice(0).forEach((journal) => journal.close()));

async function journal(): Promise<JournalHandle> {
  const handle = await openJournal({ name: freshDbName('share') });
  open.push(handle);
  return handle;
}

const pairing = (projects: string[]): Pairing => ({
  id: 'pair1',
  url: 'http://127.0.0.1:8787',
  token: 'token-0123456789',
  projects,
  added: '2026-12-01T00:00:00.000Z',
});

test('the project joins the pairing once; an unknown pairing is refused', async () => {
  const j = await journal();
  await savePairings(j.meta, [pairing(['p1'])]);
  expect(await addProjectToPairing(j.meta, 'pair1', 'garden')).toBe(true);
  expect(await addProjectToPairing(j.meta, 'pair1', 'garden')).toBe(true);
  expect((await loadPairings(j.meta))[0]!.projects).toEqual(['p1', 'garden']);
  expect(await addProjectToPairing(j.meta, 'nope', 'garden')).toBe(false);
});

test('events written before sharing are sent: the send position moves back before the oldest of the new project', async () => {
  const j = await journal();
  const maker = createEventMaker();
  const early = tokenEvent(maker, 0, { project_id: 'garden' });
  await j.appendBatch([early, tokenEvent(maker, 1, { project_id: 'p1' }), tokenEvent(maker, 2, { project_id: 'p1' })]);
  // Everything of p1 has gone out: the position is past garden's event too.
  await j.meta.set(outboxKey('pair1'), 3);
  await rewindForAddedProjects(j, pairing(['p1']), pairing(['p1', 'garden']));
  const tracker = createPushTracker({ source: j, pairingId: 'pair1', projects: ['p1', 'garden'], batchPrefix: 't' });
  await tracker.load();
  await tracker.fill();
  const sent = tracker.next()?.events.map((event) => event.id) ?? [];
  expect(sent[0]).toBe(early.id);
});

test('nothing moves when no project was added or the new one has no events', async () => {
  const j = await journal();
  const maker = createEventMaker();
  await j.appendBatch([tokenEvent(maker, 0, { project_id: 'p1' })]);
  await j.meta.set(outboxKey('pair1'), 1);
  await rewindForAddedProjects(j, pairing(['p1']), pairing(['p1']));
  await rewindForAddedProjects(j, pairing(['p1']), pairing(['p1', 'empty']));
  expect(await j.meta.get(outboxKey('pair1'))).toBe(1);
});

test('stop sharing: the project leaves the pairing; the last one stays (unpair instead); an unknown pairing is missing', async () => {
  const j = await journal();
  await savePairings(j.meta, [pairing(['p1', 'garden'])]);
  expect(await removeProjectFromPairing(j.meta, 'pair1', 'garden')).toBe('removed');
  expect((await loadPairings(j.meta))[0]!.projects).toEqual(['p1']);
  expect(await removeProjectFromPairing(j.meta, 'pair1', 'p1')).toBe('last');
  expect((await loadPairings(j.meta))[0]!.projects).toEqual(['p1']);
  expect(await removeProjectFromPairing(j.meta, 'nope', 'p1')).toBe('missing');
});
