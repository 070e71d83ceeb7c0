/**
 * The eraser (SPEC §7) over the in-memory journal, and the stream after an erasure: a
 * tombstone written or ingested removes the conversation's events and its Yjs copy; a
 * late event of an erased conversation is removed as it arrives; leftovers of an earlier
 * session go at start; the stream's ring and read-models forget the erased events.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createReadModels } from '../../core/read-models';
import { conversationEvents, erasureMaker, tombstoneOf } from '../../core/read-models/testing/erasure-scenario';
import { createEraser, type Eraser } from './erasure';
import { createStream, type Stream } from './stream';
import { createMemoryJournal } from './testing/memory-journal';

const disposers: Array<{ dispose(): void }> = [];
afterEach(() => disposers.splice(0).forEach((item) => item.dispose()));

function start(journal: ReturnType<typeof createMemoryJournal>) {
  const deleted: string[] = [];
  const eraser: Eraser = createEraser({
    journal,
    deleteDatabase: async (name) => void deleted.push(name),
    onError: (error) => {
      throw error;
    },
  });
  disposers.push(eraser);
  return { eraser, deleted };
}

const ids = (journal: ReturnType<typeof createMemoryJournal>) => journal.events.map((event) => event.id).sort();

describe('eraser', () => {
  it('a new tombstone erases its conversation and this device’s copy of its thread', async () => {
    const make = erasureMaker();
    const a = conversationEvents(make, 'a', 2);
    const b = conversationEvents(make, 'b', 1);
    const journal = createMemoryJournal([...a.own, ...a.leases, ...b.own]);
    const { eraser, deleted } = start(journal);
    await eraser.ready;
    expect(journal.events).toHaveLength(a.own.length + a.leases.length + b.own.length);
    const stone = tombstoneOf(make, 'a');
    await journal.append(stone);
    await eraser.idle();
    expect(ids(journal)).toEqual([...a.leases, ...b.own, stone].map((event) => event.id).sort());
    expect(deleted).toEqual(['arw-yjs:p1/thread/a']);
    expect(eraser.removed()).toBe(a.own.length);
    // The project's main (legacy) conversation keeps the thread named main.
    await journal.append(tombstoneOf(make, 'legacy:p1'));
    await eraser.idle();
    expect(deleted).toEqual(['arw-yjs:p1/thread/a', 'arw-yjs:p1/thread/main']);
  });

  it('an ingested tombstone erases too, and a late event of the erased conversation is removed on arrival', async () => {
    const make = erasureMaker();
    const a = conversationEvents(make, 'a', 1);
    const journal = createMemoryJournal(a.own.slice(0, 3));
    const { eraser } = start(journal);
    await eraser.ready;
    await journal.ingest([tombstoneOf(make, 'a')]);
    await eraser.idle();
    expect(journal.events.map((event) => event.kind)).toEqual(['conversation.deleted']);
    // An offline device's copy of the episode's later events, ingested from a server.
    await journal.ingest(a.own.slice(3));
    await eraser.idle();
    expect(journal.events.map((event) => event.kind)).toEqual(['conversation.deleted']);
  });

  it('at start it erases what an earlier session left behind', async () => {
    const make = erasureMaker();
    const a = conversationEvents(make, 'a', 1);
    const stone = tombstoneOf(make, 'a');
    const journal = createMemoryJournal([...a.own, stone]);
    const { eraser, deleted } = start(journal);
    await eraser.ready;
    expect(ids(journal)).toEqual([stone.id]);
    expect(deleted).toEqual(['arw-yjs:p1/thread/a']);
  });

  it('an ordinary start reads no episode starts (they grow with the journal); with a tombstone it still erases by them', async () => {
    const make = erasureMaker();
    const a = conversationEvents(make, 'a', 2);
    const journal = createMemoryJournal([...a.own, ...a.leases]);
    const asked: string[] = [];
    const query = journal.query.bind(journal);
    journal.query = (q) => (asked.push((q.kindPrefixes ?? []).join(',')), query(q));
    const { eraser } = start(journal);
    await eraser.ready;
    expect(asked).toEqual(['conversation.deleted']);
    // A tombstone naming no episode: the journal finds them by their stored starts (J17).
    await journal.append(tombstoneOf(make, 'a'));
    await eraser.idle();
    expect(asked.filter((kinds) => kinds.includes('episode.started'))).toEqual([]);
    expect(journal.events.map((event) => event.kind).sort()).toEqual([
      'conversation.deleted',
      'leases.created',
      'leases.created',
    ]);
    // A late event of one of them is known from the journal's record, and erased.
    await journal.ingest([
      make('tokens.out', { seq: 9, count: 1, text: 'late' }, { corr_id: 'a-e1', project_id: 'p1' }),
    ]);
    await eraser.idle();
    expect(journal.events.filter((event) => event.kind === 'tokens.out')).toEqual([]);
  });

  it("the tombstone's corr_ids erase an episode whose start this journal never had", async () => {
    const make = erasureMaker();
    const a = conversationEvents(make, 'a', 1);
    const journal = createMemoryJournal(a.own.filter((event) => event.kind !== 'episode.started'));
    const { eraser } = start(journal);
    await eraser.ready;
    await journal.append(tombstoneOf(make, 'a', a.corrIds));
    await eraser.idle();
    expect(journal.events.map((event) => event.kind)).toEqual(['conversation.deleted']);
  });
});

describe('stream after an erasure', () => {
  it('after a reload, an erased episode whose leases stay is not listed, and a late event of it is erased', async () => {
    const make = erasureMaker();
    const a = conversationEvents(make, 'a', 1);
    const journal = createMemoryJournal([...a.own, ...a.leases]);
    const first = start(journal);
    await first.eraser.ready;
    // The tombstone names no episode: this journal found a-e0 itself, and must remember it.
    await journal.append(tombstoneOf(make, 'a'));
    await first.eraser.idle();
    first.eraser.dispose();
    const stream: Stream = createStream(journal, createReadModels(), { clock: { now: () => Date.now() } });
    disposers.push(stream);
    await stream.ready;
    expect(stream.episodes()).toEqual([]);
    const { eraser } = start(journal);
    await eraser.ready;
    await journal.ingest([
      make('tokens.out', { seq: 9, count: 1, text: 'late' }, { corr_id: 'a-e0', project_id: 'p1' }),
    ]);
    await eraser.idle();
    expect(journal.events.map((event) => event.kind).sort()).toEqual(['conversation.deleted', 'leases.created']);
  });

  it('drops the erased events from recentEvents, eventsFor and the episodes read-model', async () => {
    const make = erasureMaker();
    const a = conversationEvents(make, 'a', 2);
    const b = conversationEvents(make, 'b', 1);
    // Its leases stay with the erased episodes' corr ids: no episode may be left of them.
    const journal = createMemoryJournal([...a.own, ...a.leases, ...b.own]);
    const stream: Stream = createStream(journal, createReadModels(), { clock: { now: () => Date.now() } });
    disposers.push(stream);
    await stream.ready;
    const thread = stream.eventsFor('a-e0');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(thread().length).toBeGreaterThan(0);
    expect(
      stream
        .episodes()
        .map((episode) => episode.id)
        .sort(),
    ).toEqual(['a-e0', 'a-e1', 'b-e0']);
    const { eraser } = start(journal);
    await eraser.ready;
    await journal.append(tombstoneOf(make, 'a'));
    await eraser.idle();
    await expect.poll(() => stream.episodes().map((episode) => episode.id)).toEqual(['b-e0']);
    stream.flush();
    const left = new Set(stream.recentEvents().map((event) => event.id));
    for (const event of a.own) expect(left.has(event.id)).toBe(false);
    expect(thread().map((event) => event.kind)).toEqual(['leases.created']);
    expect(stream.eventCount()).toBe(a.leases.length + b.own.length + 1);
  });
});
