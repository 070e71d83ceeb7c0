/**
 * S11 over real sockets on loopback: a /sync reader that stops reading while a writer
 * pushes ~32 MB. The server side of its socket must stay near the high-water mark (the
 * feed pauses instead of queueing), and once the reader reads again it gets every event
 * exactly once, in server_seq order (the feed resumes from its cursor).
 */
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { SYNC_MAX_FRAME_BYTES, SYNC_PROTOCOL_VERSION, type ServerMessage } from '../../spec/sync-protocol';
import { HIGH_WATER_BYTES } from '../../sync-server/replication/feed';
import { createSyncHub } from '../../sync-server/replication/sync-hub';
import { openServerDb } from '../../sync-server/storage/db';
import { createEventStore } from '../../sync-server/storage/event-store';
import { createSyncTestClient } from '../support/sync-client';
import { createTestEvents } from '../support/sync-events';
import { createWaitSet } from '../support/wait-set';

const BATCHES = 40;
const PER_BATCH = 100;
const TEXT = 'x'.repeat(8_000);
const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** The real hub and store behind a ws server on port 0; `serverSockets` are the server's ends. */
async function start() {
  const db = openServerDb(':memory:');
  const store = createEventStore(db);
  const hub = createSyncHub({ store, serverId: 's11', clock: { now: () => Date.now() }, log });
  const serverSockets: WebSocket[] = [];
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', maxPayload: SYNC_MAX_FRAME_BYTES });
  wss.on('connection', (ws) => {
    serverSockets.push(ws);
    hub.handleConnection(ws, { projects: '*', canPush: true, canRead: true });
  });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  cleanup.push(
    () => void db.close(),
    () => new Promise<void>((resolve) => wss.close(() => resolve())),
    () => hub.close(),
  );
  return { store, serverSockets, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/` };
}

test('S11: a reader that stops reading is not queued for past the high-water mark, and resumes with nothing lost or doubled', async () => {
  const { store, serverSockets, url } = await start();
  const reader = new WebSocket(url);
  cleanup.push(() => reader.terminate());
  const seqs: number[] = [];
  const waits = createWaitSet();
  let caughtUp = false;
  reader.on('message', (data) => {
    const message = JSON.parse(String(data)) as ServerMessage;
    if (message.type === 'caught-up') caughtUp = true;
    if (message.type === 'events') seqs.push(...message.events.map((event) => event.server_seq));
    waits.notify();
  });
  await new Promise((resolve) => reader.once('open', resolve));
  reader.send(
    JSON.stringify({
      type: 'hello',
      protocol: SYNC_PROTOCOL_VERSION,
      device_id: 'reader',
      subscriptions: [{ project_id: 'p1', after: 0 }],
    }),
  );
  await waits.waitFor('reader caught up', () => caughtUp, 10_000);
  const readerOnServer = serverSockets[0]!;
  reader.pause();

  // Sampled right after each commit: the hub has offered it to the reader's feed by then.
  let maxBuffered = 0;
  store.onAppended(() => void (maxBuffered = Math.max(maxBuffered, readerOnServer.bufferedAmount)));
  const writer = createSyncTestClient({ device: 'writer', projects: [], batch: PER_BATCH });
  cleanup.push(() => writer.terminate());
  await writer.connect(url);
  const make = createTestEvents('writer');
  const events = make(BATCHES * PER_BATCH).map((event) => ({ ...event, payload: { ...event.payload, text: TEXT } }));
  writer.push(events);
  await writer.waitFor('every batch stored', () => writer.acked.size === events.length, 60_000);
  const batchBytes = JSON.stringify(events.slice(0, PER_BATCH)).length;
  // The premise: the paused reader really backed its socket up past the mark.
  expect(maxBuffered).toBeGreaterThan(HIGH_WATER_BYTES);
  // At most one batch goes out after the mark is crossed; the other ~30 MB wait in the store.
  expect(maxBuffered).toBeLessThan(HIGH_WATER_BYTES + 2 * batchBytes);

  reader.resume();
  await waits.waitFor('reader has every event', () => seqs.length >= events.length, 60_000);
  expect(seqs).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
});
