/** WS /sync over real sockets on loopback: handshake, push, live fan-out, de-dup, resume. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYNC_CLOSE, SYNC_PROTOCOL_VERSION } from '../../spec/sync-protocol';
import { HELLO_TIMEOUT_MS } from '../../sync-server/replication/connection';
import { createSyncTestClient, openRawSocket, type SyncTestClient } from '../support/sync-client';
import { createTestEvents } from '../support/sync-events';
import { startSyncTestServer, type SyncTestServer } from '../support/sync-server';

let server: SyncTestServer;
const clients: SyncTestClient[] = [];
const raws: ReturnType<typeof openRawSocket>[] = [];

beforeEach(async () => {
  server = await startSyncTestServer();
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  for (const raw of raws.splice(0)) raw.ws.terminate();
  await server.close();
});

const client = (device: string, projects = ['p1']) => {
  const c = createSyncTestClient({ device, projects });
  clients.push(c);
  return c;
};
const raw = (token?: string) => {
  const r = openRawSocket(server.syncUrl(token));
  raws.push(r);
  return r;
};
const hello = (protocol = SYNC_PROTOCOL_VERSION, subscriptions: unknown[] = []) => ({
  type: 'hello',
  protocol,
  device_id: 'raw',
  subscriptions,
});

describe('WS /sync handshake', () => {
  it('S1 S2: welcomes a current client with the server id and protocol', async () => {
    const r = raw();
    await r.opened;
    r.send(hello());
    expect(await r.next()).toMatchObject({
      type: 'welcome',
      protocol: SYNC_PROTOCOL_VERSION,
      server_id: 'test-server',
    });
  });

  it('S2: rejects a too-old or too-new protocol with an "update the app" reason and closes 4426', async () => {
    for (const [protocol, code] of [
      [0, 'protocol-too-old'],
      [SYNC_PROTOCOL_VERSION + 1, 'protocol-too-new'],
    ] as const) {
      const r = raw();
      await r.opened;
      r.send(hello(protocol));
      const reject = (await r.next()) as { type: string; code: string; reason: string };
      expect(reject).toMatchObject({ type: 'reject', code, max_protocol: SYNC_PROTOCOL_VERSION });
      expect(reject.reason).toMatch(/update the app/);
      expect((await r.closed).code).toBe(SYNC_CLOSE.upgradeRequired);
    }
    expect(server.store.count()).toBe(0);
  });

  it('S1 S4: closes 4400 on a message before hello and on malformed JSON', async () => {
    const first = raw();
    await first.opened;
    first.send({ type: 'push', batch_id: 'b', events: [{}] });
    expect(await first.next()).toMatchObject({ type: 'error', code: 'sync-bad-message' });
    expect((await first.closed).code).toBe(SYNC_CLOSE.badMessage);
    const second = raw();
    await second.opened;
    second.send('{not json');
    expect((await second.closed).code).toBe(SYNC_CLOSE.badMessage);
  });

  it('S1: a socket that sends no hello is told so and closed 4400 once the hello timeout passed', async () => {
    const r = raw();
    await r.opened;
    const opened = Date.now();
    expect(await r.next()).toMatchObject({ type: 'error', code: 'sync-bad-message', message: /no hello within 10 s/ });
    expect((await r.closed).code).toBe(SYNC_CLOSE.badMessage);
    // Timers may fire a little early relative to Date.now(); never by a whole second.
    expect(Date.now() - opened).toBeGreaterThanOrEqual(HELLO_TIMEOUT_MS - 1_000);
  });

  it('S3: a malformed hello gets reject bad-hello naming the field, and close 4400', async () => {
    for (const [bad, field] of [
      [{ ...hello(), device_id: '' }, 'device_id'],
      [hello(SYNC_PROTOCOL_VERSION, [{ project_id: 'p1', after: -1 }]), 'subscriptions.0.after'],
      [{ ...hello(), extra: true }, '(root)'],
    ] as const) {
      const r = raw();
      await r.opened;
      r.send(bad);
      const reject = (await r.next()) as { type: string; code: string; reason: string };
      expect(reject).toMatchObject({ type: 'reject', code: 'bad-hello', max_protocol: SYNC_PROTOCOL_VERSION });
      expect(reject.reason).toContain(`${field}:`);
      expect((await r.closed).code).toBe(SYNC_CLOSE.badMessage);
    }
    expect(server.store.count()).toBe(0);
  });

  it('S4: after hello, a message that is not a valid client message or a binary frame closes 4400', async () => {
    for (const frame of [{ type: 'push', batch_id: 'b', events: [] }, { type: 'hello' }, Buffer.from('{}')]) {
      const r = raw();
      await r.opened;
      r.send(hello());
      expect(await r.next()).toMatchObject({ type: 'welcome' });
      if (Buffer.isBuffer(frame)) r.ws.send(frame, { binary: true });
      else r.send(frame);
      expect(await r.next()).toMatchObject({ type: 'error', code: 'sync-bad-message' });
      expect((await r.closed).code).toBe(SYNC_CLOSE.badMessage);
    }
  });

  it('S12: refuses an unknown token with 401 before the handshake', async () => {
    await expect(raw('nope').opened).rejects.toThrow('HTTP 401');
  });

  it('S4: closes 1009 on a frame over the size limit', async () => {
    const r = raw();
    await r.opened;
    r.send(hello());
    await r.next();
    r.send('x'.repeat(5 * 1024 * 1024));
    expect((await r.closed).code).toBe(SYNC_CLOSE.tooBig);
  });
});

describe('WS /sync replication', () => {
  it('S5 S7 S9: push → pushed with server_seq; a second device receives it live; the sender gets no echo', async () => {
    const a = client('dev-a');
    const b = client('dev-b');
    await a.connect(server.syncUrl());
    await b.connect(server.syncUrl());
    await b.waitFor('b caught up', () => b.log.some((m) => m.type === 'caught-up'));
    const events = createTestEvents('dev-a')(3);
    a.push(events);
    await a.waitFor('acks', () => a.acked.size === 3);
    expect([...a.acked.values()]).toEqual([1, 2, 3]);
    await b.waitFor('live events', () => b.received.size === 3);
    expect([...b.received.values()].map((e) => e.server_seq)).toEqual([1, 2, 3]);
    expect(a.received.size).toBe(0);
  });

  it('S7: a duplicate send is not stored twice and is reported as duplicate', async () => {
    const r = raw();
    await r.opened;
    r.send(hello());
    await r.next();
    const events = createTestEvents('raw')(2);
    r.send({ type: 'push', batch_id: 'b1', events });
    expect(await r.next()).toMatchObject({
      type: 'pushed',
      batch_id: 'b1',
      accepted: [{ server_seq: 1 }, { server_seq: 2 }],
    });
    r.send({ type: 'push', batch_id: 'b2', events: [events[1], events[0], events[0]] });
    expect(await r.next()).toMatchObject({
      batch_id: 'b2',
      accepted: [],
      duplicates: [{ server_seq: 2 }, { server_seq: 1 }, { server_seq: 1 }],
    });
    expect(server.store.count()).toBe(2);
  });

  it('S7 S12: a bad event or a foreign project in a batch is rejected with its field; the rest is accepted', async () => {
    const r = raw('test-token-p1');
    await r.opened;
    r.send(hello());
    await r.next();
    const [good, bad, foreign, noProject] = createTestEvents('raw')(4);
    const { project_id: _omit, ...withoutProject } = noProject!;
    r.send({
      type: 'push',
      batch_id: 'mix',
      events: [good, { ...bad!, time: 'yesterday' }, { ...foreign!, project_id: 'p2' }, withoutProject],
    });
    const pushed = (await r.next()) as {
      accepted: unknown[];
      rejected: { index: number; issues: { path: string }[] }[];
    };
    expect(pushed.accepted).toHaveLength(1);
    expect(pushed.rejected.map((x) => [x.index, x.issues[0]!.path])).toEqual([
      [1, 'time'],
      [2, 'project_id'],
      [3, 'project_id'],
    ]);
    expect(server.store.count()).toBe(1);
  });

  it('S12: a read-only token cannot push and cannot subscribe to a foreign project', async () => {
    const r = raw('test-token-readonly');
    await r.opened;
    r.send(hello(SYNC_PROTOCOL_VERSION, [{ project_id: 'p2', after: 0 }]));
    await r.next();
    expect(await r.next()).toMatchObject({ type: 'error', code: 'sync-project-forbidden' });
    r.send({ type: 'push', batch_id: 'ro', events: createTestEvents('raw')(1) });
    expect(await r.next()).toMatchObject({ type: 'pushed', accepted: [], rejected: [{ index: 0 }] });
  });

  it('S6 S10: reconnecting with a cursor resumes with nothing lost or doubled', async () => {
    const writer = client('writer');
    const reader = client('reader');
    await writer.connect(server.syncUrl());
    await reader.connect(server.syncUrl());
    const make = createTestEvents('writer');
    writer.push(make(700));
    await reader.waitFor('first 700', () => reader.received.size === 700);
    reader.terminate();
    await reader.waitFor('reader closed', () => !reader.connected());
    writer.push(make(1200));
    await writer.waitFor('acks', () => writer.acked.size === 1900);
    const cursor = reader.cursors.get('p1');
    expect(cursor).toBeGreaterThanOrEqual(700);
    await reader.connect(server.syncUrl());
    await reader.waitFor('caught up', () => reader.log.some((m) => m.type === 'caught-up'));
    expect(reader.received.size).toBe(1900);
    expect([...reader.deliveries.values()].every((n) => n === 1)).toBe(true);
    const batches = reader.log.filter((m) => m.type === 'events');
    expect(batches.every((m) => m.type === 'events' && m.events.every((e) => e.server_seq > cursor))).toBe(true);
  });

  it("S5: catch-up includes a device's earlier pushes for another device subscribed from 0", async () => {
    const a = client('dev-a');
    await a.connect(server.syncUrl());
    a.push(createTestEvents('dev-a')(1200));
    await a.waitFor('acks', () => a.acked.size === 1200);
    const late = client('late');
    await late.connect(server.syncUrl());
    await late.waitFor('caught up', () => late.log.some((m) => m.type === 'caught-up'));
    expect(late.received.size).toBe(1200);
    const sizes = late.log.flatMap((m) => (m.type === 'events' ? [m.events.length] : []));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(500);
  });

  it('S5: only subscribed projects are delivered', async () => {
    const a = client('dev-a', ['p1', 'p2']);
    const b = client('dev-b', ['p2']);
    await a.connect(server.syncUrl());
    await b.connect(server.syncUrl());
    a.push([...createTestEvents('dev-a', 'p1')(5), ...createTestEvents('dev-a', 'p2')(2)]);
    await a.waitFor('acks', () => a.acked.size === 7);
    await b.waitFor('p2 events', () => b.received.size === 2);
    expect([...b.received.values()].every((e) => e.project_id === 'p2')).toBe(true);
  });
});
