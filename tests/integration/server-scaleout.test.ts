/**
 * Scale-out through the composed servers: two full instances (gates, journal, /sync,
 * Yjs relay) joined by a real nats-server. A device on instance A pushes events over
 * /sync; a device on instance B receives them live and from /events/tail; a Yjs edit
 * on A reaches a y-websocket client on B; a nats-server restart loses nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { SYNC_PROTOCOL_VERSION } from '../../spec/sync-protocol';
import { HAS_NATS_SERVER, startNatsServer, type NatsServerHandle } from '../support/nats';
import { connectClient, destroyClients, synced, waitFor } from '../support/yjs-relay-server';
import { ADMIN_TOKEN, startGatedServer } from './server-support';

type Server = Awaited<ReturnType<typeof startGatedServer>>;

describe.skipIf(!HAS_NATS_SERVER)('two composed instances over NATS', () => {
  let nats: NatsServerHandle;
  let a: Server;
  let b: Server;
  beforeAll(async () => {
    nats = await startNatsServer();
    const env = { NATS_URL: nats.url, NATS_RECONNECT_WAIT_MS: '200', NATS_RECONNECT_JITTER_MS: '100' };
    a = await startGatedServer(env);
    b = await startGatedServer(env);
    for (const server of [a, b]) await until(async () => (await natsStateOf(server)) === 'connected', 20_000);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await nats?.dispose();
  });

  let n = 0;
  const event = (project: string) => {
    n += 1;
    const id = `01JD2V8K3Q4R5S6T7V8W9X${String(n).padStart(4, '0')}`.replace(/[ILOU]/g, '0');
    return {
      id,
      time: new Date().toISOString(),
      kind: 'obs.recorded',
      v: 1,
      actor: 'device:a',
      project_id: project,
      payload: { source: 'user', text: `event ${n}` },
    };
  };

  function device(server: Server, project: string): Promise<{ ws: WebSocket; received: Set<string> }> {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync?token=${ADMIN_TOKEN}`);
    const received = new Set<string>();
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; events?: { id: string }[] };
      if (message.type === 'events') for (const e of message.events ?? []) received.add(e.id);
    });
    return new Promise((resolve) => {
      ws.once('open', () => {
        ws.send(
          JSON.stringify({
            type: 'hello',
            protocol: SYNC_PROTOCOL_VERSION,
            device_id: `dev-${Math.random()}`,
            subscriptions: [{ project_id: project, after: 0 }],
          }),
        );
        resolve({ ws, received });
      });
    });
  }

  test('events pushed on instance A reach a device on instance B, also across a nats-server restart', async () => {
    const onB = await device(b, 'shared');
    const onA = await device(a, 'shared');
    const first = [event('shared'), event('shared'), event('shared')];
    onA.ws.send(JSON.stringify({ type: 'push', batch_id: 'b1', events: first }));
    await waitFor('B receives the first batch', () => first.every((e) => onB.received.has(e.id)), 15_000);

    await nats.stop();
    const during = [event('shared'), event('shared')];
    onA.ws.send(JSON.stringify({ type: 'push', batch_id: 'b2', events: during }));
    await nats.start();
    await waitFor(
      'B receives what was pushed while NATS was down',
      () => during.every((e) => onB.received.has(e.id)),
      30_000,
    );

    const tail = await fetch(`${b.url}/events/tail?n=50&project=shared`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const ids = ((await tail.json()) as { items: { id: string }[] }).items.map((e) => e.id);
    for (const e of [...first, ...during]) expect(ids.filter((id) => id === e.id)).toHaveLength(1);
    onA.ws.terminate();
    onB.ws.terminate();
  });

  test('events accepted while NATS is down survive a restart of their server and reach the other instance', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arw-pump-'));
    const env = { NATS_URL: nats.url, NATS_RECONNECT_WAIT_MS: '200', NATS_RECONNECT_JITTER_MS: '100' };
    const options = { dbPath: join(dir, 'c.sqlite'), serverId: 'srv-c' };
    let c = await startGatedServer(env, options);
    try {
      await until(async () => (await natsStateOf(c)) === 'connected', 20_000);
      const onB = await device(b, 'durable');
      await nats.stop();
      const onC = await device(c, 'durable');
      const batch = [event('durable'), event('durable'), event('durable')];
      const acked = new Promise<void>((resolve) =>
        onC.ws.on('message', (data) => JSON.parse(String(data)).type === 'pushed' && resolve()),
      );
      onC.ws.send(JSON.stringify({ type: 'push', batch_id: 'offline', events: batch }));
      await acked;
      onC.ws.terminate();
      // Restart C while NATS is still down: its in-memory outbox is gone, its journal is not.
      await c.close();
      c = await startGatedServer(env, options);
      await nats.start();
      await waitFor(
        'B receives what C accepted before its restart',
        () => batch.every((e) => onB.received.has(e.id)),
        30_000,
      );
      onB.ws.terminate();
    } finally {
      await c.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a Yjs edit on instance A reaches a y-websocket client on instance B', async () => {
    const onA = connectClient(`${a.url.replace('http', 'ws')}/yjs`, 'shared/thread', ADMIN_TOKEN);
    const onB = connectClient(`${b.url.replace('http', 'ws')}/yjs`, 'shared/thread', ADMIN_TOKEN, new Y.Doc());
    try {
      await Promise.all([synced(onA), synced(onB)]);
      onA.doc.getArray<string>('messages').push(['hello across servers']);
      await waitFor(
        'B converges',
        () => onB.doc.getArray<string>('messages').toJSON().includes('hello across servers'),
        15_000,
      );
      expect(Y.encodeStateVector(onB.doc)).toEqual(Y.encodeStateVector(onA.doc));
    } finally {
      destroyClients([onA, onB]);
    }
  });
});

async function natsStateOf(server: Server): Promise<string> {
  const health = (await (await fetch(`${server.url}/healthz`)).json()) as { nats?: { state?: string } };
  return health.nats?.state ?? 'unknown';
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
