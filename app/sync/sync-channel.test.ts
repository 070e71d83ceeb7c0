/** The tabs' sync channel drops notes of a shape this version does not read (an older tab's sentence-valued state). */
import { afterEach, expect, test } from 'vitest';
import { openSyncChannel, type SyncNote } from './sync-channel';

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

test('state v1 (lastError as a sentence) is ignored; state v2 and the v1 control notes arrive in order', async () => {
  const name = `arw-sync-test-${crypto.randomUUID()}`;
  const received: SyncNote[] = [];
  let arrived: () => void = () => undefined;
  const allThree = new Promise<void>((resolve) => (arrived = resolve));
  const channel = openSyncChannel(name, (note) => {
    received.push(note);
    if (received.length === 3) arrived();
  });
  closers.push(() => channel.close());
  const olderTab = new BroadcastChannel(name);
  closers.push(() => olderTab.close());
  const link = { pairingId: 'a', url: 'http://s', projects: ['p1'], phase: 'waiting', pending: 0 };
  olderTab.postMessage({ type: 'state', v: 1, links: [{ ...link, lastError: 'Could not reach the server.' }] });
  olderTab.postMessage({ type: 'state', v: 2, links: [{ ...link, lastError: { code: 'sync-unreachable' } }] });
  olderTab.postMessage({ type: 'ask', v: 2 });
  olderTab.postMessage({ type: 'ask', v: 1 });
  olderTab.postMessage({ type: 'retry', v: 1 });
  await allThree;
  expect(received.map((note) => [note.type, note.v])).toEqual([
    ['state', 2],
    ['ask', 1],
    ['retry', 1],
  ]);
});
