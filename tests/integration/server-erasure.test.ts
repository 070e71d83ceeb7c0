/**
 * Erasure of a conversation on the sync server (SPEC §7), through the real server entry
 * and over /sync: a pushed tombstone removes the conversation's rows (leases.* and the
 * tombstone stay), `/events/tail`, `/state/episodes` and a device replaying from 0 no
 * longer see them, the shared thread's Yjs doc is gone; an offline device's late events
 * of it are answered as handled (never stored, never retried), also after a restart.
 * With NATS, the tombstone reaches the other instance as an event and it erases too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { EVENTS_STREAM, YJS_STREAM, yjsSubject } from '../../core/nats';
import { conversationEvents, erasureMaker, tombstoneOf } from '../../core/read-models/testing/erasure-scenario';
import { SYNC_CLOSE } from '../../spec/sync-protocol';
import { HAS_NATS_SERVER, startNatsServer, type NatsServerHandle } from '../support/nats';
import { spawnServer, type ServerProcess } from '../support/server-process';
import { createSyncTestClient, type SyncTestClient } from '../support/sync-client';
import { connectClient, destroyClients, synced, waitFor } from '../support/yjs-relay-server';
import { ADMIN_TOKEN, startGatedServer } from './server-support';

const dir = mkdtempSync(join(tmpdir(), 'arw-erasure-it-'));
const TOKEN = 'preset-admin-token-for-erasure-0123456789';
const clients: SyncTestClient[] = [];
let server: ServerProcess | undefined;
afterEach(() => clients.splice(0).forEach((client) => client.terminate()));
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const start = () =>
  spawnServer({
    ...process.env,
    ARW_DATA_DIR: join(dir, 'data'),
    ARW_ENV_FILE: join(dir, '.env.local'),
    ARW_ADMIN_TOKEN: TOKEN,
  });

async function device(base: string, token: string, name: string): Promise<SyncTestClient> {
  const client = createSyncTestClient({ device: name, projects: ['p1'] });
  clients.push(client);
  await client.connect(`${base.replace('http', 'ws')}/sync?token=${encodeURIComponent(token)}`);
  return client;
}

async function tailIds(base: string, token: string): Promise<Set<string>> {
  const response = await fetch(`${base}/events/tail?n=1000&project=p1`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return new Set(((await response.json()) as { items: { id: string }[] }).items.map((event) => event.id));
}

async function episodeIds(base: string, token: string): Promise<string[]> {
  const response = await fetch(`${base}/state/episodes?project=p1`, { headers: { authorization: `Bearer ${token}` } });
  return ((await response.json()) as { items: { id: string }[] }).items.map((episode) => episode.id).sort();
}

const make = erasureMaker({ actor: 'device-a' });
const a = conversationEvents(make, 'conv-a', 2);
const b = conversationEvents(make, 'conv-b', 1);
const stone = tombstoneOf(make, 'conv-a', a.corrIds.slice(0, 1));
/** What an offline device still had of conversation a: a later token batch of its first episode. */
const late = make('tokens.out', { seq: 1, count: 3, text: 'late words' }, { corr_id: 'conv-a-e0', project_id: 'p1' });

