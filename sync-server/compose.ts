/**
 * Assembles one server instance: the gated HTTP surface and journal (buildServer),
 * the Yjs relay on `/yjs/:doc` (sync scope `yjs:connect`; a project-scoped token
 * reaches only docs named `<project>/…`), and, when NATS_URL is set, the JetStream
 * bridge that shares events and Yjs updates with the other instances. Decides nothing
 * itself: each module gets the few dependencies it uses.
 */
import { randomBytes } from 'node:crypto';
import { createEventFactory } from '../core/journal/event-factory';
import { createUlidFactory } from '../core/lib/ulid';
import { buildServer, newServerId, type AppDeps, type BuiltServer } from './app';
import { bridgeHealthPayload, connectRelayToBridge, createNatsBridge, type NatsBridge } from './bridge';
import { createEventPump, type EventPump } from './bridge/event-pump';
import { appendVerdict } from './bridge/remote-message';
import { loadConfig, type Config } from './config';
import type { RouteRegistry } from './http/route-registry';
import type { Listenable } from './listen';
import { consoleLog, type ServerLog } from './log';
import { createServerMetrics, type NatsState, type ServerMetrics } from './metrics/server-metrics';
import { createYjsRelay, type YjsRelay } from './relay';
import { parseDocName, projectOfDoc, threadDocOf } from './relay/doc-name';
import { openServerDb, type ServerDb } from './storage/db';
import type { EventStore } from './storage/event-store';
import { createNatsSeqs, type NatsSeqs } from './storage/nats-seqs';
import { createPumpCursor } from './storage/pump-cursor';
import { createYjsStore } from './storage/yjs-store';

export { projectOfDoc } from './relay/doc-name';

/** A composed instance: hand it to listen(); `close()` ends the journal, the relay and the bridge. */
export interface ComposedServer extends Listenable {
  /** The built HTTP surface and journal (what tests read). */
  parts: BuiltServer;
  relay: YjsRelay;
  bridge: NatsBridge | undefined;
}

export function composeServer(deps: AppDeps): ComposedServer {
  // Resolved here so the relay and the bridge share them with buildServer.
  const config = deps.config ?? loadConfig({});
  const db = deps.db ?? openServerDb(':memory:');
  const serverId = deps.serverId ?? newServerId();
  const metrics = deps.metrics ?? createServerMetrics();
  const log = deps.log ?? consoleLog;
  let natsState: NatsState = 'disabled';
  const parts = buildServer({ ...deps, config, db, serverId, metrics, log, natsState: () => natsState });
  const yjs = mountYjs({ registry: parts.registry, db, config, metrics, log });
  // An erased conversation's shared thread goes with it (SPEC §7), on every server that stores the tombstone.
  parts.journal.events.onErased(({ projectId, conversationId }) => {
    if (projectId !== undefined) yjs.relay.erase(threadDocOf(projectId, conversationId));
  });

  let bridge: NatsBridge | undefined;
  let pump: EventPump | undefined;
  if (config.NATS_URL) {
    const onState = (state: NatsState) => {
      natsState = state;
      metrics.setNatsState(state);
    };
    ({ bridge, pump } = bridgeJournal({
      config,
      serverId,
      db,
      events: parts.journal.events,
      relay: yjs.relay,
      metrics,
      log,
      onState,
    }));
  }

  return {
    parts,
    relay: yjs.relay,
    bridge,
    fetch: parts.app.fetch,
    handleUpgrade: parts.registry.handleUpgrade,
    close: async () => {
      parts.close();
      yjs.stop();
      pump?.stop();
      await bridge?.close();
      yjs.relay.close();
    },
  };
}

