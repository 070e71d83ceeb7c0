/**
 * One pairing's replication link (spec/sync-protocol.ts): a WebSocket with `hello`
 * and cursors, idempotent ingest of `events` (cursor saved in the same transaction),
 * `push` batches from the push tracker, reconnect with jittered backoff, and the
 * link's state for the UI. A protocol `reject` stops it for good: update the app. A
 * refused token (4401, or a failed handshake the server explains as a refusal) stops
 * it until the person retries: a refusal must not look like an outage.
 */
import { ServerMessageSchema, SYNC_CLOSE, SYNC_PROTOCOL_VERSION, type ServerMessage } from '../../spec/sync-protocol';
import { isErrorCode, note, noteOf, type ErrorNote } from '../../core/errors';
import { createCursorBook } from '../../core/sync/cursors';
import type { IngestResult } from '../db/ingest';
import type { MetaRow } from '../db/schema';
import { backoffDelay } from './backoff';
import { closeProblem, refusedProblem, rejectProblem } from './describe';
import { cursorKey, syncSocketUrl } from './pairings';
import { createPushTracker, type PushSource } from './push-tracker';
import { initialLinkState, type LinkState, type Pairing, type SocketLike } from './types';

export type { SocketLike };

export interface SyncJournal extends PushSource {
  ingest(events: readonly unknown[], meta?: readonly MetaRow[]): Promise<IngestResult>;
}

export interface LinkDeps {
  pairing: Pairing;
  journal: SyncJournal;
  deviceId: string;
  appVersion?: string;
  /** Protocol sent in `hello` (tests force an unsupported one). */
  protocol?: number;
  openSocket(url: string): SocketLike;
  random(): number;
  now(): number;
  isOnline(): boolean;
  onState(state: LinkState): void;
  /**
   * After a socket fails before the handshake (the browser hides the HTTP status of a
   * refused upgrade): the note when the server positively refuses this pairing, else
   * undefined (an outage: retry). Without it every failure is retried.
   */
  checkRefusal?(): Promise<ErrorNote | undefined>;
}

export interface SyncLink {
  start(): Promise<void>;
  stop(): void;
  /** New local events may be waiting: send them. */
  kick(): void;
  online(): void;
  offline(): void;
  state(): LinkState;
}

const OPEN = 1;
const MAX_IN_FLIGHT = 4;

