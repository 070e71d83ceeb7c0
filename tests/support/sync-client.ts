/**
 * A replication client for tests and the bench: the core outbox and cursor book over
 * a real `ws` socket. Keeps every event it has (own acknowledged + received), and lets
 * a test wait for a condition, re-checked on every message and close (no sleeps).
 */
import WebSocket from 'ws';
import { createCursorBook, type CursorBook } from '../../core/sync/cursors';
import { createOutbox, type Outbox } from '../../core/sync/outbox';
import type { EventEnvelope } from '../../spec/envelope';
import {
  ServerMessageSchema,
  SYNC_PROTOCOL_VERSION,
  type ServerEvent,
  type ServerMessage,
} from '../../spec/sync-protocol';
import { createWaitSet } from './wait-set';

export interface SyncTestClient {
  readonly device: string;
  readonly outbox: Outbox;
  readonly cursors: CursorBook;
  /** Events delivered by the server in `events` messages, by id. */
  readonly received: Map<string, ServerEvent>;
  /** How many times each id was delivered (to catch doubles within a connection). */
  readonly deliveries: Map<string, number>;
  /** Own events the server acknowledged (accepted or duplicate), id → server_seq. */
  readonly acked: Map<string, number>;
  readonly rejected: { event: EventEnvelope; issues: readonly { path: string; message: string }[] }[];
  /** Every message received, in order (reset per connection by `connect`). */
  readonly log: ServerMessage[];
  connected(): boolean;
  /** Opens the socket, sends hello with the cursors, resolves on welcome. */
  connect(url: string): Promise<void>;
  /** Queues events and sends as much as the window allows. */
  push(events: readonly EventEnvelope[]): void;
  /** Resolves when `check()` is true; rejects after `timeoutMs` naming `what`. */
  waitFor(what: string, check: () => boolean, timeoutMs?: number): Promise<void>;
  /** Ids this device knows: own acknowledged plus received. */
  known(): Set<string>;
  terminate(): void;
}

/** Creates a client for `device` subscribed to `projects`; `window` = batches in flight; `validate` (default on) checks frames. */
export function createSyncTestClient(options: {
  device: string;
  projects: string[];
  batch?: number;
  window?: number;
  validate?: boolean;
}): SyncTestClient {
  const outbox = createOutbox({ batchPrefix: options.device, maxBatch: options.batch ?? 200 });
  const cursors = createCursorBook();
  for (const project of options.projects) cursors.track(project);
  const received = new Map<string, ServerEvent>();
  const deliveries = new Map<string, number>();
  const acked = new Map<string, number>();
  const rejected: SyncTestClient['rejected'] = [];
  const log: ServerMessage[] = [];
  const waits = createWaitSet();
  let ws: WebSocket | undefined;
  let ready = false;

  const notify = () => {
    waits.notify();
  };
  const pump = () => {
    while (ws !== undefined && ready && outbox.inFlightCount() < (options.window ?? 4)) {
      const batch = outbox.nextBatch();
      if (batch === undefined) return;
      ws.send(JSON.stringify({ type: 'push', batch_id: batch.batch_id, events: batch.events }));
    }
  };
  const onMessage = (message: ServerMessage) => {
    log.push(message);
    if (message.type === 'welcome') ready = true;
    if (message.type === 'events') {
      for (const event of message.events) {
        received.set(event.id, event);
        deliveries.set(event.id, (deliveries.get(event.id) ?? 0) + 1);
        cursors.advance(message.project_id, event.server_seq);
      }
    }
    if (message.type === 'caught-up') cursors.advance(message.project_id, message.cursor);
    if (message.type === 'pushed') {
      for (const entry of [...message.accepted, ...message.duplicates]) acked.set(entry.id, entry.server_seq);
      rejected.push(...outbox.ack(message));
    }
    pump();
    notify();
  };

  const client: SyncTestClient = {
    device: options.device,
    outbox,
    cursors,
    received,
    deliveries,
    acked,
    rejected,
    log,
    connected: () => ready,
    connect(url) {
      log.length = 0;
      deliveries.clear();
      const socket = new WebSocket(url);
      ws = socket;
      // Parsing with the protocol schema checks every server frame against the contract
      // (the bench turns it off to time the server, not the client's validation).
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as unknown;
        onMessage(options.validate === false ? (message as ServerMessage) : ServerMessageSchema.parse(message));
      });
      socket.on('error', () => {});
      socket.on('close', () => {
        if (ws === socket) {
          ws = undefined;
          ready = false;
          outbox.resetInFlight();
        }
        notify();
      });
      socket.on('open', () => {
        socket.send(
          JSON.stringify({
            type: 'hello',
            protocol: SYNC_PROTOCOL_VERSION,
            device_id: options.device,
            subscriptions: cursors.subscriptions(),
          }),
        );
      });
      return client.waitFor(`${options.device} welcome`, () => ready);
    },
    push(events) {
      outbox.add(events);
      pump();
    },
    waitFor: (what, check, timeoutMs = 30_000) => waits.waitFor(what, check, timeoutMs),
    known: () => new Set([...acked.keys(), ...received.keys()]),
    terminate() {
      ws?.terminate();
    },
  };
  return client;
}

/** A raw socket with a queue of parsed messages, for protocol edge cases. */
export function openRawSocket(url: string) {
  const ws = new WebSocket(url);
  const queue: unknown[] = [];
  const waiting: ((message: unknown) => void)[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as unknown;
    const next = waiting.shift();
    if (next) next(message);
    else queue.push(message);
  });
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return {
    ws,
    opened,
    closed,
    next: () => new Promise<unknown>((resolve) => (queue.length > 0 ? resolve(queue.shift()) : waiting.push(resolve))),
    send: (message: unknown) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
  };
}
