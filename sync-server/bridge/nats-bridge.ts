/**
 * The NATS JetStream bridge (issue 3 item 5): publishes accepted events and Yjs updates
 * to `ARW_EVENTS` / `ARW_YJS`, consumes other instances' messages through durable
 * per-instance consumers, and never stops local serving: publishes wait in a bounded
 * outbox while NATS is down. Connects with jittered retries that never give up by default.
 */
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { messageOf } from '../../core/errors/thrown';
import {
  eventSubject,
  EVENTS_STREAM,
  EVENTS_SUBJECT_ROOT,
  sanitizeToken,
  streamForSubject,
  yjsSubject,
  YJS_STREAM,
  YJS_SUBJECT_ROOT,
} from '../../core/nats';
import type { ServerLog } from '../log';
import { natsConnectOptions, type NatsConfig } from './config';
import { runConsumerLoop, type DeliverResult } from './consumer-loop';
import { createOutbox, type OutboxItem } from './outbox';
import { createPoisonLog } from './poison';
import { eventAcks, publishOne, SERVER_HEADER } from './publish';
import { eventDelivery, yjsDelivery } from './remote-delivery';
import { ensureStreams } from './streams';
import { createStreamErasure } from './stream-erasure';
import type {
  BridgeHealth,
  BridgeState,
  NatsBridge,
  PoisonReason,
  RemoteEventHandler,
  RemoteVerdict,
  RemoteYjsHandler,
} from './types';

export { SERVER_HEADER } from './publish';

export interface NatsBridgeOptions {
  config: NatsConfig;
  /** Stable id of this server instance (durable consumer names derive from it). */
  serverId: string;
  log: ServerLog;
  /** Called on every state change, e.g. to emit a `runtime.health` event. */
  onState?: (state: BridgeState, health: BridgeHealth) => void;
  onRemoteEvent?: RemoteEventHandler;
  onRemoteYjs?: RemoteYjsHandler;
  /** Told of every message terminated as poison (for `arw_nats_poison_total`). */
  onPoison?: (stream: string, reason: PoisonReason) => void;
  /** Told, per publish batch, of each event's stream sequence (erasure deletes by it). */
  onEventsPublished?: (acks: { id: string; seq: number }[]) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());
const PUBLISH_BATCH = 64;
/** Yjs updates commute, so many may be applied at once (one group commit for all). */
const YJS_CONCURRENCY = 128;

