/** Subscribers hear every commit: in this tab directly, in other tabs through BroadcastChannel. */
import 'fake-indexeddb/auto';
import { afterEach, expect, test } from 'vitest';
import type { StoredEvent } from '../../core/journal/types';
import { openJournal, type JournalHandle } from './journal';
import { createEventMaker, freshDbName, tokenEvent } from './test-support';

const open: JournalHandle[] = [];
afterEach(() => open.splice(0).forEach((journal) => journal.close()));

async function openBoth() {
  const name = freshDbName();
  const writer = await openJournal({ name });
  const reader = await openJournal({ name });
  open.push(writer, reader);
  return { writer, reader };
}

/** Resolves once `journal` has delivered `count` events to a subscriber. */
function collect(journal: JournalHandle, count: number): { done: Promise<StoredEvent[][]>; calls: StoredEvent[][] } {
  const calls: StoredEvent[][] = [];
  const done = new Promise<StoredEvent[][]>((resolve) => {
    journal.subscribe((events) => {
      calls.push([...events]);
      if (calls.flat().length >= count) resolve(calls);
    });
  });
  return { done, calls };
}

test('a subscriber in the same tab gets the stored events of each commit', async () => {
  const { writer } = await openBoth();
  const maker = createEventMaker();
  const { done } = collect(writer, 3);
  const stored = await Promise.all([0, 1, 2].map((i) => writer.append(tokenEvent(maker, i))));
  expect(await done).toEqual([stored]);
});

test('J14: a subscriber in another tab gets each commit, in commit order', async () => {
  const { writer, reader } = await openBoth();
  const maker = createEventMaker();
  const { done } = collect(reader, 6);
  const first = await writer.appendBatch([tokenEvent(maker, 0), tokenEvent(maker, 1)]);
  const second = await writer.append(tokenEvent(maker, 2));
  const third = await writer.appendBatch([3, 4, 5].map((i) => tokenEvent(maker, i)));
  expect(await done).toEqual([first, [second], third]);
});

test('unsubscribe stops delivery', async () => {
  const { writer } = await openBoth();
  const maker = createEventMaker();
  const seen: number[] = [];
  const stop = writer.subscribe((events) => seen.push(...events.map((event) => event.seq)));
  await writer.append(tokenEvent(maker, 0));
  stop();
  await writer.append(tokenEvent(maker, 1));
  expect(seen).toEqual([1]);
});

test('a throwing subscriber does not stop the others or fail the append', async () => {
  const { writer } = await openBoth();
  const maker = createEventMaker();
  const seen: number[] = [];
  const quiet = console.error;
  console.error = () => undefined;
  try {
    writer.subscribe(() => {
      throw new Error('listener bug');
    });
    writer.subscribe((events) => seen.push(events.length));
    await expect(writer.append(tokenEvent(maker, 0))).resolves.toBeDefined();
  } finally {
    console.error = quiet;
  }
  expect(seen).toEqual([1]);
});