test('a tombstone erases the conversation on the server; late events are answered as handled and never stored', async () => {
  server = await start();
  const base = `http://127.0.0.1:${server.port}`;
  const deviceA = await device(base, TOKEN, 'device-a');
  deviceA.push([...a.own, ...a.leases, ...b.own]);
  await deviceA.waitFor(
    'the conversation is stored',
    () => deviceA.acked.size === a.own.length + a.leases.length + b.own.length,
  );
  expect(await episodeIds(base, TOKEN)).toEqual(['conv-a-e0', 'conv-a-e1', 'conv-b-e0']);

  // The conversation's shared thread, as the app names it.
  const thread = connectClient(`${base.replace('http', 'ws')}/yjs`, 'p1/thread/conv-a', TOKEN);
  const peers: ReturnType<typeof connectClient>[] = [];
  let closedWith: number | undefined;
  try {
    await synced(thread);
    thread.doc.getArray<string>('messages').push(['a message to forget']);
    thread.on('connection-close', (event: CloseEvent | null) => void (closedWith ??= event?.code));
    // The relay stores an update before it relays it: a second client seeing it proves it is stored.
    const peer = connectClient(`${base.replace('http', 'ws')}/yjs`, 'p1/thread/conv-a', TOKEN, new Y.Doc());
    peers.push(peer);
    await waitFor('the message is on the server', () => peer.doc.getArray<string>('messages').length === 1);

    deviceA.push([stone]);
    await deviceA.waitFor('the tombstone is acknowledged', () => deviceA.acked.has(stone.id));
    const ids = await tailIds(base, TOKEN);
    for (const event of a.own) expect(ids.has(event.id), event.kind).toBe(false);
    for (const event of [...a.leases, ...b.own, stone]) expect(ids.has(event.id), event.kind).toBe(true);
    expect(await episodeIds(base, TOKEN)).toEqual(['conv-b-e0']);
    await waitFor('the thread socket is closed as erased', () => closedWith !== undefined);
    expect(closedWith).toBe(SYNC_CLOSE.docErased);
  } finally {
    destroyClients([thread, ...peers]);
  }
  const fresh = connectClient(`${base.replace('http', 'ws')}/yjs`, 'p1/thread/conv-a', TOKEN, new Y.Doc());
  try {
    await synced(fresh);
    expect(fresh.doc.getArray<string>('messages').toJSON()).toEqual([]);
  } finally {
    destroyClients([fresh]);
  }

  // A device replaying the project from the start never receives the erased events.
  const deviceB = await device(base, TOKEN, 'device-b');
  await deviceB.waitFor('B caught up', () => deviceB.received.has(stone.id));
  for (const event of a.own) expect(deviceB.received.has(event.id)).toBe(false);

  // An offline device pushes its old copy: handled (a duplicate at the tombstone's seq), not stored, not refused.
  const offline = await device(base, TOKEN, 'device-offline');
  offline.push([a.own[3]!, late]);
  await offline.waitFor(
    'the late events are acknowledged',
    () => offline.acked.has(late.id) && offline.acked.has(a.own[3]!.id),
  );
  expect(offline.rejected).toEqual([]);
  expect(offline.acked.get(late.id)).toBe(deviceA.acked.get(stone.id));
  expect(offline.outbox.inFlightCount()).toBe(0);
  expect((await tailIds(base, TOKEN)).has(late.id)).toBe(false);
});

test('after a restart the server still drops late events of the erased conversation', async () => {
  await server?.stop();
  server = await start();
  const base = `http://127.0.0.1:${server.port}`;
  const late2 = make('episode.completed', { duration_ms: 9 }, { corr_id: 'conv-a-e1', project_id: 'p1' });
  const offline = await device(base, TOKEN, 'device-offline-2');
  offline.push([late2, a.own[0]!]);
  await offline.waitFor('acknowledged', () => offline.acked.has(late2.id) && offline.acked.has(a.own[0]!.id));
  expect(offline.rejected).toEqual([]);
  const ids = await tailIds(base, TOKEN);
  expect(ids.has(late2.id)).toBe(false);
  expect(ids.has(a.own[0]!.id)).toBe(false);
  expect(ids.has(stone.id)).toBe(true);
});

