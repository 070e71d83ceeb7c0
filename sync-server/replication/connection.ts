/**
 * One /sync connection: the handshake (protocol version check), subscriptions and
 * pushes of one authenticated device. Speaks spec/sync-protocol.ts exactly; knows the
 * store and its feeds, not the HTTP upgrade or how the token was checked.
 */
import type { WebSocket } from 'ws';
import type { FieldIssue } from '../../spec/validate';
import {
  ClientMessageSchema,
  HelloSchema,
  SYNC_CLOSE,
  SYNC_PROTOCOL_MIN,
  SYNC_PROTOCOL_VERSION,
  type ClientMessage,
  type ServerEvent,
  type ServerMessage,
} from '../../spec/sync-protocol';
import type { ErrorCode } from '../../core/errors/catalog';
import { messageOf } from '../../core/errors/thrown';
import { isStorageFailure } from '../storage/db';
import type { EventStore } from '../storage/event-store';
import { startFeed, type Feed } from './feed';
import type { SyncHubDeps, SyncPrincipal } from './types';

export interface SyncConnection {
  readonly id: string;
  /** Store notification: events of every project, in seq order. */
  offer(events: readonly ServerEvent[], source: string | undefined): void;
  /** Pings; a socket that did not answer the previous ping is terminated. */
  heartbeat(): void;
  close(code: number, reason: string): void;
}

/** Time a new socket has to send `hello` before it is closed with 4400. */
export const HELLO_TIMEOUT_MS = 10_000;

const UPDATE_REASON = (too: 'old' | 'new') =>
  too === 'old'
    ? `This app is too old for the sync server (protocol ${SYNC_PROTOCOL_MIN}–${SYNC_PROTOCOL_VERSION} needed): update the app.`
    : `This app is newer than the sync server (protocol ≤ ${SYNC_PROTOCOL_VERSION}): update the server, or update the app from this server.`;