export function createSyncLink(deps: LinkDeps): SyncLink {
  const { pairing, journal } = deps;
  const cursors = createCursorBook();
  const tracker = createPushTracker({
    source: journal,
    pairingId: pairing.id,
    projects: pairing.projects,
    batchPrefix: `${deps.deviceId}-${Math.floor(deps.random() * 1e9).toString(36)}`,
  });
  const caughtUp = new Set<string>();
  let state = initialLinkState(pairing);
  let socket: SocketLike | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let welcomed = false;
  let stopped = false;
  let incompatible = false;
  let refused = false;
  let pumping = false;
  let again = false;
  let chain: Promise<void> = Promise.resolve();

  const update = (patch: Partial<LinkState>) => {
    state = { ...state, ...patch };
    deps.onState(state);
  };
  const synced = () => new Date(deps.now()).toISOString();
  const refreshPending = async () => update({ pending: await tracker.pending().catch(() => state.pending) });

  const connect = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (stopped || incompatible || refused || socket) return;
    if (!deps.isOnline()) return update({ phase: 'offline', retryAt: undefined });
    welcomed = false;
    caughtUp.clear();
    update({ phase: 'connecting', retryAt: undefined });
    let ws: SocketLike;
    try {
      ws = deps.openSocket(syncSocketUrl(pairing));
    } catch (error) {
      return retry(noteOf(error, 'sync-address-invalid'));
    }
    socket = ws;
    ws.onopen = () => {
      const hello = {
        type: 'hello',
        protocol: deps.protocol ?? SYNC_PROTOCOL_VERSION,
        device_id: deps.deviceId,
        subscriptions: cursors.subscriptions(),
        ...(deps.appVersion ? { app_version: deps.appVersion.slice(0, 64) } : {}),
      };
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = (event) => {
      chain = chain
        .then(() => handle(ws, event.data))
        .catch((error: unknown) => update({ lastError: noteOf(error, 'sync-ingest-failed') }));
    };
    ws.onclose = (event) => closed(ws, event.code, event.reason);
    ws.onerror = () => undefined; // a close event follows with the code
  };

  const refuse = (problem: ErrorNote) => {
    refused = true;
    update({
      phase: 'refused',
      lastError: problem,
      failingSince: state.failingSince ?? deps.now(),
      retryAt: undefined,
    });
  };

  /** A handshake that never happened: ask the server whether it refuses us before retrying. */
  const explainFailure = (problem: ErrorNote) => {
    if (!deps.checkRefusal) return retry(problem);
    void deps
      .checkRefusal()
      .catch(() => undefined)
      .then((refusal) => {
        if (stopped || incompatible || refused || socket) return;
        if (refusal) refuse(refusal);
        else retry(problem);
      });
  };

  const retry = (problem: ErrorNote) => {
    if (stopped || incompatible || refused) return;
    if (!deps.isOnline()) return update({ phase: 'offline', lastError: problem, retryAt: undefined });
    const delay = backoffDelay(attempt++, deps.random);
    update({
      phase: 'waiting',
      lastError: problem,
      failingSince: state.failingSince ?? deps.now(),
      retryAt: deps.now() + delay,
    });
    timer = setTimeout(connect, delay);
  };

  const closed = (ws: SocketLike, code: number, reason: string) => {
    if (socket !== ws) return;
    socket = undefined;
    tracker.resetInFlight();
    if (stopped) return;
    if (incompatible || code === SYNC_CLOSE.upgradeRequired) {
      incompatible = true;
      return update({
        phase: 'incompatible',
        lastError: state.phase === 'incompatible' ? state.lastError : closeProblem(code, reason, welcomed),
        failingSince: state.failingSince ?? deps.now(),
      });
    }
    if (code === SYNC_CLOSE.unauthorized) return refuse(note('sync-token-refused-stopped', reason));
    if (!welcomed) return explainFailure(closeProblem(code, reason, welcomed));
    retry(closeProblem(code, reason, welcomed));
  };

  const handle = async (ws: SocketLike, data: unknown) => {
    if (socket !== ws) return;
    let parsed;
    try {
      parsed = ServerMessageSchema.safeParse(JSON.parse(String(data)));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) return update({ lastError: note('sync-reply-unreadable') });
    await dispatch(ws, parsed.data);
  };

  const dispatch = async (ws: SocketLike, message: ServerMessage) => {
    switch (message.type) {
      case 'welcome':
        welcomed = true;
        attempt = 0;
        update({ phase: 'syncing', failingSince: undefined, lastError: undefined, retryAt: undefined });
        return void pump();
      case 'reject':
        incompatible = true;
        update({
          phase: 'incompatible',
          lastError: rejectProblem(message),
          failingSince: state.failingSince ?? deps.now(),
        });
        return ws.close(1000, 'protocol rejected');
      case 'events': {
        if (message.events.length === 0) return;
        const envelopes = message.events.map(({ server_seq: _seq, ...envelope }) => envelope);
        const last = Math.max(cursors.get(message.project_id), ...message.events.map((event) => event.server_seq));
        // Noted before the write: the commit wakes the sender, which must skip these.
        tracker.noteReceived(envelopes.map((event) => event.id));
        const result = await journal.ingest(envelopes, [
          { key: cursorKey(pairing.id, message.project_id), value: last },
        ]);
        cursors.advance(message.project_id, last);
        const invalid =
          result.invalid.length > 0
            ? { lastError: note('sync-events-invalid', `${result.invalid.length} event(s)`) }
            : {};
        return update({ lastSyncAt: synced(), ...invalid });
      }
      case 'caught-up':
        cursors.advance(message.project_id, message.cursor);
        await journal.meta.set(cursorKey(pairing.id, message.project_id), cursors.get(message.project_id));
        caughtUp.add(message.project_id);
        if (pairing.projects.every((project) => caughtUp.has(project))) update({ phase: 'live', lastSyncAt: synced() });
        return;
      case 'pushed': {
        const refused = await tracker.ack(message);
        update({ lastSyncAt: synced(), ...(refused.length > 0 ? { lastError: refusedProblem(refused) } : {}) });
        await refreshPending();
        return void pump();
      }
      case 'error':
        return update({
          lastError: isErrorCode(message.code)
            ? note(message.code, message.message)
            : note('sync-reply-unreadable', `${message.code}: ${message.message}`),
        });
    }
  };

  const pump = async () => {
    if (pumping) return void (again = true);
    pumping = true;
    try {
      do {
        again = false;
        while (welcomed && socket?.readyState === OPEN && tracker.inFlight() < MAX_IN_FLIGHT) {
          let batch = tracker.next();
          if (!batch) {
            await tracker.fill();
            batch = tracker.next();
          }
          if (!batch || !welcomed || socket?.readyState !== OPEN) break;
          socket.send(JSON.stringify({ type: 'push', batch_id: batch.batch_id, events: batch.events }));
        }
      } while (again);
    } catch (error) {
      update({ lastError: noteOf(error, 'sync-outbox-unreadable') });
    } finally {
      pumping = false;
    }
    await refreshPending();
  };

  return {
    async start() {
      await tracker.load();
      for (const project of pairing.projects) {
        cursors.advance(project, (await journal.meta.get<number>(cursorKey(pairing.id, project))) ?? 0);
        cursors.track(project);
      }
      await refreshPending();
      connect();
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      socket?.close(1000, 'unpaired or tab closing');
      socket = undefined;
      update({ phase: 'stopped', retryAt: undefined });
    },
    kick: () => void pump(),
    online() {
      // Coming back online, or the person pressing Retry, tries a refused pairing once more.
      attempt = 0;
      refused = false;
      connect();
    },
    offline() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const ws = socket;
      socket = undefined;
      tracker.resetInFlight();
      ws?.close(1000, 'browser offline');
      if (!stopped && !incompatible && !refused) update({ phase: 'offline', retryAt: undefined });
    },
    state: () => state,
  };
}