describe.skipIf(!HAS_NATS_SERVER)('two instances over NATS', () => {
  type Server = Awaited<ReturnType<typeof startGatedServer>>;
  let nats: NatsServerHandle;
  let one: Server;
  let two: Server;
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await nats?.dispose();
  });

  test('R13: the tombstone reaches the other instance as an event; both erase, and the thread leaves JetStream', async () => {
    nats = await startNatsServer();
    const env = { NATS_URL: nats.url, NATS_RECONNECT_WAIT_MS: '200', NATS_RECONNECT_JITTER_MS: '100' };
    one = await startGatedServer(env);
    two = await startGatedServer(env);
    const m = erasureMaker({ actor: 'device-n', seed: 1000 });
    const c = conversationEvents(m, 'conv-n', 2);
    const other = conversationEvents(m, 'conv-o', 1);
    const onOne = await device(one.url, ADMIN_TOKEN, 'n-one');
    onOne.push([...c.own, ...c.leases, ...other.own]);
    const all = [...c.own, ...c.leases, ...other.own];
    await until('instance two has the conversation', async () => {
      const ids = await tailIds(two.url, ADMIN_TOKEN);
      return all.every((event) => ids.has(event.id));
    });
    // The conversation's thread, edited on instance one: its updates are in ARW_YJS.
    const nc = await connect({ servers: nats.url });
    const jsm = await jetstreamManager(nc);
    const subject = yjsSubject('p1/thread/conv-n');
    const storedUpdates = async () => (await jsm.streams.info(YJS_STREAM, { subjects_filter: subject })).state.subjects;
    const thread = connectClient(`${one.url.replace('http', 'ws')}/yjs`, 'p1/thread/conv-n', ADMIN_TOKEN);
    try {
      await synced(thread);
      thread.doc.getText('t').insert(0, 'words to forget');
      await until('the update is in JetStream', async () => ((await storedUpdates())?.[subject] ?? 0) > 0);
    } finally {
      destroyClients([thread]);
    }

    const grave = tombstoneOf(m, 'conv-n');
    onOne.push([grave]);
    for (const instance of [one, two]) {
      await until('the instance erased the conversation', async () => {
        const ids = await tailIds(instance.url, ADMIN_TOKEN);
        return ids.has(grave.id) && c.own.every((event) => !ids.has(event.id));
      });
      const ids = await tailIds(instance.url, ADMIN_TOKEN);
      for (const event of [...c.leases, ...other.own]) expect(ids.has(event.id)).toBe(true);
      expect(await episodeIds(instance.url, ADMIN_TOKEN)).toEqual(['conv-o-e0']);
    }
    // A late event pushed on the other instance is handled there and reaches no store.
    const lateN = m('tokens.out', { seq: 5, count: 1, text: 'late' }, { corr_id: 'conv-n-e1', project_id: 'p1' });
    const onTwo = await device(two.url, ADMIN_TOKEN, 'n-two');
    onTwo.push([lateN]);
    await onTwo.waitFor('acknowledged', () => onTwo.acked.has(lateN.id));
    expect(onTwo.rejected).toEqual([]);
    for (const instance of [one, two]) expect((await tailIds(instance.url, ADMIN_TOKEN)).has(lateN.id)).toBe(false);
    await until('the thread is purged from JetStream', async () => ((await storedUpdates())?.[subject] ?? 0) === 0);
    await until('the erased events left ARW_EVENTS', async () => {
      const inStream = await streamEventIds(nc, jsm);
      return inStream.has(grave.id) && c.own.every((event) => !inStream.has(event.id));
    });
    const inStream = await streamEventIds(nc, jsm);
    for (const event of [...c.leases, ...other.own]) expect(inStream.has(event.id)).toBe(true);
    await nc.close();
  });
});

/** The Nats-Msg-Id (event id) of every message in ARW_EVENTS, read with an ordered consumer. */
async function streamEventIds(nc: Parameters<typeof jetstream>[0], jsm: JetStreamManager): Promise<Set<string>> {
  const consumer = await jetstream(nc).consumers.get(EVENTS_STREAM);
  const ids = new Set<string>();
  for (let left = (await jsm.streams.info(EVENTS_STREAM)).state.messages; left > 0;) {
    let read = 0;
    for await (const message of await consumer.fetch({ max_messages: Math.min(left, 500), expires: 2_000 })) {
      ids.add(message.headers?.get('Nats-Msg-Id') ?? '');
      read += 1;
    }
    if (read === 0) break;
    left -= read;
  }
  return ids;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
