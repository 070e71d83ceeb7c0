/**
 * Assembles one server instance: the gated HTTP surface and journal (buildServer),
 * the Yjs relay on `/yjs/:doc` (sync scope `yjs:connect`; a project-scoped token
 * reaches only docs named `<project>/…`), and, when NATS_URL is set, the JetStream
 * bridge that shares events and Yjs updates with the other instances.
 */
import { randomBytes } from 'node:crypto';
import { createUlidFactory } from '../core/lib/ulid';
import { isoTime } from '../core/lib/clock';
import { buildServer, type AppDeps, type ServerParts } from './app';
import { bridgeHealthPayload, connectRelayToBridge, createNatsBridge, type NatsBridge } from './bridge';
import { createEventPump, type EventPump } from './bridge/event-pump';
import { appendVerdict } from './bridge/remote-message';
import { createYjsRelay, type YjsRelay } from './relay';
import { parseDocName, projectOfDoc } from './relay/doc-name';
import { createYjsStore } from './storage/yjs-store';

export { projectOfDoc } from './relay/doc-name';

export interface ComposedServer {
  parts: ServerParts;
  relay: YjsRelay;
  bridge: NatsBridge | undefined;
  close(): Promise<void>;
}

type Log = { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };

const consoleLog: Log = {
  info: () => undefined,
  warn: (obj, msg) => console.warn(`[arw] ${msg ?? ''}`, JSON.stringify(obj)),
  error: (obj, msg) => console.error(`[arw] ${msg ?? ''}`, JSON.stringify(obj)),
};

export function composeServer(deps: AppDeps & { log?: Log }): ComposedServer {
  const log = deps.log ?? consoleLog;
  const parts = buildServer(deps);
  const relay = createYjsRelay({ store: createYjsStore(parts.db), log, maxBufferedBytes: parts.config.ARW_YJS_MAX_BUFFERED_BYTES });
  parts.registry.upgrade(
    {
      path: '/yjs/:doc',
      gate: { sync: 'yjs:connect' },
      gatingKey: 'yjs:connect',
      description: 'WebSocket: y-websocket protocol (sync + awareness) for one document; ?token=; docs are named <project>/<name>.',
      channel: 'yjs',
      maxPayload: relay.maxFrameBytes,
      params: (raw) => parseDocName(raw['doc'] ?? ''),
      project: ({ doc }) => projectOfDoc(doc),
      projectRequired: 'this token reaches only some projects: name documents <project>/<name>',
    },
    (ws, { params, principal }) => relay.handleConnection(ws, params.doc, { id: principal.id, label: principal.label }),
  );
  const docsGauge = setInterval(() => parts.metrics.setYjsDocs(relay.loadedDocs().length), 5_000);
  docsGauge.unref();

  let bridge: NatsBridge | undefined;
  let pump: EventPump | undefined;
  if (parts.config.NATS_URL) ({ bridge, pump } = bridgeJournal(parts, relay, log));

  return {
    parts,
    relay,
    bridge,
    close: async () => {
      clearInterval(docsGauge);
      pump?.stop();
      await bridge?.close();
      relay.close();
    },
  };
}

/**
 * Publishes local events (from a persisted cursor over the journal, see event-pump.ts)
 * and Yjs updates to NATS, stores remote ones, and records the bridge's health.
 */
function bridgeJournal(parts: ServerParts, relay: YjsRelay, log: Log): { bridge: NatsBridge; pump: EventPump } {
  const newId = createUlidFactory(Date.now, (n) => randomBytes(n));
  const recordHealth = (payload: ReturnType<typeof bridgeHealthPayload>) => {
    const event = { id: newId(), time: isoTime(Date.now()), kind: 'runtime.health', v: 1, actor: `server:${parts.serverId}`, payload };
    parts.journal.events.append([event], { origin: 'server' });
  };
  let pump: EventPump | undefined;
  const bridge = createNatsBridge({
    config: parts.config,
    serverId: parts.serverId,
    log,
    onState: (state, health) => {
      parts.setNatsState(state);
      recordHealth(bridgeHealthPayload(health));
      if (state === 'connected') pump?.kick();
    },
    // A refused event is poison (terminated, counted); a throw from the store is retried.
    onRemoteEvent: (event) => appendVerdict(parts.journal.events.append([event], { origin: 'nats' })),
    onPoison: (stream, reason) => parts.metrics.natsPoison(stream, reason),
  });
  pump = createEventPump({ db: parts.db, bridge, serverId: parts.serverId, onError: (error) => log.warn({ err: String(error) }, 'NATS event pump failed; retrying') });
  parts.journal.events.onAppended((_events, { origin }) => {
    if (origin !== 'nats') pump?.kick();
  });
  connectRelayToBridge(relay, bridge);
  pump.kick();
  return { bridge, pump };
}
