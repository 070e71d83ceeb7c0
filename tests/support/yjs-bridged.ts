/** A relay server joined to a NATS bridge (one "server instance" of a scaled-out deployment) for tests. */
import { randomBytes } from 'node:crypto';
import { createUlidFactory } from '../../core/lib/ulid';
import type { EventEnvelope } from '../../spec';
import { connectRelayToBridge } from '../../sync-server/bridge/connect-relay';
import { parseNatsConfig } from '../../sync-server/bridge/config';
import { createNatsBridge } from '../../sync-server/bridge/nats-bridge';
import type { NatsBridge } from '../../sync-server/bridge/types';
import { quietLog, startRelayServer, type RelayServer } from './yjs-relay-server';

export interface BridgedInstance {
  server: RelayServer;
  bridge: NatsBridge;
  close(): Promise<void>;
}

/** Fast reconnects so tests see NATS come back quickly; -1 = never give up. */
export function testNatsEnv(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return { NATS_URL: url, NATS_RECONNECT_WAIT_MS: '200', NATS_RECONNECT_JITTER_MS: '100', ...extra };
}

/** Starts relay + bridge on `dbPath` (same path again = restart of that instance). */
export async function startBridgedInstance(
  dbPath: string,
  natsUrl: string,
  serverId: string,
  port?: number,
): Promise<BridgedInstance> {
  const server = await startRelayServer(dbPath, port === undefined ? {} : { port });
  const bridge = createNatsBridge({ config: parseNatsConfig(testNatsEnv(natsUrl)), serverId, log: quietLog });
  connectRelayToBridge(server.relay, bridge);
  return {
    server,
    bridge,
    close: async () => {
      await bridge.close();
      await server.close();
    },
  };
}

const newUlid = createUlidFactory(Date.now, (n) => new Uint8Array(randomBytes(n)));

/** A valid envelope of `kind` for `project`. */
export function testEvent(kind: string, project?: string): EventEnvelope {
  return {
    id: newUlid(),
    time: new Date().toISOString(),
    kind,
    v: 1,
    actor: 'test',
    payload: {},
    ...(project ? { project_id: project } : {}),
  };
}
