/** The send position: saved as events are acknowledged, resumed after a restart, never pushing server events back. */
import 'fake-indexeddb/auto';
import { afterEach, expect, test } from 'vitest';
import { openJournal, type JournalHandle } from '../db/journal';
import { createJournalDb } from '../db/schema';
import { createEventMaker, freshDbName, tokenEvent } from '../db/test-support';
import { outboxKey } from './pairings';
import { createPushTracker } from './push-tracker';

const open: JournalHandle[] = [];
afterEach(() => open.splice(0).forEach((journal) => journal.close()));

async function setup() {
  const journal = await openJournal({ db: createJournalDb(freshDbName()) });
  open.push(journal);
  const maker = createEventMaker();
  const tracker = () => createPushTracker({ source: journal, pairingId: 's1', projects: ['p1'], batchPrefix: 'dev' });
  return { journal, maker, tracker };
}

const ackAll = (batch: { batch_id: string; events: { id: string }[] }) => ({
  batch_id: batch.batch_id,
  accepted: batch.events.map((e, i) => ({ id: e.id, server_seq: i + 1 })),
  duplicates: [],
  rejected: [],
});

test('only shared-project events go out; the position follows acknowledgements and survives a restart', async () => {
  const { journal, maker, tracker } = await setup();
  await journal.appendBatch([
    tokenEvent(maker, 0, { project_id: 'p1' }),
    tokenEvent(maker, 1, { project_id: 'p2' }),
    tokenEvent(maker, 2),
    tokenEvent(maker, 3, { project_id: 'p1' }),
  ]);
  const first = tracker();
  await first.load();
  expect(await first.pending()).toBe(2);
  await first.fill();
  const batch = first.next()!;
  expect(batch.events.map((e) => e.project_id)).toEqual(['p1', 'p1']);
  expect(batch.events[0]).not.toHaveProperty('seq');
  expect(await journal.meta.get(outboxKey('s1'))).toBeUndefined();
  await first.ack(ackAll(batch));
  expect(await journal.meta.get(outboxKey('s1'))).toBe(4);
  expect(await first.pending()).toBe(0);

  // A new leader resumes after the saved position: nothing is sent twice.
  await journal.append(tokenEvent(maker, 4, { project_id: 'p1' }));
  const second = tracker();
  await second.load();
  await second.fill();
  expect(second.next()!.events.map((e) => e.payload['seq'])).toEqual([4]);
});

test('unacknowledged events are sent again after a reconnect; events from the server are not pushed back', async () => {
  const { journal, maker, tracker } = await setup();
  const fromServer = tokenEvent(maker, 0, { project_id: 'p1' });
  const t = tracker();
  await t.load();
  t.noteReceived([fromServer.id]);
  await journal.ingest([fromServer]);
  await journal.append(tokenEvent(maker, 1, { project_id: 'p1' }));
  await t.fill();
  const batch = t.next()!;
  expect(batch.events.map((e) => e.payload['seq'])).toEqual([1]);
  t.resetInFlight();
  const again = t.next()!;
  expect(again.events.map((e) => e.id)).toEqual(batch.events.map((e) => e.id));
  expect(await t.ack(ackAll(batch))).toEqual([]); // a stale batch id settles nothing
  await t.ack(ackAll(again));
  expect(await journal.meta.get(outboxKey('s1'))).toBe(2);
});
