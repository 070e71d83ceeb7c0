/** The projects service over a real (fake-indexeddb) journal: create, rename, archive, share refusals, reload. */
import 'fake-indexeddb/auto';
import { createRoot } from 'solid-js';
import { afterEach, expect, test } from 'vitest';
import { createEventFactory } from '../../core/journal/event-factory';
import { createReadModels } from '../../core/read-models';
import { openJournal, type JournalHandle } from '../db/journal';
import { freshDbName } from '../db/test-support';
import type { Pairing, SyncSnapshot } from '../sync/types';
import { createProjectsService, type ProjectsService } from './projects';
import { createStream } from './stream';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((run) => run()));

let ms = Date.parse('2026-12-01T10:00:00.000Z');
let n = 0;
const clock = { now: () => (ms += 5) };
const newId = () => `01J${String(++n).padStart(23, '0')}`;

const PAIRING: Pairing = {
  id: 'pair1',
  url: 'http://127.0.0.1:9',
  token: 'token-0123456789',
  projects: ['p1'],
  added: '',
};

async function setup(journal?: JournalHandle, lastError?: { code: 'sync-project-forbidden'; detail: string }) {
  const handle = journal ?? (await openJournal({ name: freshDbName('projects') }));
  const make = createEventFactory({ actor: 'device:a', clock, newId });
  const stream = createStream(handle, createReadModels(), { clock });
  await stream.ready;
  const snapshot: SyncSnapshot = {
    leader: true,
    known: true,
    links: [{ ...PAIRING, pairingId: 'pair1', phase: 'live', pending: 0, ...(lastError ? { lastError } : {}) }],
  };
  const shared: string[] = [];
  let projects!: ProjectsService;
  createRoot((dispose) => {
    cleanups.push(dispose, () => stream.dispose());
    projects = createProjectsService({
      journal: handle,
      recentEvents: stream.recentEvents,
      make,
      sync: {
        snapshot: () => snapshot,
        subscribe: () => () => undefined,
        share: async (_id, p) => (shared.push(p), true),
        unshare: async () => 'last' as const,
      },
      loadPairings: async () => [PAIRING],
      fetch: async () => new Response('{"detail":"the token does not reach project"}', { status: 403 }),
      onError: (error) => {
        throw error;
      },
    });
  });
  while (!projects.loaded()) await new Promise((r) => setTimeout(r, 5));
  return { journal: handle, projects, shared };
}

test('create derives an id from the name, handles collisions and lists the project with the paired ones', async () => {
  const { projects } = await setup();
  const first = await projects.create('Garden plans');
  expect(first).toMatchObject({ ok: true, value: { id: 'garden-plans', name: 'Garden plans', archived: false } });
  expect(await projects.create('garden plans')).toEqual({
    ok: false,
    error: 'A project called “Garden plans” exists already; pick another name.',
  });
  await projects.rename('garden-plans', 'Yard');
  expect(await projects.create('Garden plans')).toMatchObject({ ok: true, value: { id: 'garden-plans-2' } });
  expect(projects.active().map((p) => [p.id, p.name, p.shared])).toEqual([
    ['garden-plans-2', 'Garden plans', []],
    ['p1', 'p1', ['127.0.0.1:9']],
    ['garden-plans', 'Yard', []],
  ]);
});

test('archive hides a project from the pickers, unarchive brings it back; a reload folds the same from the journal', async () => {
  const { projects, journal } = await setup();
  await projects.create('Kitchen');
  expect(await projects.setArchived('kitchen', true)).toEqual({ ok: true, value: undefined });
  expect(projects.active().map((p) => p.id)).toEqual(['p1']);
  expect(projects.get('kitchen')?.archived).toBe(true);
  const again = await setup(journal);
  expect(again.projects.get('kitchen')).toMatchObject({ name: 'Kitchen', archived: true });
  await again.projects.setArchived('kitchen', false);
  expect(again.projects.active().map((p) => p.id)).toEqual(['kitchen', 'p1']);
});

test('rename and archive of an unknown id, and an empty name, are refused in plain words', async () => {
  const { projects } = await setup();
  expect(await projects.rename('nope', 'X')).toEqual({
    ok: false,
    error: 'There is no project with the id “nope” on this device.',
  });
  await projects.create('Kitchen');
  expect(await projects.rename('kitchen', '  ')).toMatchObject({
    ok: false,
    error: expect.stringMatching(/^Give the project a name/),
  });
});

test('share: a token that does not cover the project is not shared, and the sentence says why', async () => {
  const { projects, shared } = await setup();
  await projects.create('Kitchen');
  expect(await projects.share('kitchen', 'pair1')).toEqual({
    ok: false,
    error:
      "127.0.0.1:9's token does not cover project Kitchen; ask its admin for a token that includes it (project id kitchen).",
  });
  expect(await projects.share('kitchen', 'gone')).toMatchObject({
    ok: false,
    error: expect.stringMatching(/no longer paired/),
  });
  expect(shared).toEqual([]);
  expect(projects.get('kitchen')?.shared).toEqual([]);
});

test('a project the server refused to sync (its token does not cover it) is listed but not shared', async () => {
  const { projects } = await setup(undefined, {
    code: 'sync-project-forbidden',
    detail: "this device may not read project 'p1'",
  });
  expect(projects.get('p1')).toMatchObject({ id: 'p1', shared: [] });
});

test('unshare: the only project a server shares is not dropped; the sentence says to unpair instead', async () => {
  const { projects } = await setup();
  expect(await projects.unshare('p1', 'pair1')).toEqual({
    ok: false,
    error:
      'p1 is the only project 127.0.0.1:9 shares with this device; to stop, unpair that server in Settings → Devices.',
  });
  expect(await projects.unshare('p1', 'gone')).toMatchObject({
    ok: false,
    error: expect.stringMatching(/no longer paired/),
  });
});
