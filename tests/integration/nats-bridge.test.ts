/**
 * Issue 3 item 5: the NATS JetStream bridge against a real nats-server 2.9 (started by
 * the test on a loopback port with a temp store dir): Yjs convergence across two
 * relay instances, a nats-server restart mid-run, subject filtering, endless reconnect.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { parseNatsConfig } from '../../sync-server/bridge/config';
import { createNatsBridge } from '../../sync-server/bridge/nats-bridge';
import type { BridgeState, NatsBridge, NatsDelivery } from '../../sync-server/bridge/types';
import { HAS_NATS_SERVER, NO_NATS_MESSAGE, startNatsServer, type NatsServerHandle } from '../support/nats';
import { startBridgedInstance, testEvent, testNatsEnv, type BridgedInstance } from '../support/yjs-bridged';
import { connectClient, destroyClients, quietLog, synced, waitFor } from '../support/yjs-relay-server';

if (!HAS_NATS_SERVER) console.warn(NO_NATS_MESSAGE);

describe.skipIf(!HAS_NATS_SERVER)('NATS bridge (real nats-server)', () => {
  let nats: NatsServerHandle;
  let dir: string;
  let instances: BridgedInstance[] = [];
  let bridges: NatsBridge[] = [];
  let clients: WebsocketProvider[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    dir = mkdtempSync(join(tmpdir(), 'arw-natsbridge-'));
  });
  afterAll(async () => {
    await nats?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    destroyClients(clients);
    clients = [];
    for (const instance of instances) await instance.close();
    for (const bridge of bridges) await bridge.close();
    instances = [];
    bridges = [];
    await nats.start();
  });

  const instance = async (id: string) => {
    const started = await startBridgedInstance(join(dir, `${id}.sqlite`), nats.url, id);
    instances.push(started);
    await waitFor(`${id} connected`, () => started.bridge.state() === 'connected');
    return started;
  };
  const client = (at: BridgedInstance, doc: string) => {
    const provider = connectClient(at.server.wsUrl, doc);
    clients.push(provider);
    return provider;
  };
  const bridge = (id: string, env: Record<string, string> = {}, onState?: (state: BridgeState) => void) => {
    const created = createNatsBridge({
      config: parseNatsConfig(testNatsEnv(nats.url, env)),
      serverId: id,
      log: quietLog,
      ...(onState ? { onState } : {}),
    });
    bridges.push(created);
    return created;
  };
  // toJSON lists only root types a doc has touched, so read the ones the tests use.
  const view = (doc: Y.Doc) => JSON.stringify([doc.getText('t').toString(), doc.getMap('m').toJSON()]);
  const same = (a: Y.Doc, b: Y.Doc) =>
    view(a) === view(b) && Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b)));

  it('R11: a client on instance A edits and a client on instance B converges; a document unloaded on B is stored there', async () => {
    const [a, b] = [await instance('conv-a'), await instance('conv-b')];
    const ca = client(a, 'shared');
    const cb = client(b, 'shared');
    await Promise.all([synced(ca), synced(cb)]);
    ca.doc.getText('t').insert(0, 'from A');
    await waitFor('B sees A', () => cb.doc.getText('t').toString() === 'from A');
    cb.doc.getMap('m').set('b', true);
    await waitFor('A sees B', () => ca.doc.getMap('m').get('b') === true);
    expect(Y.encodeStateVector(ca.doc)).toEqual(Y.encodeStateVector(cb.doc));
    expect(b.server.store.count('shared')).toBeGreaterThan(0);

    // A document nobody has open on B is stored there from NATS and served on first connect.
    const cold = client(a, 'cold');
    await synced(cold);
    cold.doc.getText('t').insert(0, 'stored while unloaded');
    await waitFor('B stores the unloaded doc', () => b.server.store.count('cold') > 0);
    expect(b.server.relay.loadedDocs()).not.toContain('cold');
    const late = client(b, 'cold');
    await synced(late);
    await waitFor('late client on B sees it', () => late.doc.getText('t').toString() === 'stored while unloaded');
  });

  it('edits made while nats-server is down converge after it returns', async () => {
    const [a, b] = [await instance('restart-a'), await instance('restart-b')];
    const ca = client(a, 'outage');
    const ca2 = client(a, 'outage');
    const cb = client(b, 'outage');
    await Promise.all([synced(ca), synced(ca2), synced(cb)]);
    ca.doc.getText('t').insert(0, 'before;');
    await waitFor('B sees the first edit', () => cb.doc.getText('t').toString() === 'before;');

    await nats.stop();
    await waitFor(
      'both bridges notice',
      () => a.bridge.state() === 'reconnecting' && b.bridge.state() === 'reconnecting',
    );
    for (let i = 0; i < 20; i++) ca.doc.getText('t').insert(0, `a${i};`);
    cb.doc.getMap('m').set('during', 'outage');
    await waitFor('local clients keep syncing while NATS is down', () => same(ca.doc, ca2.doc));
    expect(a.bridge.health().pending).toBeGreaterThan(0);

    await nats.start();
    await waitFor(
      'bridges reconnect',
      () => a.bridge.state() === 'connected' && b.bridge.state() === 'connected',
      20_000,
    );
    await waitFor(
      'all converge',
      () => same(ca.doc, cb.doc) && same(ca.doc, ca2.doc) && cb.doc.getText('t').toString().startsWith('a19;'),
      20_000,
    );
    expect(ca.doc.getMap('m').get('during')).toBe('outage');
    expect(await a.bridge.flush()).toBe(true);
  });

  it('a restarted instance resumes its durable consumer and catches up on what it missed', async () => {
    const a = await instance('resume-a');
    let b = await instance('resume-b');
    const ca = client(a, 'resume');
    await synced(ca);
    ca.doc.getText('t').insert(0, 'one;');
    await waitFor('B stored the first edit', () => b.server.store.count('resume') > 0);
    instances = instances.filter((i) => i !== b);
    await b.close();
    ca.doc.getText('t').insert(0, 'missed;');
    expect(await a.bridge.flush()).toBe(true);
    b = await instance('resume-b');
    const cb = client(b, 'resume');
    await synced(cb);
    await waitFor('B caught up from its durable consumer', () => cb.doc.getText('t').toString() === 'missed;one;');
  });

  it('a subscriber to arw.events.*.policy.> gets only policy events; a repeated event id is stored once', async () => {
    const publisher = bridge('events-pub');
    const consumer = bridge('events-sub');
    const remote: string[] = [];
    consumer.onRemoteEvent((event) => void remote.push(event.kind));
    const got: NatsDelivery[] = [];
    consumer.subscribe('arw.events.*.policy.>', (delivery) => void got.push(delivery), {
      durable: 'policy-watcher',
      deliver: 'all',
    });
    await waitFor('connected', () => publisher.state() === 'connected' && consumer.state() === 'connected');
    const policy = testEvent('policy.decision', 'proj-1');
    const kinds = ['episode.started', 'policy.allow', 'tool.ran', 'policy.lease.granted', 'models.changed'];
    publisher.publishEvent(policy);
    publisher.publishEvent(policy);
    for (const kind of kinds) publisher.publishEvent(testEvent(kind, kind.length % 2 ? 'p.x' : undefined));
    expect(await publisher.flush()).toBe(true);
    await waitFor('policy events delivered', () => got.length >= 3);
    await waitFor('remote events delivered', () => remote.length >= kinds.length + 1);
    expect(got.map((d) => d.json<{ kind: string }>().kind).sort()).toEqual([
      'policy.allow',
      'policy.decision',
      'policy.lease.granted',
    ]);
    expect(got.every((d) => d.subject.startsWith('arw.events.') && d.serverId === 'events-pub')).toBe(true);
    expect(remote.filter((kind) => kind === 'policy.decision')).toHaveLength(1);
  });

  it('with NATS_MAX_RECONNECTS=-1 the bridge survives a 3 s outage and reports its states', async () => {
    const states: BridgeState[] = [];
    const b = bridge('outage-3s', {}, (state) => states.push(state));
    await waitFor('connected', () => b.state() === 'connected');
    await nats.stop();
    await waitFor('reconnecting', () => b.state() === 'reconnecting');
    const outageEnd = Date.now() + 3_000;
    b.publishEvent(testEvent('runtime.health'));
    await waitFor('3 s outage', () => Date.now() >= outageEnd && b.state() === 'reconnecting', 5_000);
    await nats.start();
    await waitFor('connected again', () => b.state() === 'connected', 15_000);
    expect(await b.flush()).toBe(true);
    expect(b.health().published).toBe(1);
    expect(states).toEqual(['connected', 'reconnecting', 'connected']);
  });
});
