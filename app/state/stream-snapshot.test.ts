/**
 * The stream's start from a read-model snapshot (SPEC §8), over the Dexie journal on
 * fake-indexeddb and its `meta` row: a valid snapshot folds only the events it does not
 * hold and gives the views a full scan gives; one that does not fit is ignored, said
 * once, and replaced; an erasure clears it; the writer writes after 2000 events and on
 * pagehide.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventEnvelope } from '../../spec';
import type { StoredEvent } from '../../core/journal/types';
import { createEventFactory } from '../../core/journal/event-factory';
import { createReadModels, READ_MODEL_SNAPSHOT_VERSION, type ReadModels } from '../../core/read-models';
import { conversationEvents, erasureMaker, tombstoneOf } from '../../core/read-models/testing/erasure-scenario';
import { openJournal, type JournalHandle } from '../db/journal';
import { createJournalDb } from '../db/schema';
import { freshDbName } from '../db/test-support';
import { createEraser } from './erasure';
import { createSnapshotStore, SNAPSHOT_META_KEY, type StoredSnapshot } from './snapshot-store';
import type { PageLifecycle } from './snapshot-writer';
import { emptyTarget, foldInto, snapshotOf } from './stream-load';
import { createStream, type Stream, type StreamOptions } from './stream';

const T0 = Date.parse('2026-11-30T12:00:00.000Z');
/** The stream's clock (write intervals) and, apart, the events' times. */
let ms = T0;
const clock = { now: () => ms };
let eventMs = T0;
let counter = 0;
const make = createEventFactory({
  actor: 'device:test',
  clock: { now: () => eventMs },
  newId: () => `01J${String(++counter).padStart(23, '0')}`,
});

/** `n` events over 40 episodes, across every stage, times a little out of order. */
function mixed(n: number): EventEnvelope[] {
  return Array.from({ length: n }, (_, i) => {
    eventMs = T0 + i * 10 - (i % 7) * 25;
    const ctx = { corr_id: `e${i % 40}`, project_id: 'p1' };
    switch (i % 6) {
      case 0:
        return make('episode.started', { agent: 'probe', input: `question ${i}` }, ctx);
      case 1:
        return make('obs.recorded', { source: 'user', text: `seen ${i}` }, ctx);
      case 2:
        return make('beliefs.updated', { beliefs: [{ claim: `claim ${i % 5}`, confidence: 0.5 }] }, ctx);
      case 3:
        return make('intents.proposed', { intent: 'reply' }, ctx);
      case 4:
        return make('actions.taken', { action: 'reply', ok: i % 9 !== 0 }, ctx);
      default:
        return make('tokens.out', { seq: i, count: 2, text: 'ok' }, ctx);
    }
  });
}

const journals: JournalHandle[] = [];
const streams: Stream[] = [];
afterEach(() => {
  streams.splice(0).forEach((stream) => stream.dispose());
  journals.splice(0).forEach((journal) => journal.close());
  vi.restoreAllMocks();
});

async function journalWith(events: readonly EventEnvelope[], name = freshDbName('stream-snapshot')) {
  const journal = await openJournal({ db: createJournalDb(name) });
  journals.push(journal);
  for (let i = 0; i < events.length; i += 1000) await journal.appendBatch(events.slice(i, i + 1000));
  return journal;
}

/** A stream whose idle work runs at once and whose page leave the test triggers. */
function streamOn(journal: JournalHandle, models: ReadModels = createReadModels(), extra: Partial<StreamOptions> = {}) {
  const leave = new Set<() => void>();
  const page: PageLifecycle = { onLeave: (listener) => (leave.add(listener), () => leave.delete(listener)) };
  const stream = createStream(journal, models, {
    clock,
    snapshots: createSnapshotStore(journal.meta),
    idle: (task) => task(),
    page,
    ...extra,
  });
  streams.push(stream);
  return { stream, leave: () => leave.forEach((listener) => listener()) };
}

const views = (stream: Stream) => ({
  episodes: stream.episodes(),
  observations: stream.observations(),
  beliefs: stream.beliefs(),
  intents: stream.intents(),
  actions: stream.actions(),
  count: stream.eventCount(),
});

/** What a start without any snapshot gives: the reference. */
async function fullScanViews(journal: JournalHandle, models = createReadModels()) {
  const stream = createStream(journal, models, { clock });
  streams.push(stream);
  await stream.ready;
  return views(stream);
}

const storedRow = (journal: JournalHandle) => journal.meta.get<StoredSnapshot>(SNAPSHOT_META_KEY);

async function snapshotWritten(journal: JournalHandle, position: number) {
  await vi.waitFor(async () => expect((await storedRow(journal))?.position).toBe(position), { timeout: 5000 });
}