/** Wires `ws` to the protocol; `onClosed` is called once when the socket closes. */
export function openConnection(
  deps: SyncHubDeps,
  ws: WebSocket,
  principal: SyncPrincipal,
  id: string,
  onClosed: () => void,
): SyncConnection {
  const store: EventStore = deps.store;
  const feeds = new Map<string, Feed>();
  let greeted = false;
  const isOpen = () => ws.readyState === ws.OPEN;
  const send = (message: ServerMessage) => {
    if (isOpen()) ws.send(JSON.stringify(message));
  };
  const sink = { send, isOpen, bufferedAmount: () => ws.bufferedAmount };
  const mayAccess = (project: string) => principal.projects === '*' || principal.projects.includes(project);

  const fail = (code: ErrorCode, message: string, closeCode: number = SYNC_CLOSE.badMessage) => {
    send({ type: 'error', code, message });
    ws.close(closeCode, message.slice(0, 120));
  };

  // A socket that never says hello holds no resources for long.
  const helloTimer = setTimeout(() => {
    if (!greeted) fail('sync-bad-message', `no hello within ${HELLO_TIMEOUT_MS / 1000} s`);
  }, HELLO_TIMEOUT_MS);

  const subscribe = (subscriptions: readonly { project_id: string; after: number }[]) => {
    for (const { project_id, after } of subscriptions) {
      if (!principal.canRead || !mayAccess(project_id)) {
        send({
          type: 'error',
          code: 'sync-project-forbidden',
          message: `this device may not read project '${project_id}'`,
        });
        continue;
      }
      feeds.get(project_id)?.stop();
      feeds.set(project_id, startFeed(store, sink, project_id, after));
    }
  };

  const admit = (event: { project_id?: string }): FieldIssue[] | undefined => {
    if (event.project_id === undefined)
      return [{ path: 'project_id', message: 'required: replicated events must name their project' }];
    if (!mayAccess(event.project_id))
      return [{ path: 'project_id', message: `this device may not write to project '${event.project_id}'` }];
    return undefined;
  };

  const push = (message: Extract<ClientMessage, { type: 'push' }>) => {
    if (!principal.canPush) {
      const issues = [{ path: '(root)', message: 'this token may read but not push events' }];
      send({
        type: 'pushed',
        batch_id: message.batch_id,
        accepted: [],
        duplicates: [],
        rejected: message.events.map((_, index) => ({ index, issues })),
      });
      return;
    }
    let result;
    try {
      result = store.append(message.events, { origin: 'sync', source: id, admit });
    } catch (error) {
      const detail = messageOf(error);
      if (isStorageFailure(error)) {
        deps.log.error({ sync: id, err: detail }, 'storing a batch failed');
        // 1011: the client keeps the batch and sends it again after reconnecting.
        return fail('sync-store-failed', 'the server could not store the batch; send it again', 1011);
      }
      // Not the disk: the same batch would fail the same way on every resend, so it is refused, not retried.
      deps.log.error({ sync: id, err: detail }, 'a batch could not be processed (not a storage failure)');
      const issues = [
        {
          path: '(root)',
          message: `the server could not process this batch (${detail.slice(0, 200)}); it was not stored`,
        },
      ];
      send({
        type: 'pushed',
        batch_id: message.batch_id,
        accepted: [],
        duplicates: [],
        rejected: message.events.map((_, index) => ({ index, issues })),
      });
      return;
    }
    send({
      type: 'pushed',
      batch_id: message.batch_id,
      accepted: result.accepted.map(({ id: eventId, server_seq }) => ({ id: eventId, server_seq })),
      duplicates: result.duplicates.map(({ id: eventId, server_seq }) => ({ id: eventId, server_seq })),
      rejected: result.rejected,
    });
  };

  const hello = (raw: Record<string, unknown>) => {
    const protocol = raw['protocol'];
    if (typeof protocol === 'number' && (protocol < SYNC_PROTOCOL_MIN || protocol > SYNC_PROTOCOL_VERSION)) {
      const tooOld = protocol < SYNC_PROTOCOL_MIN;
      send({
        type: 'reject',
        code: tooOld ? 'protocol-too-old' : 'protocol-too-new',
        reason: UPDATE_REASON(tooOld ? 'old' : 'new'),
        min_protocol: SYNC_PROTOCOL_MIN,
        max_protocol: SYNC_PROTOCOL_VERSION,
      });
      ws.close(SYNC_CLOSE.upgradeRequired, 'protocol version not supported: update the app');
      return;
    }
    const parsed = HelloSchema.safeParse(raw);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ');
      send({
        type: 'reject',
        code: 'bad-hello',
        reason: `The app sent a malformed hello (${detail}): update the app.`,
        min_protocol: SYNC_PROTOCOL_MIN,
        max_protocol: SYNC_PROTOCOL_VERSION,
      });
      ws.close(SYNC_CLOSE.badMessage, 'bad hello');
      return;
    }
    greeted = true;
    clearTimeout(helloTimer);
    send({
      type: 'welcome',
      protocol: SYNC_PROTOCOL_VERSION,
      server_id: deps.serverId,
      server_time: new Date(deps.clock.now()).toISOString(),
    });
    subscribe(parsed.data.subscriptions);
  };

  ws.on('message', (data, isBinary) => {
    let raw: unknown;
    try {
      if (isBinary) throw new Error('binary frame');
      raw = JSON.parse(data.toString());
    } catch {
      return fail('sync-bad-message', 'frames must be JSON text messages');
    }
    const type = (raw as { type?: unknown } | null)?.type;
    if (!greeted) {
      if (type === 'hello' && raw !== null && typeof raw === 'object') return hello(raw as Record<string, unknown>);
      return fail('sync-bad-message', 'the first message must be hello');
    }
    const parsed = ClientMessageSchema.safeParse(raw);
    if (!parsed.success || parsed.data.type === 'hello')
      return fail('sync-bad-message', `not a valid ${String(type)} message after hello`);
    if (parsed.data.type === 'subscribe') return subscribe(parsed.data.subscriptions);
    push(parsed.data);
  });
  let alive = true;
  ws.on('pong', () => {
    alive = true;
  });
  ws.on('error', (error) => deps.log.warn({ sync: id, err: error }, 'sync socket error'));
  ws.once('close', () => {
    clearTimeout(helloTimer);
    for (const feed of feeds.values()) feed.stop();
    feeds.clear();
    onClosed();
  });

  return {
    id,
    offer(events, source) {
      if (feeds.size === 0) return;
      const own = source === id;
      let start = 0;
      // Group consecutive runs by project, keeping seq order within each feed.
      for (let i = 1; i <= events.length; i++) {
        if (i < events.length && events[i]!.project_id === events[start]!.project_id) continue;
        const project = events[start]!.project_id;
        const feed = project === undefined ? undefined : feeds.get(project);
        feed?.offer(events.slice(start, i), own);
        start = i;
      }
    },
    heartbeat() {
      if (!alive) return ws.terminate();
      alive = false;
      if (isOpen()) ws.ping();
    },
    close: (code, reason) => ws.close(code, reason),
  };
}
