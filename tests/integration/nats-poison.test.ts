/**
 * Issue 9 item 5: poison on NATS. Two composed instances share a real nats-server; a
 * plain JetStream client publishes 1,000 messages no instance can use (not JSON, not an
 * envelope, unknown kind, bad or too-deep payload, malformed Yjs, bad subject). Each is
 * terminated once (no redelivery), counted in /metrics and logged once per reason, and
 * a valid event pushed to instance A still reaches instance B behind them.
 */
import { randomBytes } from 'node:crypto';
import { jetstream, jetstreamManager, type ConsumerInfo, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, test, vi, type MockInstance } from 'vitest';
import * as Y from 'yjs';
import { EVENTS_STREAM, eventSubject, sanitizeToken, YJS_STREAM, yjsSubject } from '../../core/nats';
import { createUlidFactory } from '../../core/lib/ulid';
import { HAS_NATS_SERVER, NO_NATS_MESSAGE, startNatsServer, type NatsServerHandle } from '../support/nats';
import { ADMIN_TOKEN, startGatedServer } from './server-support';

if (!HAS_NATS_SERVER) console.warn(NO_NATS_MESSAGE);

type Server = Awaited<ReturnType<typeof startGatedServer>>;
const newId = createUlidFactory(Date.now, (n) => new Uint8Array(randomBytes(n)));
const encode = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const envelope = (kind: string, payload: Record<string, unknown>) => ({
  id: newId(),
  time: new Date().toISOString(),
  kind,
  v: 1,
  actor: 'attacker',
  project_id: 'p',
  payload,
});
/** An obs.recorded whose payload nests `depth` deep, written as text (JSON.stringify would run out of stack). */
const deep = (depth: number) =>
  encode(
    JSON.stringify(envelope('obs.recorded', { source: 'user', data: 'DEEP' })).replace(
      '"DEEP"',
      `${'{"d":'.repeat(depth)}0${'}'.repeat(depth)}`,
    ),
  );
const aYjsUpdate = () => {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'fine');
  return Y.encodeStateAsUpdate(doc);
};

/** Ten kinds of poison, 100 each: [subject, bytes, the reason the bridge must count]. */
const POISON: Array<[(i: number) => [string, Uint8Array], string, string]> = [
  [() => [eventSubject('p', 'obs.recorded'), encode('{not json')], EVENTS_STREAM, 'not-json'],
  [() => [eventSubject('p', 'obs.recorded'), new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])], EVENTS_STREAM, 'not-json'],
  [(i) => [eventSubject('p', 'obs.recorded'), encode({ hello: i })], EVENTS_STREAM, 'envelope-invalid'],
  [(i) => [eventSubject('p', 'obs.recorded'), encode([i])], EVENTS_STREAM, 'envelope-invalid'],
  [(i) => [eventSubject('p', `bogus.kind${i}`), encode(envelope(`bogus.kind${i}`, {}))], EVENTS_STREAM, 'kind-unknown'],
  [
    () => [eventSubject('p', 'obs.recorded'), encode(envelope('obs.recorded', { text: 'no source' }))],
    EVENTS_STREAM,
    'event-invalid',
  ],
  [() => [eventSubject('p', 'obs.recorded'), deep(100)], EVENTS_STREAM, 'event-invalid'],
  [() => [eventSubject('p', 'obs.recorded'), deep(10_000)], EVENTS_STREAM, 'event-invalid'],
  [() => [yjsSubject('p/doc'), new Uint8Array([0xff, 0xff, 0xff, 0xff])], YJS_STREAM, 'yjs-malformed'],
  [() => [`arw.yjs.${sanitizeToken('p/doc')}.extra`, aYjsUpdate()], YJS_STREAM, 'subject-invalid'],
];
const PER_KIND = 100;