describe('stream start from a read-model snapshot', { timeout: 30_000 }, () => {
  it('a full start writes a snapshot; the next start folds only the tail and gives the same views and count', async () => {
    const journal = await journalWith(mixed(3000));
    const first = streamOn(journal);
    await first.stream.ready;
    expect(first.stream.start()).toEqual({ from: 'journal', folded: 3000, reason: 'no snapshot stored yet' });
    await snapshotWritten(journal, 3000);
    first.stream.dispose();
    await journal.appendBatch(mixed(37));
    const second = streamOn(journal);
    await second.stream.ready;
    expect(second.stream.start()).toEqual({ from: 'snapshot', folded: 37 });
    expect(views(second.stream)).toEqual(await fullScanViews(journal));
    expect(second.stream.eventCount()).toBe(3037);
    expect(second.stream.recentEvents()).toHaveLength(500);
  });

  it('folds the late deliveries a snapshot had not folded (holes below its position) exactly once', async () => {
    const journal = await journalWith(mixed(1200));
    const models = createReadModels();
    const all: StoredEvent[] = [];
    await journal.scan((chunk) => void all.push(...chunk));
    // As a tab would hold them when another tab's commits (seq 1150–1152) had not reached it yet.
    const target = emptyTarget(models);
    for (const event of all) if (event.seq < 1150 || event.seq > 1152) foldInto(models, target, event);
    await journal.meta.set(SNAPSHOT_META_KEY, snapshotOf(models, target, { erased: 0, count: 1197 }, ms));
    const { stream } = streamOn(journal, models);
    await stream.ready;
    expect(stream.start()).toEqual({ from: 'snapshot', folded: 3 });
    expect(views(stream)).toEqual(await fullScanViews(journal));
  });

  it('random journals: snapshot at a random position (with holes near it) + tail == full scan', async () => {
    let state = 7;
    const random = (n: number) => ((state = (state * 1103515245 + 12345) % 2 ** 31), state % n);
    for (let round = 0; round < 12; round++) {
      // Small caps evict episodes and stage items; holes then change the fold order, so only without them.
      const small = round % 2 === 0;
      const models = createReadModels(small ? { maxEpisodes: 5, cap: 8 } : {});
      const journal = await journalWith(mixed(200 + random(300)));
      const all: StoredEvent[] = [];
      await journal.scan((chunk) => void all.push(...chunk));
      const split = 1 + random(all.length - 1);
      const holes = new Set(small ? [] : Array.from({ length: random(6) }, () => split - random(40)));
      const target = emptyTarget(models);
      let count = 0;
      for (const event of all.slice(0, split)) if (!holes.has(event.seq) && foldInto(models, target, event)) count++;
      const row = JSON.parse(JSON.stringify(snapshotOf(models, target, { erased: 0, count }, ms))) as unknown;
      await journal.meta.set(SNAPSHOT_META_KEY, row);
      const { stream } = streamOn(journal, models);
      await stream.ready;
      expect(stream.start(), `round ${round}`).toEqual({ from: 'snapshot', folded: all.length - count });
      expect(views(stream), `round ${round}`).toEqual(await fullScanViews(journal, models));
      stream.dispose();
    }
  });

  it("eventCount: the snapshot's count plus what was folded, without walking the journal's keys", async () => {
    const journal = await journalWith(mixed(800));
    const first = streamOn(journal);
    await first.stream.ready;
    await snapshotWritten(journal, 800);
    first.stream.dispose();
    expect((await storedRow(journal))!.count).toBe(800);
    await journal.appendBatch(mixed(4));
    // IndexedDB's count() walks every key (seconds at 1M events) and appends queue behind it.
    const count = vi.spyOn(journal, 'count');
    const { stream } = streamOn(journal);
    await stream.ready;
    expect(stream.start()).toEqual({ from: 'snapshot', folded: 4 });
    expect(stream.eventCount()).toBe(804);
    await journal.append(mixed(1)[0]);
    stream.flush();
    expect(stream.eventCount()).toBe(805);
    expect(count).not.toHaveBeenCalled();
  });

  it.each([
    ['garbage', () => 'not a snapshot', /not a read-model snapshot/],
    ['another version', (row: StoredSnapshot) => ({ ...row, version: READ_MODEL_SNAPSHOT_VERSION + 1 }), /version/],
    ['other options', (row: StoredSnapshot) => ({ ...row, options: { ...row.options, cap: 7 } }), /cap 7/],
    ['a position beyond the journal', (row: StoredSnapshot) => ({ ...row, position: 5000 }), /beyond the journal/],
    ['bad folded ranges', (row: StoredSnapshot) => ({ ...row, folded: [[9, 3]] }), /folded\[0\]/],
    ['a later erasure', (row: StoredSnapshot) => ({ ...row, erased: row.erased + 1 }), /erasure came after/],
  ])('a snapshot with %s is ignored, said once, rebuilt from the journal and replaced', async (_, spoil, reason) => {
    const journal = await journalWith(mixed(600));
    const first = streamOn(journal);
    await first.stream.ready;
    await snapshotWritten(journal, 600);
    first.stream.dispose();
    await journal.meta.set(SNAPSHOT_META_KEY, spoil((await storedRow(journal))!));
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const { stream } = streamOn(journal);
    await stream.ready;
    expect(stream.start()).toMatchObject({ from: 'journal', folded: 600, reason: expect.stringMatching(reason) });
    expect(info).toHaveBeenCalledTimes(1);
    expect(String(info.mock.calls[0]![0])).toMatch(/read-model snapshot not used/);
    expect(views(stream)).toEqual(await fullScanViews(journal));
    await vi.waitFor(async () => expect((await storedRow(journal))?.erased).toBe(0));
    const row = (await storedRow(journal))!;
    expect([row.position, row.version, row.options]).toEqual([
      600,
      READ_MODEL_SNAPSHOT_VERSION,
      createReadModels().options,
    ]);
  });

  it('an erasure clears the snapshot before the rebuild and writes a fresh one after; another tab’s too', async () => {
    const name = freshDbName('stream-snapshot-erasure');
    const maker = erasureMaker();
    const a = conversationEvents(maker, 'a', 2);
    const b = conversationEvents(maker, 'b', 1);
    const journal = await journalWith([...a.own, ...a.leases, ...b.own], name);
    const { stream } = streamOn(journal);
    await stream.ready;
    await snapshotWritten(journal, (await journal.tail(1))[0]!.seq);
    ms += 60_000; // past the writer's 10 s interval
    const cleared: unknown[] = [];
    const original = journal.meta.delete.bind(journal.meta);
    journal.meta.delete = async (key) => {
      cleared.push(key);
      await original(key);
    };
    // Another tab (a second connection to the same database) erases the conversation.
    const other = await openJournal({ db: createJournalDb(name) });
    journals.push(other);
    const eraser = createEraser({ journal: other, deleteDatabase: async () => undefined });
    await eraser.ready;
    await other.append(tombstoneOf(maker, 'a'));
    await eraser.idle();
    eraser.dispose();
    await vi.waitFor(() => expect(stream.episodes().map((episode) => episode.id)).toEqual(['b-e0']));
    expect(cleared).toContain(SNAPSHOT_META_KEY);
    const total = await journal.count();
    await vi.waitFor(async () => expect((await storedRow(journal))?.erased).toBe(2));
    stream.dispose();
    const next = streamOn(journal);
    await next.stream.ready;
    expect(next.stream.start()?.from).toBe('snapshot');
    expect(next.stream.episodes().map((episode) => episode.id)).toEqual(['b-e0']);
    expect(next.stream.eventCount()).toBe(total);
  });

  it('from a snapshot, an episode of a conversation deleted before it (not yet erased here) stays hidden', async () => {
    const maker = erasureMaker();
    const a = conversationEvents(maker, 'a', 2);
    const b = conversationEvents(maker, 'b', 1);
    // No eraser runs: the tombstone is stored, the events it names are still there.
    const journal = await journalWith([...a.own, tombstoneOf(maker, 'a'), ...b.own]);
    const first = streamOn(journal);
    await first.stream.ready;
    expect(first.stream.episodes().map((episode) => episode.id)).toEqual(['b-e0']);
    await snapshotWritten(journal, (await journal.tail(1))[0]!.seq);
    first.stream.dispose();
    // The tombstone is neither after the snapshot nor in the (one-event) tail: only the journal's tombstones tell.
    const { stream } = streamOn(journal, createReadModels(), { tailSize: 1 });
    await stream.ready;
    expect(stream.start()).toEqual({ from: 'snapshot', folded: 0 });
    expect(stream.episodes().map((episode) => episode.id)).toEqual(['b-e0']);
  });

  it('the writer writes again after 2000 live events, and on pagehide', async () => {
    const journal = await journalWith(mixed(10));
    const { stream, leave } = streamOn(journal);
    await stream.ready;
    await snapshotWritten(journal, 10);
    ms += 60_000;
    await journal.appendBatch(mixed(1999));
    stream.flush();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await storedRow(journal))?.position).toBe(10);
    await journal.append(mixed(1)[0]);
    stream.flush();
    await snapshotWritten(journal, 2010);
    ms += 60_000;
    await journal.appendBatch(mixed(5));
    stream.flush();
    leave();
    await snapshotWritten(journal, 2015);
  });
});
