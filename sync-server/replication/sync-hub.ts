/**
 * The /sync hub: owns every replication connection and fans out each stored event to
 * the feeds that want it, whichever connection (or the NATS bridge) stored it. Framework
 * independent: the caller upgrades the HTTP request and authenticates the token.
 */
import type { WebSocket } from 'ws';
import { openConnection, type SyncConnection } from './connection';
import type { SyncHubDeps, SyncPrincipal } from './types';

export type { SyncHubDeps, SyncPrincipal } from './types';

export interface SyncHub {
  /** Serves the protocol on an upgraded socket for an authenticated principal. */
  handleConnection(ws: WebSocket, principal: SyncPrincipal): void;
  /** Open connections. */
  connectionCount(): number;
  /** Stops fan-out and closes every connection (1001 going away). */
  close(): void;
}

/** Period of the ping that finds dead sockets (a vanished device keeps no feed alive). */
export const HEARTBEAT_MS = 30_000;

/** Creates a hub over `deps.store`; it listens to the store until `close()`. */
export function createSyncHub(deps: SyncHubDeps & { heartbeatMs?: number }): SyncHub {
  const connections = new Map<string, SyncConnection>();
  let counter = 0;
  const heartbeat = setInterval(() => {
    for (const connection of connections.values()) connection.heartbeat();
  }, deps.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  const unsubscribe = deps.store.onAppended((events, note) => {
    for (const connection of connections.values()) connection.offer(events, note.source);
  });

  return {
    handleConnection(ws, principal) {
      const id = `sync-${++counter}`;
      const connection = openConnection(deps, ws, principal, id, () => connections.delete(id));
      connections.set(id, connection);
      deps.log.info(
        principal.device === undefined ? { sync: id } : { sync: id, device: principal.device },
        'sync connected',
      );
    },
    connectionCount: () => connections.size,
    close() {
      clearInterval(heartbeat);
      unsubscribe();
      for (const connection of connections.values()) connection.close(1001, 'server shutting down');
      connections.clear();
    },
  };
}