/** Creates the bridge and starts connecting in the background; a config without NATS_URL gives a 'disabled' bridge. */
export function createNatsBridge(options: NatsBridgeOptions): NatsBridge {
  const { config, serverId, log } = options;
  let state: BridgeState = config.NATS_URL ? 'connecting' : 'disabled';
  let since = new Date().toISOString();
  let lastError: string | undefined;
  let nc: NatsConnection | undefined;
  let clients: { js: JetStreamClient; jsm: JetStreamManager } | undefined;
  let closing = false;
  let pumping = false;
  let published = 0;
  let delivered = 0;
  let waiters: Array<(value: typeof clients) => void> = [];
  const outbox = createOutbox(config.NATS_BUFFER_SIZE);
  const loops: Array<{ stop(): void }> = [];
  const consumerName = (kind: string) => `arw-${kind}-${sanitizeToken(serverId)}`;
  const poisonLog = createPoisonLog({ log, ...(options.onPoison ? { onPoison: options.onPoison } : {}) });
  /** ack for a verdict that accepts (or none), term (counted, logged once per reason) for a refusal. */
  const settle =
    (stream: string) =>
    (subject: string, verdict: RemoteVerdict | void): DeliverResult => {
      if (!verdict || verdict.ok) return 'ack';
      poisonLog.note(stream, verdict.reason, subject, verdict.detail);
      return 'term';
    };

  const health = (): BridgeHealth => ({
    state,
    servers: config.NATS_URL ?? [],
    pending: outbox.size(),
    dropped: outbox.dropped(),
    published,
    delivered,
    since,
    ...(lastError ? { last_error: lastError } : {}),
  });
  const setState = (next: BridgeState) => {
    if (next === state) return;
    state = next;
    since = new Date().toISOString();
    log.info({ nats: next }, `NATS ${next}`);
    options.onState?.(next, health());
    if (next === 'connected' || next === 'closed') {
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) resolve(next === 'connected' ? clients : undefined);
    }
  };
  const connected = () =>
    state === 'connected'
      ? Promise.resolve(clients)
      : closing || state === 'closed'
        ? Promise.resolve(undefined)
        : new Promise<typeof clients>((resolve) => waiters.push(resolve));
  const noteError = (error: unknown) => {
    lastError = messageOf(error);
  };

  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      while (state === 'connected' && clients && outbox.size() > 0) {
        const batch = outbox.peek(PUBLISH_BATCH);
        const { js } = clients;
        const results = await Promise.allSettled(batch.map((item) => publishOne(js, serverId, item)));
        const done = batch.filter((_, index) => results[index]!.status === 'fulfilled');
        outbox.remove(done);
        published += done.length;
        options.onEventsPublished?.(eventAcks(batch, results));
        const failed = results.find((result) => result.status === 'rejected');
        if (failed) {
          noteError(failed.reason);
          await sleep(config.NATS_RECONNECT_WAIT_MS / 4);
        }
      }
    } finally {
      pumping = false;
    }
  };
  const enqueue = (item: OutboxItem) => {
    if (state === 'disabled' || closing) return;
    outbox.push(item);
    void pump();
  };

  const onConnected = async (conn: NatsConnection) => {
    const jsm = await jetstreamManager(conn);
    await ensureStreams(jsm);
    clients = { js: jetstream(conn), jsm };
    setState('connected');
    void pump();
  };

  const watch = async (conn: NatsConnection) => {
    void conn.closed().then((error) => {
      if (error) noteError(error);
      if (!closing) setState('closed');
    });
    for await (const status of conn.status()) {
      if (status.type === 'disconnect') setState('reconnecting');
      else if (status.type === 'reconnect') {
        // A nats-server restarted on an empty store has lost the streams: recreate them.
        await onConnected(conn).catch((error) => {
          noteError(error);
          log.warn({ err: error }, 'NATS streams unavailable after reconnect');
        });
      }
    }
  };

  const connectLoop = async () => {
    let attempts = 0;
    while (!closing) {
      try {
        const conn = await connect({
          ...natsConnectOptions(config, `arw-sync-${serverId}`),
          waitOnFirstConnect: false,
        });
        if (closing) return void (await conn.close());
        nc = conn;
        void watch(conn);
        await onConnected(conn);
        return;
      } catch (error) {
        noteError(error);
        if (nc) await nc.close().catch(() => undefined);
        nc = undefined;
        attempts += 1;
        if (config.NATS_MAX_RECONNECTS >= 0 && attempts > config.NATS_MAX_RECONNECTS) return setState('closed');
        log.warn({ err: error, attempt: attempts }, 'NATS connect failed; retrying');
        await sleep(config.NATS_RECONNECT_WAIT_MS + Math.random() * config.NATS_RECONNECT_JITTER_MS);
      }
    }
  };
  if (state === 'connecting') void connectLoop();

  const startLoop = (
    stream: string,
    filter: string,
    durable: string | undefined,
    deliver: 'all' | 'new',
    handle: (subject: string, data: Uint8Array, from: string | undefined, seq: number) => Promise<DeliverResult>,
    concurrency = 1,
  ) => {
    if (state === 'disabled') return { stop() {} };
    const loop = runConsumerLoop(
      { connected, log, retryMs: 1_000 },
      { stream, filter, deliver, ...(durable ? { durable } : {}) },
      async (msg) => {
        const result = await handle(msg.subject, msg.data, msg.headers?.get(SERVER_HEADER) || undefined, msg.seq);
        delivered += 1;
        return result;
      },
      concurrency,
    );
    loops.push(loop);
    return loop;
  };

  let eventHandler = options.onRemoteEvent;
  let yjsHandler = options.onRemoteYjs;
  let eventsStarted = false;
  let yjsStarted = false;
  const startEvents = () => {
    if (eventsStarted || !eventHandler) return;
    eventsStarted = true;
    const deliver = eventDelivery(serverId, () => eventHandler!, settle(EVENTS_STREAM));
    startLoop(EVENTS_STREAM, `${EVENTS_SUBJECT_ROOT}.>`, consumerName('events'), 'all', deliver);
  };
  const startYjs = () => {
    if (yjsStarted || !yjsHandler) return;
    yjsStarted = true;
    const deliver = yjsDelivery(serverId, () => yjsHandler!, settle(YJS_STREAM));
    startLoop(YJS_STREAM, `${YJS_SUBJECT_ROOT}.>`, consumerName('yjs'), 'all', deliver, YJS_CONCURRENCY);
  };
  startEvents();
  startYjs();

  return {
    serverId,
    state: () => state,
    health,
    publishEvent: (event) =>
      enqueue({
        subject: eventSubject(event.project_id, event.kind),
        data: new TextEncoder().encode(JSON.stringify(event)),
        msgId: event.id,
      }),
    publishYjs: (doc, update) => enqueue({ subject: yjsSubject(doc), data: update, doc }),
    ...createStreamErasure(connected),
    onRemoteEvent(handler) {
      eventHandler = handler;
      startEvents();
    },
    onRemoteYjs(handler) {
      yjsHandler = handler;
      startYjs();
    },
    subscribe(pattern, handler, subscribeOptions = {}) {
      const stream = streamForSubject(pattern);
      if (!stream) throw new Error(`no ARW stream covers subject ${pattern}`);
      return startLoop(
        stream,
        pattern,
        subscribeOptions.durable,
        subscribeOptions.deliver ?? 'new',
        async (subject, data, from, seq) => {
          await handler({
            subject,
            data,
            seq,
            serverId: from,
            json: <T>() => JSON.parse(new TextDecoder().decode(data)) as T,
          });
          return 'ack';
        },
      ).stop;
    },
    async flush(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (outbox.size() > 0 || pumping) {
        if (Date.now() > deadline) return false;
        await sleep(10);
      }
      return true;
    },
    async close() {
      if (closing) return;
      closing = true;
      for (const loop of loops) loop.stop();
      const conn = nc;
      nc = undefined;
      if (conn && !conn.isClosed())
        await Promise.race([conn.drain().catch(() => conn.close()), sleep(2_000).then(() => conn.close())]);
      if (state !== 'disabled') setState('closed');
    },
  };
}