/** Declares `/yjs/:doc` over a relay on `db`; `stop()` ends the loaded-docs gauge (the relay closes apart, after the bridge). */
function mountYjs(deps: {
  registry: RouteRegistry;
  db: ServerDb;
  config: Config;
  metrics: Pick<ServerMetrics, 'setYjsDocs'>;
  log: ServerLog;
}): { relay: YjsRelay; stop(): void } {
  const relay = createYjsRelay({
    store: createYjsStore(deps.db),
    log: deps.log,
    maxBufferedBytes: deps.config.ARW_YJS_MAX_BUFFERED_BYTES,
  });
  deps.registry.upgrade(
    {
      path: '/yjs/:doc',
      gate: { sync: 'yjs:connect' },
      gatingKey: 'yjs:connect',
      description:
        'WebSocket: y-websocket protocol (sync + awareness) for one document; ?token=; docs are named <project>/<name>.',
      channel: 'yjs',
      maxPayload: relay.maxFrameBytes,
      params: (raw) => parseDocName(raw['doc'] ?? ''),
      project: ({ doc }) => projectOfDoc(doc),
      projectRequired: 'this token reaches only some projects: name documents <project>/<name>',
    },
    (ws, { params, principal }) => relay.handleConnection(ws, params.doc, { id: principal.id, label: principal.label }),
  );
  const docsGauge = setInterval(() => deps.metrics.setYjsDocs(relay.loadedDocs().length), 5_000);
  docsGauge.unref();
  return { relay, stop: () => clearInterval(docsGauge) };
}

interface BridgeDeps {
  config: Config;
  serverId: string;
  db: ServerDb;
  events: EventStore;
  relay: YjsRelay;
  metrics: Pick<ServerMetrics, 'natsPoison'>;
  log: ServerLog;
  /** Told of every bridge state change (for /healthz and the arw_nats_state gauge). */
  onState(state: NatsState): void;
}

/**
 * Publishes local events (from a persisted cursor over the journal, see event-pump.ts)
 * and Yjs updates to NATS, stores remote ones, and journals the bridge's health.
 */
function bridgeJournal(deps: BridgeDeps): { bridge: NatsBridge; pump: EventPump } {
  const { events, log } = deps;
  const seqs = createNatsSeqs(deps.db);
  const make = createEventFactory({
    actor: `server:${deps.serverId}`,
    clock: { now: Date.now },
    newId: createUlidFactory(Date.now, (n) => randomBytes(n)),
  });
  let pump: EventPump | undefined;
  const bridge = createNatsBridge({
    config: deps.config,
    serverId: deps.serverId,
    log,
    onState: (state, health) => {
      deps.onState(state);
      events.append([make('runtime.health', bridgeHealthPayload(health))], { origin: 'server' });
      if (state === 'connected') pump?.kick();
    },
    // A refused event is poison (terminated, counted); a throw from the store is retried.
    onRemoteEvent: (event) => appendVerdict(events.append([event], { origin: 'nats' })),
    onPoison: (stream, reason) => deps.metrics.natsPoison(stream, reason),
    onEventsPublished: (acks) => {
      if (acks.length === 0) return;
      try {
        // Published while a tombstone erased it here: its message goes at once.
        const gone = seqs.record(acks);
        if (gone.length > 0) void bridge.deleteEvents(gone).catch((error) => log.warn({ err: error }, ERASE_FAILED));
      } catch (error) {
        log.warn({ err: error }, 'recording NATS stream sequences failed (an erasure will leave those messages)');
      }
    },
  });
  pump = createEventPump({
    store: createPumpCursor(deps.db, deps.serverId),
    bridge,
    onError: (error) => log.warn({ err: error }, 'NATS event pump failed; retrying'),
  });
  events.onAppended((_events, { origin }) => {
    if (origin !== 'nats') pump?.kick();
  });
  connectRelayToBridge(deps.relay, bridge);
  eraseFromStreams(bridge, events, seqs, log);
  pump.kick();
  return { bridge, pump };
}

const ERASE_FAILED = 'erasing from NATS failed (the messages stay in JetStream)';

/**
 * What a tombstone erased here leaves JetStream too (SPEC §7), or a new instance replaying
 * the streams would bring it back: the thread's Yjs updates (one purge) and the messages
 * of the erased events this instance published (by their stream sequence).
 */
function eraseFromStreams(bridge: NatsBridge, events: EventStore, seqs: NatsSeqs, log: ServerLog): void {
  events.onErased(({ projectId, conversationId, ids }) => {
    const published = seqs.take(ids);
    if (published.length > 0)
      void bridge.deleteEvents(published).catch((error) => log.warn({ err: error }, ERASE_FAILED));
    if (projectId === undefined) return;
    void bridge
      .purgeYjs(threadDocOf(projectId, conversationId))
      .catch((error) => log.warn({ err: error }, ERASE_FAILED));
  });
}
