/**
 * The link's state machine against a scripted socket: hello carries saved cursors;
 * a push not acknowledged before a disconnect is sent again after the reconnect;
 * cursors move only from `events` / `caught-up`; field issues surface as lastError.
 */
import 'fake-indexeddb/auto';
import { afterEach, expect, test, vi } from 'vitest';
import { SYNC_PROTOCOL_VERSION } from '../../spec/sync-protocol';
import { openJournal, type JournalHandle } from '../db/journal';
import { createJournalDb } from '../db/schema';
import { createEventMaker, freshDbName, tokenEvent } from '../db/test-support';
import { linkErrorText } from './describe';
import { cursorKey } from './pairings';
import { createSyncLink, type SocketLike } from './sync-link';

const open: JournalHandle[] = [];
afterEach(() => open.splice(0).forEach((journal) => journal.close()));

interface FakeSocket extends SocketLike {
  sent: Record<string, unknown>[];
  serve(message: object): void;
  drop(code?: number): void;
}

function fakeSocket(): FakeSocket {
  const socket: FakeSocket = {
    readyState: 0,
    sent: [],
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    send: (data) => void socket.sent.push(JSON.parse(data)),
    close: () => socket.drop(1000),
    serve: (message) => socket.onmessage?.({ data: JSON.stringify(message) }),
    drop(code = 1006) {
      (socket as { readyState: number }).readyState = 3;
      socket.onclose?.({ code, reason: '' });
    },
  };
  queueMicrotask(() => (((socket as { readyState: number }).readyState = 1), socket.onopen?.({})));
  return socket;
}

async function setup() {
  const journal = await openJournal({ db: createJournalDb(freshDbName()) });
  open.push(journal);
  const sockets: FakeSocket[] = [];
  const link = createSyncLink({
    pairing: { id: 's1', url: 'http://127.0.0.1:1', token: 'arw_token_123', projects: ['p1'], added: '' },
    journal,
    deviceId: 'device:test',
    openSocket: () => (sockets.push(fakeSocket()), sockets.at(-1)!),
    random: () => 0,
    now: Date.now,
    isOnline: () => true,
    onState: () => undefined,
  });
  return { journal, link, sockets, maker: createEventMaker({ actor: 'device:test' }) };
}

test('S6 S8 S9: resend after reconnect, cursors only from events / caught-up, no echo, refusals in plain words', async () => {
  const { journal, link, sockets, maker } = await setup();
  await journal.meta.set(cursorKey('s1', 'p1'), 5);
  const mine = [tokenEvent(maker, 0, { project_id: 'p1' }), tokenEvent(maker, 1, { project_id: 'p1' })];
  await journal.appendBatch(mine);
  await link.start();
  await vi.waitFor(() =>
    expect(sockets[0]!.sent[0]).toEqual({
      type: 'hello',
      protocol: SYNC_PROTOCOL_VERSION,
      device_id: 'device:test',
      subscriptions: [{ project_id: 'p1', after: 5 }],
    }),
  );
  sockets[0]!.serve({ type: 'welcome', protocol: 1, server_id: 'x', server_time: new Date().toISOString() });
  await vi.waitFor(() =>
    expect(sockets[0]!.sent[1]).toMatchObject({ type: 'push', events: [{ id: mine[0]!.id }, { id: mine[1]!.id }] }),
  );

  // Lost before `pushed`: the same events go out again on the next socket.
  sockets[0]!.drop();
  expect(link.state().phase).toBe('waiting');
  await vi.waitFor(() => expect(sockets).toHaveLength(2), { timeout: 2_000 });
  await vi.waitFor(() => expect(sockets[1]!.sent[0]).toMatchObject({ type: 'hello' }));
  sockets[1]!.serve({ type: 'welcome', protocol: 1, server_id: 'x', server_time: new Date().toISOString() });
  await vi.waitFor(() =>
    expect(sockets[1]!.sent[1]).toMatchObject({ type: 'push', events: [{ id: mine[0]!.id }, { id: mine[1]!.id }] }),
  );
  const batch = sockets[1]!.sent[1]!;
  sockets[1]!.serve({
    type: 'pushed',
    batch_id: batch.batch_id,
    accepted: [{ id: mine[0]!.id, server_seq: 40 }],
    duplicates: [],
    rejected: [{ index: 1, id: mine[1]!.id, issues: [{ path: 'payload.text', message: 'too long' }] }],
  });
  await vi.waitFor(() => expect(link.state().lastError?.code).toBe('sync-events-refused'));
  expect(linkErrorText(link.state())).toMatch(/refused .*tokens\.out .*payload\.text: too long/);
  expect(await journal.meta.get(cursorKey('s1', 'p1'))).toBe(5); // not moved by `pushed`
  await vi.waitFor(() => expect(link.state().pending).toBe(0));

  // Another device's event arrives: stored once, cursor saved with it, never pushed back.
  const theirs = createEventMaker({ actor: 'device:other', seed: 9 }).make(
    'obs.recorded',
    { source: 'x' },
    { project_id: 'p1' },
  );
  sockets[1]!.serve({ type: 'events', project_id: 'p1', events: [{ ...theirs, server_seq: 41 }] });
  sockets[1]!.serve({ type: 'caught-up', project_id: 'p1', cursor: 41 });
  await vi.waitFor(() => expect(link.state().phase).toBe('live'));
  expect(await journal.meta.get(cursorKey('s1', 'p1'))).toBe(41);
  expect((await journal.tail(1))[0]!.id).toBe(theirs.id);
  // S9: `theirs` is never pushed back. Our next event proves it: the sender reads in seq
  // order, so a push of `theirs` would come before (or with) the push of `later`.
  const later = tokenEvent(maker, 2, { project_id: 'p1' });
  await journal.append(later);
  link.kick();
  const pushes = () => sockets[1]!.sent.filter((m) => m.type === 'push') as { events: { id: string }[] }[];
  await vi.waitFor(() => expect(pushes()).toHaveLength(2));
  expect(pushes()[1]!.events.map((event) => event.id)).toEqual([later.id]);
  expect(pushes().flatMap((push) => push.events.map((event) => event.id))).not.toContain(theirs.id);
  link.stop();
});