describe.skipIf(!HAS_NATS_SERVER)('H5: poison messages on NATS', () => {
  let nats: NatsServerHandle;
  let a: Server;
  let b: Server;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let warn: MockInstance<typeof console.warn>;
  beforeAll(async () => {
    nats = await startNatsServer();
    const env = { NATS_URL: nats.url, NATS_RECONNECT_WAIT_MS: '200', NATS_RECONNECT_JITTER_MS: '100' };
    a = await startGatedServer(env, { serverId: 'poison-a' });
    b = await startGatedServer(env, { serverId: 'poison-b' });
    nc = await connect({ servers: nats.url });
    jsm = await jetstreamManager(nc);
    // Both instances' durable consumers exist once they are connected and consuming.
    await until('both instances consume both streams', async () =>
      (await Promise.all(consumerNames().map(([stream, name]) => infoOf(stream, name)))).every(Boolean),
    );
  });
  afterAll(async () => {
    warn?.mockRestore();
    await nc?.close();
    await a?.close();
    await b?.close();
    await nats?.dispose();
  });

  const consumerNames = () =>
    (['poison-a', 'poison-b'] as const).flatMap(
      (id) =>
        [
          [EVENTS_STREAM, `arw-events-${id}`],
          [YJS_STREAM, `arw-yjs-${id}`],
        ] as const,
    );
  const infoOf = (stream: string, name: string): Promise<ConsumerInfo | undefined> =>
    jsm.consumers.info(stream, name).catch(() => undefined);

  test('H5: 1,000 poison messages are terminated once, counted and logged once per reason, and a valid event still crosses', async () => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const js = jetstream(nc);
    const messages = POISON.flatMap(([make]) => Array.from({ length: PER_KIND }, (_, i) => make(i)));
    // A msgID each: a publish the client retries under load is still stored once.
    for (let i = 0; i < messages.length; i += 50) {
      await Promise.all(
        messages.slice(i, i + 50).map(([subject, data], j) => js.publish(subject, data, { msgID: `poison-${i + j}` })),
      );
    }

    // Behind all the poison in the stream: a valid event accepted by A, which A's pump publishes.
    const valid = envelope('obs.recorded', { source: 'user', text: 'still crosses' });
    expect(a.parts.journal.events.append([valid], { origin: 'sync' }).accepted).toHaveLength(1);
    await until('B stores the valid event', async () => b.parts.journal.events.get(valid.id) !== undefined);

    // Every consumer has seen its whole stream, holds nothing un-acked and redelivered nothing.
    const settled = async () => {
      const infos = await Promise.all(consumerNames().map(([stream, name]) => infoOf(stream, name)));
      const ready = infos.filter(
        (info): info is ConsumerInfo => info !== undefined && info.num_pending === 0 && info.num_ack_pending === 0,
      );
      return ready.length === infos.length ? ready : undefined;
    };
    await until('the consumers settle', async () => (await settled()) !== undefined);
    for (const info of (await settled())!) {
      expect({ name: info.name, redelivered: info.num_redelivered }).toEqual({ name: info.name, redelivered: 0 });
      // Each delivery is one stream message: no message was delivered twice.
      expect(info.delivered.consumer_seq).toBe(info.delivered.stream_seq);
    }

    const expected: Record<string, number> = {};
    for (const [, stream, reason] of POISON)
      expected[`${stream}|${reason}`] = (expected[`${stream}|${reason}`] ?? 0) + PER_KIND;
    for (const server of [a, b]) {
      const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      const counted: Record<string, number> = {};
      for (const [, stream, reason, count] of (await response.text()).matchAll(
        /^arw_nats_poison_total\{stream="([^"]*)",reason="([^"]*)"\} (\d+)$/gm,
      )) {
        counted[`${stream}|${reason}`] = Number(count);
      }
      expect({ server: server.url, counted }).toEqual({ server: server.url, counted: expected });
    }

    // Logged once per instance and reason (6 reasons here), not once per message.
    const lines = warn.mock.calls.map((args) => args.map(String).join(' '));
    const poisonLines = lines.filter((line) => /poison/i.test(line));
    expect(poisonLines.length).toBeGreaterThanOrEqual(2);
    const reasons = Object.keys(expected).length;
    expect(poisonLines.length).toBeLessThanOrEqual(2 * reasons);
    expect(lines.filter((line) => /NATS|nats/.test(line)).length).toBeLessThanOrEqual(2 * reasons + 4);
    // The valid event is on B once, and B's journal stored none of the poison.
    expect(
      b.parts.journal.events
        .tail(1000)
        .filter((event) => event.actor === 'attacker')
        .map((event) => event.id),
    ).toEqual([valid.id]);
  });
});

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
